// python/src/research_bindings.cpp — the research runner's bindings (sweeps, walk-forward).
// Empty until the research runner fills it; module.cpp calls it after the session bindings,
// so it may use every type they register.
#include "bindings.hpp"

void bind_research(pybind11::module_& /*m*/) {}
