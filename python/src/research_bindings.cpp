// python/src/research_bindings.cpp — the research runner for Python (robo_trader/research.py):
// a sweep run here on every core, or its runs handed out in batches to Dask workers.
//
// A sweep travels as one JSON text (the spec: request fields as rt.backtest takes them, the
// configuration's files and overrides, the grids, objective, search and threads), so a
// worker builds exactly the sweep the client planned. Each worker process keeps the last
// sweep it was given (its data read once) for the following batches of the same spec.
// Runs go back as exact JSON records (research/run_record.hpp); the client orders them by
// run id and summarises, so the rows and summary equal the local sweep's. The engine runs
// with the GIL released.
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bindings.hpp"
#include "py_request.hpp"
#include "py_session.hpp"
#include "robo/research/sweep_files.hpp"
#include "robo/research/sweep_job.hpp"

namespace py = pybind11;

namespace {
using namespace robo;

struct Spec {
    config::LoadResult config;
    research::SweepRequest request;
};

std::optional<std::string> text_or_none(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    return j.at(key).get<std::string>();
}

// Needs the GIL (the request's fields are checked as rt.backtest's keywords).
Spec spec_of(const std::string& text) {
    const auto j = nlohmann::json::parse(text);
    Spec s;
    python::ConfigSource source{text_or_none(j, "env_file"), text_or_none(j, "config"),
                                j.at("overrides").get<std::vector<std::string>>()};
    s.config = source.load();
    py::dict fields = py::module_::import("json").attr("loads")(j.at("fields").dump());
    python::apply_request(fields, s.request.base, "rt.sweep");
    s.request.grids = j.at("grids").get<std::vector<std::string>>();
    s.request.objective = research::parse_objective(j.at("objective").get<std::string>());
    const std::string search = j.at("search").get<std::string>();
    if (search != "grid" && search != "random")
        throw py::value_error("rt.sweep: search=\"" + search + "\": expected \"grid\" or \"random\"");
    s.request.search = search == "grid" ? research::Search::grid : research::Search::random;
    s.request.budget = j.at("budget").get<uint64_t>();
    s.request.seed = j.at("seed").get<uint64_t>();
    s.request.jobs = j.at("jobs").get<unsigned>();
    s.request.partitions = j.at("partitions").get<int>();
    return s;
}

// rows (JSON text), column names, summary (JSON text).
py::tuple findings(const research::Sweep& sweep, std::vector<research::RunRecord> runs) {
    const auto o = research::summarize_runs(sweep, std::move(runs));
    std::vector<std::string> columns{"run_id", "strategy"};
    for (const auto& p : sweep.param_names()) columns.push_back(p);
    for (const char* m : {"final_equity", "total_return", "cagr", "sharpe", "sortino", "max_drawdown",
                          "calmar", "trades", "win_rate", "profit_factor", "exposure", "status", "reason"})
        columns.push_back(m);
    return py::make_tuple(research::results_rows(sweep.param_names(), o.runs).dump(), columns,
                          o.summary_file.dump());
}

// The worker's sweep, kept for the next batch of the same spec.
struct WorkerSweep {
    std::mutex mutex;
    std::string key;
    std::shared_ptr<research::Sweep> sweep;
};
WorkerSweep& worker_sweep() {
    static WorkerSweep w;
    return w;
}

std::shared_ptr<research::Sweep> sweep_for(const std::string& text) {
    auto& w = worker_sweep();
    std::lock_guard lock(w.mutex);
    if (w.key != text || !w.sweep) {
        Spec s = spec_of(text);
        auto sweep = std::make_shared<research::Sweep>(s.config, s.request);
        py::gil_scoped_release release;
        sweep->data();  // read once, here, before any thread runs on it
        w.sweep = std::move(sweep);
        w.key = text;
    }
    return w.sweep;
}

}  // namespace

void bind_research(py::module_& m) {
    m.def(
        "_sweep_local",
        [](const std::string& text) {
            Spec s = spec_of(text);
            research::Sweep sweep(s.config, s.request);
            std::vector<research::RunRecord> runs;
            {
                py::gil_scoped_release release;
                runs = sweep.run();
            }
            return findings(sweep, std::move(runs));
        },
        "A sweep on this machine's cores: (rows JSON, columns, summary JSON)");
    m.def(
        "_sweep_plan",
        [](const std::string& text) {
            Spec s = spec_of(text);
            research::Sweep sweep(s.config, s.request);
            std::vector<std::string> ids;
            for (const auto& r : sweep.runs()) ids.push_back(r.id);
            return ids;
        },
        "The run ids of a sweep, checked (grids, settings) before anything runs");
    m.def(
        "_sweep_run",
        [](const std::string& text, const std::vector<std::string>& ids) {
            auto sweep = sweep_for(text);
            std::map<std::string, const research::PlannedRun*> by_id;
            for (const auto& r : sweep->runs()) by_id[r.id] = &r;
            std::vector<std::string> out;
            py::gil_scoped_release release;
            for (const auto& id : ids) {
                auto it = by_id.find(id);
                if (it == by_id.end())
                    throw std::invalid_argument("rt.sweep: no run " + id + " in this sweep");
                // The client needs the row and the returns' digest, not the curve: a worker's
                // answer stays small and the client's memory does not grow with the runs.
                auto rec = sweep->run_one(*it->second);
                research::keep_digest_only(rec, sweep->request().partitions);
                out.push_back(research::to_json(rec).dump());
            }
            return out;
        },
        "On a worker: these runs of the sweep, as JSON records");
    m.def(
        "_sweep_held",
        [] {
            auto& w = worker_sweep();
            std::lock_guard lock(w.mutex);
            return w.sweep ? w.sweep->runs().size() : size_t(0);
        },
        "Runs of the sweep this process holds for its next batches (0: none)");
    m.def(
        "_sweep_summarize",
        [](const std::string& text, const std::vector<std::string>& records) {
            Spec s = spec_of(text);
            research::Sweep sweep(s.config, s.request);
            std::map<std::string, research::RunRecord> by_id;
            for (const auto& r : records) {
                auto rec = research::record_from_json(nlohmann::json::parse(r));
                by_id[rec.id] = std::move(rec);
            }
            std::vector<research::RunRecord> runs;
            for (const auto& r : sweep.runs()) {
                auto it = by_id.find(r.id);
                if (it == by_id.end())
                    throw std::runtime_error("rt.sweep: the workers returned no run " + r.id);
                runs.push_back(std::move(it->second));
            }
            return findings(sweep, std::move(runs));
        },
        "The rows and summary of a sweep from its runs' JSON records, in run-id order");
}
