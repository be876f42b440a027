// `backtest` and `run` as the command line runs them, from a configuration and a request to
// an exit status, with the test's own streams: what used to be reachable only through the
// binary (session/run_command.hpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "robo/session/run_command.hpp"
#include "support/config.hpp"
#include "support/isolation.hpp"
#include "support/paths.hpp"

namespace robo::session {
namespace {

namespace fs = std::filesystem;

struct Ran {
    int code = -1;
    std::string out, err;
};

Ran run(SessionRequest r, bool quiet) {
    std::ostringstream out, err;
    Ran ran;
    ran.code = run_session_command(test::config_without_environment(), r, quiet, out, err);
    ran.out = out.str();
    ran.err = err.str();
    return ran;
}

class RunCommandTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_run_command_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        request.mode = engine::Mode::backtest;
        request.command = "backtest";
        request.data = (test::sample_dir() / "daily").string();
        request.symbols = {"AAPL", "MSFT"};
        request.out = (dir / "out").string();
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
    SessionRequest request;
};

TEST_F(RunCommandTest, ABacktestReportsItsDataRunsAndWritesItsFiles) {
    const Ran r = run(request, /*quiet=*/false);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("8 files, 2 symbols, 2,518 bars"), std::string::npos) << r.out;  // the data report
    EXPECT_NE(r.out.find("trades.csv"), std::string::npos) << r.out;  // the outcome lists the files
    EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));
}

TEST_F(RunCommandTest, MissingDataIsOneLineNamingTheCommandAndThePath) {
    request.data = (dir / "nowhere").string();
    const Ran r = run(request, true);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("robo_trader backtest: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("nowhere"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out" / "summary.json"));
}

TEST_F(RunCommandTest, AnUnreadableFileStopsTheSessionBeforeItTrades) {
    fs::create_directories(dir / "data");
    fs::copy_file(test::sample_dir() / "daily" / "AAPL.csv", dir / "data" / "AAPL.csv");
    std::ofstream(dir / "data" / "KO.csv") << "\xff\xfe not a csv header\n";
    request.data = (dir / "data").string();
    request.symbols.clear();
    const Ran r = run(request, true);
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("could not be read"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out" / "summary.json"));
}

}  // namespace
}  // namespace robo::session
