// `sweep` and `walkforward` as the command line runs them, with the test's own streams
// (research/research_command.hpp): the flags a sweep refuses, --resume against --out, an
// interrupted sweep's advice, and a finished one's words and files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <sstream>

#include "robo/research/research_command.hpp"
#include "support/config.hpp"
#include "support/paths.hpp"

namespace robo::research {
namespace {

namespace fs = std::filesystem;

class ResearchCommandTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_research_command_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        flags.base.mode = engine::Mode::backtest;
        flags.base.command = "sweep";
        flags.base.data = (test::sample_dir() / "daily").string();
        flags.base.symbols = {"AAPL", "MSFT"};
        flags.base.strategies = {"sma_crossover:fast=5|10,slow=30"};
        flags.base.out = (dir / "sweep").string();
        flags.quiet = true;
        flags.jobs = 1;
    }
    void TearDown() override { fs::remove_all(dir); }
    int sweep(const std::atomic<bool>* stop = nullptr) {
        return run_sweep_command(test::config_without_environment(), flags, stop, out, err);
    }
    fs::path dir;
    ResearchFlags flags;
    std::ostringstream out, err;
};

TEST_F(ResearchCommandTest, FlagsWithoutMeaningForASweepAreRefusedByName) {
    flags.given = {"--combine"};
    EXPECT_THROW(sweep_request(flags), std::invalid_argument);
    flags.given = {"--seed"};
    try {
        sweep_request(flags);
        FAIL() << "--seed with a grid search was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()), "--seed: only with --search random");
    }
    flags.search = "random";
    flags.budget = 2;
    EXPECT_EQ(sweep_request(flags).seed, 0u);
}

TEST_F(ResearchCommandTest, AFinishedSweepWritesItsFilesAndNamesTheBest) {
    EXPECT_EQ(sweep(), 0) << err.str();
    EXPECT_NE(out.str().find("best"), std::string::npos) << out.str();
    EXPECT_TRUE(fs::exists(dir / "sweep" / "results.csv"));
    EXPECT_TRUE(fs::exists(dir / "sweep" / "summary.json"));
}

TEST_F(ResearchCommandTest, ResumeInOneFolderAndOutInAnotherIsAContradiction) {
    flags.resume = (dir / "elsewhere").string();
    flags.given = {"--out"};
    EXPECT_EQ(sweep(), 1);
    EXPECT_NE(err.str().find("a resumed sweep continues in its own folder"), std::string::npos) << err.str();
}

TEST_F(ResearchCommandTest, AnInterruptedSweepSaysHowToRunTheRest) {
    std::atomic<bool> stop{true};
    EXPECT_EQ(sweep(&stop), 130);
    EXPECT_NE(err.str().find("--resume " + (dir / "sweep").string()), std::string::npos) << err.str();
}

TEST_F(ResearchCommandTest, AWalkForwardIsNotRecorded) {
    flags.base.db = "";
    EXPECT_EQ(run_walkforward_command(test::config_without_environment(), flags, nullptr, out, err), 1);
    EXPECT_NE(err.str().find("--db: a walk-forward is not recorded"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace robo::research

// The flag sweep and walkforward pass as `stop`: the first SIGINT or SIGTERM sets it and puts
// the default action back, so that a second signal ends a process that does not stop.
TEST(ResearchCtrlC, TheFirstSignalSetsTheFlagAndTheSecondIsLeftToTheSystem) {
    const std::atomic<bool>* stop = robo::research::stop_on_ctrl_c();
    ASSERT_NE(stop, nullptr);
    EXPECT_FALSE(stop->load());
    std::raise(SIGTERM);
    EXPECT_TRUE(stop->load());
    struct sigaction now {};
    ::sigaction(SIGTERM, nullptr, &now);
    EXPECT_EQ(now.sa_handler, SIG_DFL) << "a second SIGTERM must end the process";
    ::sigaction(SIGINT, nullptr, &now);
    EXPECT_NE(now.sa_handler, SIG_DFL) << "SIGINT still asks the runs to stop once";
    std::signal(SIGINT, SIG_DFL);
}
