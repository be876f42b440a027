// python/src/session_bindings.cpp — data, strategies and sessions for Python.
#include "bindings.hpp"

namespace robo::python {

void bind_session(pybind11::module_& m) { m.attr("__version__") = "0.1.0"; }

}  // namespace robo::python
