// apps/cmd_walkforward.cpp — `robo_trader walkforward`: optimise a strategy's grid on each
// training window, trade the choice on the window after it (warmed up on the data before
// it), stitch the out-of-sample equity; writes oos_equity.csv, summary.json and report.html
// into --out and prints the windows. Exit status 0 when it finished, 1 on bad input, 130 on Ctrl-C.
#include <chrono>
#include <iostream>

#include "command_registry.hpp"
#include "robo/research/research_text.hpp"
#include "sweep_flags.hpp"

namespace robo::apps {
namespace {

struct Flags {
    SweepFlags sweep;
    std::string train = "2y", test = "6m";
    bool anchored = false;
    std::string resume;
};

int run_walkforward_command(const CLI::App& cmd, const Flags& f) {
    try {
        if (f.sweep.run.request.db)
            throw std::invalid_argument(
                "--db: a walk-forward is not recorded; `robo_trader sweep --db` records a sweep");
        research::WalkForwardRequest request;
        request.sweep = sweep_request(cmd, f.sweep);
        request.train = f.train;
        request.test = f.test;
        request.anchored = f.anchored;
        const auto config = load_config(f.sweep.run.config, "walkforward");
        std::filesystem::path out = f.sweep.run.request.out;
        if (!f.resume.empty()) {
            if (cmd.count("--out") && out != f.resume)
                throw std::invalid_argument("--resume " + f.resume + " and --out " + out.string() +
                                            ": a resumed walk-forward continues in its own folder");
            out = f.resume;
            request.resume = true;
        }
        research::configure_research_log(config, out, "walkforward");
        request.stop = stop_on_ctrl_c();
        ProgressLine progress("walkforward: windows");
        const auto start = std::chrono::steady_clock::now();
        const auto r = research::run_walkforward(config, request, out, [&](size_t d, size_t t) {
            if (!f.sweep.run.quiet)
                progress(d, t,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        });
        std::cout << research::describe_walkforward(request, r, out);
        return 0;
    } catch (const research::Interrupted& e) {
        const std::string dir = f.resume.empty() ? f.sweep.run.request.out : f.resume;
        std::cerr << "\nrobo_trader walkforward: " << e.what() << "; the finished runs are journaled in "
                  << dir << "/windows: the same command with --resume " << dir << " runs the rest\n";
        return 130;
    } catch (const std::exception& e) {
        std::cerr << "\nrobo_trader walkforward: " << e.what() << "\n";
        return 1;
    }
}

CommandRegistration walkforward_command{
    "walkforward",
    "Optimise on each training window, trade the choice on the next window, stitch the out-of-sample equity",
    [](CLI::App& cmd) {
        auto f = std::make_shared<Flags>();
        f->sweep.run.request.out = "walkforward-out";
        add_sweep_options(cmd, f->sweep);
        cmd.add_option("--train", f->train, "Training window: a count and y, m, w or d (e.g. 2y)")
            ->capture_default_str();
        cmd.add_option("--test", f->test, "Test window after each training window (e.g. 6m)")
            ->capture_default_str();
        cmd.add_flag("--anchored", f->anchored, "Every training window starts at the first day (and grows)");
        cmd.add_option("--resume", f->resume,
                       "Continue the walk-forward in DIR: runs its windows' journals hold are not run again; "
                       "the results are those of an uninterrupted walk-forward");
        return [f, &cmd]() -> int { return run_walkforward_command(cmd, *f); };
    }};

}  // namespace
}  // namespace robo::apps
