// apps/cmd_sweep.cpp — `robo_trader sweep`: a strategy's parameter grid (or a random draw of
// it) run as backtests on data read once, on every core; writes results.csv, summary.json,
// report.html and the best runs' backtest outputs into --out, and prints the best run and
// how likely it is luck. Exit status 0 when it finished (failed runs are rows), 1 on bad input,
// 130 when Ctrl-C stopped it (the finished runs are kept for --resume).
#include <iostream>

#include "command_registry.hpp"
#include "robo/research/research_text.hpp"
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
        research::configure_research_log(config, job.out, "sweep");
        job.stop = stop_on_ctrl_c();
        ProgressLine progress("sweep: runs");
        const auto o = research::run_sweep(config, job, [&](size_t d, size_t t, double s) {
            if (!f.sweep.run.quiet) progress(d, t, s);
        });
        std::cout << research::describe_sweep(job, o);
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
