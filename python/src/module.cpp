// python/src/module.cpp — robo_trader._core, the compiled half of the robo_trader package.
// The public names live in python/robo_trader/__init__.py; this module is its engine room.
#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "robo_trader's engine: data, strategies and sessions (use the robo_trader package)";
    robo::python::bind_session(m);
    bind_research(m);
}
