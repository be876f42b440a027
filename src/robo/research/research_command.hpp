// research/research_command.hpp — `robo_trader sweep` and `robo_trader walkforward` from a
// loaded configuration and what the flags said to an exit status: which backtest flags a
// sweep refuses, how --resume and --out agree, the research log, the progress line, the
// words printed at the end and what an interrupted run tells the user. The command line only
// declares the flags.
#pragma once
#include <atomic>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "robo/config/loader.hpp"
#include "robo/research/sweep.hpp"

namespace robo::research {

// What the flags said. base.strategies holds the grids (one per --strategy).
struct ResearchFlags {
    session::SessionRequest base;
    std::string objective = "sharpe", search = "grid";
    uint64_t budget = 0, seed = 0;
    unsigned jobs = 0;
    int partitions = 16;
    bool quiet = false;
    // Flags the user gave by name, for the checks that depend on presence rather than value:
    // --combine and --no-record are refused; --seed needs --search random; --out must agree
    // with --resume.
    std::vector<std::string> given;
    std::string resume;                     // --resume DIR: continue the run in DIR
    size_t keep = 3;                        // sweep: best runs with the full backtest outputs
    std::string train = "2y", test = "6m";  // walkforward
    bool anchored = false;
    bool was_given(std::string_view flag) const;
};

// The sweep the flags describe. Throws std::invalid_argument naming the flag.
SweepRequest sweep_request(const ResearchFlags& flags);

// 0 done; 1 with one line on `err` naming what is wrong; 130 when `stop` became true (Ctrl-C),
// saying where the finished runs are and the command that runs the rest.
int run_sweep_command(const config::LoadResult& config, const ResearchFlags& flags,
                      const std::atomic<bool>* stop, std::ostream& out, std::ostream& err);
int run_walkforward_command(const config::LoadResult& config, const ResearchFlags& flags,
                            const std::atomic<bool>* stop, std::ostream& out, std::ostream& err);

// The `stop` flag for a command line: SIGINT or SIGTERM sets it, so the runs stop and the
// finished ones are kept for --resume. The handler then steps aside, so a second signal ends
// the process at once.
const std::atomic<bool>* stop_on_ctrl_c();

// "\r  sweep: runs 40/100  12.5/s  ETA 5 s", at most twice a second, a newline at the end.
class ProgressLine {
public:
    ProgressLine(std::string what, std::ostream& err) : what_(std::move(what)), err_(err) {}
    void operator()(size_t done, size_t total, double seconds);

private:
    std::string what_;
    std::ostream& err_;
    double last_ = -1;
};

}  // namespace robo::research
