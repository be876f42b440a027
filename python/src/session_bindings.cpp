// python/src/session_bindings.cpp — data, strategies and sessions for Python: the values
// handed to callbacks (py_values), the strategy context (py_context), data and sessions
// (py_session).
#include "bindings.hpp"
#include "py_session.hpp"
#include "py_values.hpp"

namespace robo::python {

void bind_session(pybind11::module_& m) {
    m.attr("__version__") = "0.1.0";
    bind_values(m);
    bind_strategy(m);
    bind_sessions(m);
}

}  // namespace robo::python
