// research/research_command.cpp — see research_command.hpp.
#include "robo/research/research_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <ostream>

#include "robo/research/research_text.hpp"
#include "robo/session/plan.hpp"

namespace robo::research {
namespace {

std::atomic<bool> ctrl_c{false};
extern "C" void on_ctrl_c(int signo) {
    ctrl_c.store(true);
    std::signal(signo, SIG_DFL);
}

// --resume DIR continues in DIR; an --out naming another folder is a contradiction.
std::filesystem::path folder(const ResearchFlags& f, std::string_view what) {
    if (f.resume.empty()) return f.base.out;
    if (f.was_given("--out") && f.base.out != f.resume)
        throw std::invalid_argument("--resume " + f.resume + " and --out " + f.base.out + ": a resumed " +
                                    std::string(what) + " continues in its own folder");
    return f.resume;
}

}  // namespace

const std::atomic<bool>* stop_on_ctrl_c() {
    std::signal(SIGINT, on_ctrl_c);
    std::signal(SIGTERM, on_ctrl_c);
    return &ctrl_c;
}

bool ResearchFlags::was_given(std::string_view flag) const {
    return std::find(given.begin(), given.end(), flag) != given.end();
}

SweepRequest sweep_request(const ResearchFlags& f) {
    // Flags of `backtest` that have no meaning for runs of one strategy each, unrecorded.
    for (const char* flag : {"--combine", "--no-record"})
        if (f.was_given(flag))
            throw std::invalid_argument(
                std::string(flag) + ": not for a sweep (each run is one strategy; --db records the sweep)");
    SweepRequest r;
    r.base = f.base;
    r.grids = r.base.strategies;
    r.base.strategies.clear();
    r.base.db.reset();
    r.base.out.clear();
    r.objective = parse_objective(f.objective);
    r.search = parse_search(f.search);
    if (f.was_given("--seed") && r.search != Search::random)
        throw std::invalid_argument("--seed: only with --search random");
    r.budget = f.budget;
    r.seed = f.seed;
    r.jobs = f.jobs;
    r.partitions = f.partitions;
    return r;
}

int run_sweep_command(const config::LoadResult& config, const ResearchFlags& f, const std::atomic<bool>* stop,
                      std::ostream& out, std::ostream& err) {
    SweepJob job;
    try {
        job.request = sweep_request(f);
        job.keep = f.keep;
        job.out = folder(f, "sweep");
        job.resume = !f.resume.empty();
        if (f.base.db) job.db = session::database_or_configured(config, *f.base.db);
        configure_research_log(config, job.out, "sweep");
        job.stop = stop;
        ProgressLine progress("sweep: runs", err);
        const auto o = run_sweep(config, job, [&](size_t d, size_t t, double s) {
            if (!f.quiet) progress(d, t, s);
        });
        out << describe_sweep(job, o);
        return 0;
    } catch (const Interrupted& e) {
        err << "\nrobo_trader sweep: " << e.what() << "; the finished runs are in "
            << (job.out / "runs.jsonl").string() << ": the same command with --resume " << job.out.string()
            << " runs the rest\n";
        return 130;
    } catch (const std::exception& e) {
        err << "\nrobo_trader sweep: " << e.what() << "\n";
        return 1;
    }
}

int run_walkforward_command(const config::LoadResult& config, const ResearchFlags& f,
                            const std::atomic<bool>* stop, std::ostream& out, std::ostream& err) {
    std::filesystem::path dir = f.resume.empty() ? f.base.out : f.resume;
    try {
        if (f.base.db)
            throw std::invalid_argument(
                "--db: a walk-forward is not recorded; `robo_trader sweep --db` records a sweep");
        WalkForwardRequest request;
        request.sweep = sweep_request(f);
        request.train = f.train;
        request.test = f.test;
        request.anchored = f.anchored;
        dir = folder(f, "walk-forward");
        request.resume = !f.resume.empty();
        configure_research_log(config, dir, "walkforward");
        request.stop = stop;
        ProgressLine progress("walkforward: windows", err);
        const auto start = std::chrono::steady_clock::now();
        const auto r = run_walkforward(config, request, dir, [&](size_t d, size_t t) {
            if (!f.quiet)
                progress(d, t,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        });
        out << describe_walkforward(request, r, dir);
        return 0;
    } catch (const Interrupted& e) {
        err << "\nrobo_trader walkforward: " << e.what() << "; the finished runs are journaled in "
            << dir.string() << "/windows: the same command with --resume " << dir.string()
            << " runs the rest\n";
        return 130;
    } catch (const std::exception& e) {
        err << "\nrobo_trader walkforward: " << e.what() << "\n";
        return 1;
    }
}

void ProgressLine::operator()(size_t done, size_t total, double seconds) {
    if (done < total && seconds - last_ < 0.5) return;
    last_ = seconds;
    const double rate = seconds > 0 ? double(done) / seconds : 0;
    const std::string eta = rate > 0 ? fmt::format("ETA {:.0f} s", double(total - done) / rate) : "ETA -";
    err_ << fmt::format("\r  {} {}/{}  {:.1f}/s  {}   {}", what_, done, total, rate, eta,
                        done == total ? "\n" : "")
         << std::flush;
}

}  // namespace robo::research
