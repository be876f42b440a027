// python/src/bindings.hpp — the parts of the robo_trader._core module, each bound by its own
// file so that the research runner's bindings and the session's grow apart.
#pragma once
#include <pybind11/pybind11.h>

namespace robo::python {

// Data, strategies, contexts and sessions (session_bindings.cpp and the files it names).
void bind_session(pybind11::module_& m);

}  // namespace robo::python

// The research runner's bindings (research_bindings.cpp, owned by the research runner).
void bind_research(pybind11::module_& m);
