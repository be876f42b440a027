// python/src/py_request.hpp — a Python keyword dictionary as a session::SessionRequest.
//
// Keys are the request's field names (robo_trader/_session.py maps the public keyword
// arguments onto them); a value of the wrong type is a TypeError naming the keyword and
// what it expects, an unknown key a TypeError naming it. Values are checked by the plan
// (session::plan_session) afterwards, exactly as the command line's flags are.
#pragma once
#include <pybind11/pybind11.h>

#include "robo/session/request.hpp"

namespace robo::python {

void apply_request(const pybind11::dict& fields, session::SessionRequest& request, const char* caller);

}  // namespace robo::python
