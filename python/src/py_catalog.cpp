// python/src/py_catalog.cpp — rt.strategies(): the built-in strategies and their parameters,
// read from the schema each strategy registers (strategy/schema.hpp), the same source as
// `robo_trader strategies`, the "name:key=value" parser and the research runner.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "robo/strategy/schema.hpp"

namespace py = pybind11;

namespace robo::python {

void bind_catalog(py::module_& m) {
    m.def(
        "strategies",
        [] {
            py::dict out;
            for (const auto* info : strategy::registered_strategies()) {
                py::list params;
                for (const auto& p : info->params) {
                    py::dict d;
                    d["name"] = p.name;
                    d["type"] = std::string(to_string(p.type));
                    d["default"] = p.default_value;
                    d["min"] =
                        p.type == strategy::ParamType::flag ? py::object(py::none()) : py::float_(p.min);
                    d["max"] =
                        p.type == strategy::ParamType::flag ? py::object(py::none()) : py::float_(p.max);
                    d["description"] = p.description;
                    params.append(d);
                }
                py::dict s;
                s["description"] = info->description;
                s["aliases"] = info->aliases;
                s["params"] = params;
                out[py::str(info->name)] = s;
            }
            return out;
        },
        "The built-in strategies by name: description, aliases and parameters (name, type, default, "
        "inclusive bounds, description), from the schema each registers");
}

}  // namespace robo::python
