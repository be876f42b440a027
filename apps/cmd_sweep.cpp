// apps/cmd_sweep.cpp — `robo_trader sweep`: a strategy's parameter grid (or a random draw of
// it) run as backtests on data read once, on every core; writes results.csv, summary.json,
// report.html and the best runs' backtest outputs into --out, and prints the best run and
// how likely it is luck. Exit status 0 when it finished (failed runs are rows), 1 on bad input,
// 130 when Ctrl-C stopped it (the finished runs are kept for --resume).
#include <fmt/format.h>

#include <iostream>

#include "command_registry.hpp"
#include "robo/research/sweep_job.hpp"
#include "robo/research/sweep_report.hpp"
#include "robo/session/plan.hpp"
#include "sweep_flags.hpp"

namespace robo::apps {
namespace {

struct Flags {
    SweepFlags sweep;
    size_t keep = 3;
    std::string resume;
};

int run_sweep_command(const CLI::App& cmd, const Flags& f) {
    try {
        research::SweepJob job;
        job.request = sweep_request(cmd, f.sweep);
        job.keep = f.keep;
        job.out = f.sweep.run.request.out;
        if (!f.resume.empty()) {
            if (cmd.count("--out") && job.out != f.resume)
                throw std::invalid_argument("--resume " + f.resume + " and --out " + job.out.string() +
                                            ": a resumed sweep continues in its own folder");
            job.out = f.resume;
            job.resume = true;
        }
        const auto config = load_config(f.sweep.run.config, "sweep");
        if (f.sweep.run.request.db) job.db = session::database_or_configured(config, *f.sweep.run.request.db);
        log_into(config, job.out, "sweep");
        job.stop = stop_on_ctrl_c();
        ProgressLine progress("sweep: runs");
        const auto o = research::run_sweep(config, job, [&](size_t d, size_t t, double s) {
            if (!f.sweep.run.quiet) progress(d, t, s);
        });
        const auto& s = o.summary;
        std::cout << fmt::format("robo_trader sweep: {} runs ({} finished, {} failed, {} skipped{})\n",
                                 s.runs, s.ok, s.failed, s.skipped,
                                 o.resumed ? fmt::format(", {} from the journal", o.resumed) : "");
        if (s.best) {
            const auto& b = o.runs[*s.best];
            std::string params;
            for (const auto& [k, v] : b.params) params += fmt::format(" {}={}", k, v);
            std::cout << fmt::format(
                "  best by {}: {} {}{}: {} {:.4f}, total return {}, max drawdown {}, {} trades\n",
                research::to_string(s.objective), b.id, b.strategy, params, research::to_string(s.objective),
                research::objective_value(s.objective, b.metrics), report::percent(b.metrics.total_return),
                report::percent(b.metrics.max_drawdown), b.metrics.trades);
        }
        std::cout << fmt::format("  deflated Sharpe ratio {}: {}\n",
                                 report::number(s.deflated_sharpe.value, 3),
                                 research::explain_deflated_sharpe(s.deflated_sharpe));
        std::cout << fmt::format("  probability of backtest overfitting {}: {}\n",
                                 report::number(s.pbo.value, 3), research::explain_pbo(s.pbo));
        const auto& out = job.out;
        std::cout << "\n  results " << (out / "results.csv").string() << "\n  summary "
                  << (out / "summary.json").string() << "\n  report  " << (out / "report.html").string()
                  << "\n";
        for (const auto& k : o.kept) std::cout << "  best    " << k.string() << "\n";
        if (job.db) std::cout << "  db      " << job.db->string() << " (sweep " << o.sweep_id << ")\n";
        return 0;
    } catch (const research::Interrupted& e) {
        std::cerr << "\nrobo_trader sweep: " << e.what() << "; the finished runs are in "
                  << (std::filesystem::path(f.resume.empty() ? f.sweep.run.request.out : f.resume) /
                      "runs.jsonl")
                         .string()
                  << ": the same command with --resume "
                  << (f.resume.empty() ? f.sweep.run.request.out : f.resume) << " runs the rest\n";
        return 130;
    } catch (const std::exception& e) {
        std::cerr << "\nrobo_trader sweep: " << e.what() << "\n";
        return 1;
    }
}

CommandRegistration sweep_command{
    "sweep",
    "Run a strategy's parameter grid as backtests on every core; results, report and overfitting statistics",
    [](CLI::App& cmd) {
        auto f = std::make_shared<Flags>();
        f->sweep.run.request.out = "sweep-out";
        add_sweep_options(cmd, f->sweep);
        cmd.add_option("--keep", f->keep, "Best runs that get the full backtest outputs in DIR/best/<run id>")
            ->capture_default_str();
        cmd.add_option("--resume", f->resume,
                       "Continue the sweep in DIR: runs its journal holds are not run again; the results are "
                       "those of an uninterrupted sweep");
        return [f, &cmd]() -> int { return run_sweep_command(cmd, *f); };
    }};

}  // namespace
}  // namespace robo::apps
