// research/research_text.cpp — see research_text.hpp.
#include "robo/research/research_text.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "robo/config/report.hpp"
#include "robo/log/log.hpp"
#include "robo/report/metrics.hpp"
#include "robo/research/sweep_report.hpp"

namespace robo::research {
namespace {

std::string params_text(const RunRecord& r) {
    std::string s;
    for (const auto& [k, v] : r.params) s += fmt::format(" {}={}", k, v);
    return s;
}

}  // namespace

Search parse_search(std::string_view text) {
    if (text == "grid") return Search::grid;
    if (text == "random") return Search::random;
    throw std::invalid_argument(fmt::format("--search \"{}\": expected grid or random", text));
}

void configure_research_log(const config::LoadResult& config, const std::filesystem::path& dir,
                            std::string_view command) {
    auto options = config::log_options(config.config);
    if (options.file.empty()) options.file = dir / (std::string(command) + ".log");
    const auto* level = config.value("LOG_LEVEL");
    if (!level || level->source.kind == config::Source::Kind::default_value ||
        level->source.kind == config::Source::Kind::preset)
        options.level = log::Level::off;
    if (options.file.has_parent_path()) std::filesystem::create_directories(options.file.parent_path());
    log::configure(options);
}

std::string describe_sweep(const SweepJob& job, const SweepOutcome& o) {
    const auto& s = o.summary;
    std::string t =
        fmt::format("robo_trader sweep: {} runs ({} finished, {} failed, {} skipped{})\n", s.runs, s.ok,
                    s.failed, s.skipped, o.resumed ? fmt::format(", {} from the journal", o.resumed) : "");
    if (s.best) {
        const auto& b = o.runs[*s.best];
        t += fmt::format("  best by {}: {} {}{}: {} {:.4f}, total return {}, max drawdown {}, {} trades\n",
                         to_string(s.objective), b.id, b.strategy, params_text(b), to_string(s.objective),
                         objective_value(s.objective, b.metrics), report::percent(b.metrics.total_return),
                         report::percent(b.metrics.max_drawdown), b.metrics.trades);
    }
    t += fmt::format("  deflated Sharpe ratio {}: {}\n", report::number(s.deflated_sharpe.value, 3),
                     explain_deflated_sharpe(s.deflated_sharpe));
    t += fmt::format("  probability of backtest overfitting {}: {}\n", report::number(s.pbo.value, 3),
                     explain_pbo(s.pbo));
    t += fmt::format("\n  results {}\n  summary {}\n  report  {}\n", (job.out / "results.csv").string(),
                     (job.out / "summary.json").string(), (job.out / "report.html").string());
    for (const auto& k : o.kept) t += "  best    " + k.string() + "\n";
    if (job.db) t += fmt::format("  db      {} (sweep {})\n", job.db->string(), o.sweep_id);
    return t;
}

std::string describe_walkforward(const WalkForwardRequest& request, const WalkForwardResult& r,
                                 const std::filesystem::path& out) {
    std::string t = fmt::format("robo_trader walkforward: {} windows, train {}, test {} ({}), objective {}\n",
                                r.windows.size(), request.train, request.test,
                                request.anchored ? "anchored" : "rolling", to_string(r.objective));
    for (const auto& w : r.windows)
        t += fmt::format("  {:>2}  train {} .. {}  test {} .. {}  {:<24} IS {:>8}  OOS {:>8}{}\n",
                         w.index + 1, w.train_from, w.train_to, w.test_from, w.test_to,
                         w.chosen ? params_text(*w.chosen) : w.note, report::number(w.is_objective, 3),
                         report::number(w.oos_objective, 3),
                         w.params_changed ? fmt::format("  ({} changed)", w.params_changed) : "");
    t += fmt::format("  out of sample: total return {}, Sharpe {}; stability {}\n",
                     report::percent(r.oos_total_return), report::number(r.oos_sharpe),
                     report::number(r.stability));
    t += fmt::format("\n  equity  {}\n  summary {}\n  report  {}\n", (out / "oos_equity.csv").string(),
                     (out / "summary.json").string(), (out / "report.html").string());
    return t;
}

}  // namespace robo::research
