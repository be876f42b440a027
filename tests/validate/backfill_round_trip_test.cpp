// tests/validate — what `ibkr-backfill` writes, every command reads back: bars downloaded from
// tws-sim over the socket API are validated, inspected, imported and backtested as written.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "support/paths.hpp"
#include "support/shell.hpp"

namespace robo::test {
namespace {

// `robo_trader tws-sim --port 0` in the background; stopped (by its pid) when the test ends.
class SimulatorProcess {
public:
    explicit SimulatorProcess(const std::filesystem::path& dir) : log_(dir / "sim.log") {
        auto r = run_shell(binary().string() + " tws-sim --port 0 > " + log_.string() + " 2>&1 & echo $!");
        pid_ = std::atoi(r.out.c_str());
        // Wait for "listening on 127.0.0.1:PORT" (a bounded wait for start-up, not a timing claim).
        const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
        for (int i = 0; i < 200 && port_ == 0; ++i) {
            std::ifstream in(log_);
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::smatch m;
            if (std::regex_search(text, m, listening))
                port_ = std::stoi(m[1]);
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ~SimulatorProcess() {
        if (pid_ > 0) ::kill(pid_, SIGTERM);
    }
    int port() const { return port_; }

private:
    std::filesystem::path log_;
    pid_t pid_ = 0;
    int port_ = 0;
};

TEST(BackfillRoundTrip, EveryCommandReadsWhatIbkrBackfillWrites) {
    const auto dir = std::filesystem::temp_directory_path() / ("robo_backfill_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    SimulatorProcess sim(dir);
    ASSERT_NE(sim.port(), 0) << "tws-sim did not start";
    const std::string b = binary().string(), data = (dir / "data").string();
    auto backfill = run_shell(b + " ibkr-backfill --port " + std::to_string(sim.port()) +
                              " --symbols AAPL,MSFT --bar 1m --timeout 30 --out " + data);
    ASSERT_EQ(backfill.status, 0) << backfill.out;

    auto validate = run_shell(b + " validate --data " + data);
    EXPECT_EQ(validate.status, 0) << validate.out;
    EXPECT_NE(validate.out.find("AAPL bars 1m, 5000 rows, quality 100.000%"), std::string::npos)
        << validate.out;
    auto inspect = run_shell(b + " data inspect " + data + "/MSFT_1m.csv");
    EXPECT_EQ(inspect.status, 0) << inspect.out;
    EXPECT_NE(inspect.out.find("named_bars        MSFT"), std::string::npos) << inspect.out;
    auto import = run_shell(b + " import --data " + data + " --db " + (dir / "x.db").string());
    EXPECT_EQ(import.status, 0) << import.out;
    EXPECT_NE(import.out.find("10000 rows"), std::string::npos) << import.out;
    auto backtest = run_shell(b + " backtest --quiet --data " + data + " --out " + (dir / "out").string());
    EXPECT_EQ(backtest.status, 0) << backtest.out;
    EXPECT_NE(backtest.out.find("2 files, 2 symbols, 10,000 bars"), std::string::npos) << backtest.out;

    auto refused = run_shell(b + " ibkr-backfill --port " + std::to_string(sim.port()) +
                             " --symbols ../../ETC/X --out " + data);
    EXPECT_EQ(refused.status, 2) << refused.out;
    EXPECT_NE(refused.out.find("holds path characters"), std::string::npos) << refused.out;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace robo::test
