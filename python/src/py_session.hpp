// python/src/py_session.hpp — data loaded once and sessions run on it, for Python.
//
// Every session is built by the library's session builder from one loaded configuration
// and one request (session/plan.hpp), exactly as the command line builds it: a keyword
// argument is its flag, an option keyword is `--set KEY=VALUE`. The engine runs with the
// GIL released; a Python strategy takes it for each callback (py_strategy.hpp).
#pragma once
#include <pybind11/pybind11.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "py_strategy.hpp"
#include "robo/config/loader.hpp"
#include "robo/session/builder.hpp"

namespace robo::python {

// Where the configuration comes from: files and `KEY=VALUE` overrides.
struct ConfigSource {
    std::optional<std::string> env_file, config_file;
    std::vector<std::string> overrides;
    // Throws ValueError listing every configuration error; warnings go to Python's warnings.
    config::LoadResult load() const;
};

// rt.load_data's result: market data loaded and checked once, shared read-only by every
// session run on it.
struct PyData {
    session::SessionRequest selection;  // data or db, symbols, from, to, time zone
    ConfigSource config;
    int warmup = 0;  // bars per series loaded before `from`
    std::shared_ptr<const engine::LoadedFeed> loaded;
};

// One finished session: the builder (which holds the session's ledger and orders), the outcome
// and the lines the session's resources printed.
struct PySession {
    std::unique_ptr<session::SessionBuilder> builder;
    session::Outcome outcome;
    std::shared_ptr<SessionHooks> hooks;
    std::string messages;
};

void bind_sessions(pybind11::module_& m);

}  // namespace robo::python
