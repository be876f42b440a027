// research/sweep_job.cpp — see sweep_job.hpp.
#include "robo/research/sweep_job.hpp"

#include <fmt/format.h>

#include <sstream>

#include "robo/research/shared_data.hpp"
#include "robo/research/sweep_files.hpp"
#include "robo/research/sweep_report.hpp"
#include "robo/research/sweep_store.hpp"
#include "robo/session/builder.hpp"

namespace robo::research {
namespace {

std::string search_name(Search s) { return s == Search::grid ? "grid" : "random"; }

// The best runs again, writing what `backtest --out DIR/best/<id>` writes.
std::vector<std::filesystem::path> keep_best(Sweep& sweep, const SweepOutcome& o, size_t keep,
                                             const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> kept;
    for (size_t k = 0; k < o.summary.ranking.size() && k < keep; ++k) {
        const size_t i = o.summary.ranking[k];
        session::SessionRequest r = sweep.run_request(sweep.runs()[i]);
        r.write_files = true;
        r.out = (dir / "best" / sweep.runs()[i].id).string();
        auto plan = sweep.run_plan(r);
        auto data = sweep.data().get(plan);
        session::SessionBuilder b(std::move(plan), std::move(data));
        std::ostringstream quiet;
        b.assemble(quiet);
        b.run(quiet);
        kept.push_back(r.out);
    }
    return kept;
}

std::vector<std::pair<std::string, std::string>> facts(const Sweep& sweep, const SweepOutcome& o) {
    const auto& q = sweep.request();
    std::string grids;
    for (const auto& g : q.grids) grids += (grids.empty() ? "" : "; ") + g;
    std::vector<std::pair<std::string, std::string>> f{
        {"strategies", grids},
        {"search", q.search == Search::grid
                       ? "grid, every combination"
                       : fmt::format("random, {} of the combinations, seed {}", q.budget, q.seed)},
        {"objective", std::string(to_string(q.objective))},
        {"data", q.base.data.value_or("DATA_DIR")},
        {"period", (q.base.from.empty() ? "start of data" : q.base.from) + " .. " +
                       (q.base.to.empty() ? "end of data" : q.base.to)},
        {"runs", fmt::format("{} ({} finished, {} failed, {} skipped)", o.summary.runs, o.summary.ok,
                             o.summary.failed, o.summary.skipped)}};
    if (o.summary.best) {
        const RunRecord& b = o.runs[*o.summary.best];
        std::string p;
        for (const auto& [k, v] : b.params) {
            if (!p.empty()) p += ", ";
            p.append(k).append("=").append(v);
        }
        f.push_back({"best run", b.id + " " + b.strategy + " " + p});
    }
    return f;
}

}  // namespace

nlohmann::json sweep_definition(const Sweep& sweep) {
    const auto& q = sweep.request();
    nlohmann::json settings = nullptr;
    for (const auto& r : sweep.runs())
        if (!r.skip) {
            settings = session::plan_session(sweep.config(), sweep.run_request(r)).to_json();
            settings.erase("strategies");
            break;
        }
    return {{"grids", q.grids},
            {"search", search_name(q.search)},
            {"budget", q.budget},
            {"seed", q.seed},
            {"settings", settings}};
}

SweepOutcome summarize_runs(const Sweep& sweep, std::vector<RunRecord> runs) {
    SweepOutcome o;
    o.runs = std::move(runs);
    o.summary = summarize(o.runs, sweep.request().objective, sweep.request().partitions);
    o.summary_file = summary_json(o.summary, o.runs);
    o.summary_file["search"] = search_name(sweep.request().search);
    o.summary_file["grids"] = sweep.request().grids;
    return o;
}

SweepOutcome run_sweep(const config::LoadResult& config, const SweepJob& job, const ProgressFn& progress) {
    if (job.out.empty()) throw std::invalid_argument("a sweep needs --out DIR for its files");
    Sweep sweep(config, job.request);
    const nlohmann::json definition = sweep_definition(sweep);
    std::filesystem::create_directories(job.out);
    Journal journal(job.out, definition, job.resume, sweep.curve_policy());
    const size_t resumed = journal.done().size();
    auto runs = sweep.run(
        journal.done(), progress, [&](const RunRecord& r) { journal.append(r); }, job.stop);
    SweepOutcome o = summarize_runs(sweep, std::move(runs));
    o.resumed = resumed;
    write_results_csv(job.out / "results.csv", sweep.param_names(), o.runs);
    o.kept = keep_best(sweep, o, job.keep, job.out);
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& k : o.kept) kept.push_back(std::filesystem::relative(k, job.out).string());
    o.summary_file["kept"] = kept;
    write_json(job.out / "summary.json", o.summary_file);
    ReportInput in{
        "Sweep: " + sweep.grids().front().strategy, facts(sweep, o), &sweep, &o.runs, &o.summary, nullptr};
    write_sweep_report(job.out / "report.html", in);
    if (job.db) o.sweep_id = record_sweep(*job.db, "sweep", definition, o.summary, o.summary_file, o.runs);
    return o;
}

WalkForwardResult run_walkforward(const config::LoadResult& config, const WalkForwardRequest& request,
                                  const std::filesystem::path& out, const WindowProgressFn& progress) {
    if (out.empty()) throw std::invalid_argument("a walk-forward needs --out DIR for its files");
    WalkForwardRequest journaled = request;
    journaled.journal = out;
    auto r = walk_forward(config, journaled, progress);
    write_oos_equity_csv(out / "oos_equity.csv", r);
    nlohmann::json summary{{"objective", to_string(r.objective)},
                           {"grids", request.sweep.grids},
                           {"train", request.train},
                           {"test", request.test},
                           {"anchored", request.anchored},
                           {"walkforward", walkforward_json(r)}};
    write_json(out / "summary.json", summary);
    std::string grids;
    for (const auto& g : request.sweep.grids) grids += (grids.empty() ? "" : "; ") + g;
    ReportInput in{"Walk-forward: " + grids,
                   {{"strategies", grids},
                    {"objective", std::string(to_string(r.objective))},
                    {"windows", fmt::format("train {}, test {}, {}", request.train, request.test,
                                            request.anchored ? "anchored" : "rolling")},
                    {"data", request.sweep.base.data.value_or("DATA_DIR")}},
                   nullptr,
                   nullptr,
                   nullptr,
                   &r};
    write_sweep_report(out / "report.html", in);
    return r;
}

}  // namespace robo::research
