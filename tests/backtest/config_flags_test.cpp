// Every command that reads the configuration takes --config FILE, --env-file FILE and
// repeated --set KEY=VALUE, like `config check`; a file the user names must exist; and a
// flag reaches the default gate, not only `--risk basic`.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
std::filesystem::path scratch(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("robo_config_flags_test_" + name);
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
ShellResult cli(const std::string& args) { return run_shell(binary().string() + " " + args); }
}  // namespace

TEST(ConfigFlags, EveryCommandThatReadsTheConfigurationRefusesAMissingEnvFile) {
    auto dir = scratch("missing");
    const std::string daily = (sample_dir() / "daily").string();
    for (const std::string& cmd :
         {"backtest --quiet --data " + daily + " --out " + (dir / "bt").string(),
          "run --quiet --data " + daily + " --out " + (dir / "run").string(), "validate --data " + daily,
          "import --data " + daily + " --db " + (dir / "x.db").string(),
          "features --data " + daily + "/AAPL.csv --out " + (dir / "f.csv").string(),
          "db --db " + (dir / "x.db").string() + " status"}) {
        auto r = cli(cmd + " --env-file /nonexistent/robo.env");
        EXPECT_EQ(r.status, 1) << cmd << "\n" << r.out;
        EXPECT_TRUE(contains(r.out, "/nonexistent/robo.env: cannot read the .env file")) << cmd << "\n"
                                                                                         << r.out;
    }
}

TEST(ConfigFlags, SetEnvFileAndConfigChangeTheBacktestAndBadValuesAreRefused) {
    auto dir = scratch("set");
    const std::string base =
        "backtest --quiet --data " + (sample_dir() / "daily").string() + " --symbols AAPL --out ";
    auto plain = cli(base + (dir / "plain").string());
    ASSERT_EQ(plain.status, 0) << plain.out;
    // --set: a different cash, read by the ledger.
    auto set = cli(base + (dir / "set").string() + " --set DEFAULT_CASH=50000");
    ASSERT_EQ(set.status, 0) << set.out;
    EXPECT_TRUE(contains(set.out, "initial equity" + std::string(13, ' ') + "50000.00")) << set.out;
    // --env-file: the commission rate of the fixed plan.
    {
        std::ofstream env(dir / "robo.env");
        env << "EXECUTION_COMMISSION_PER_SHARE=0.1\n";
    }
    auto env = cli(base + (dir / "env").string() + " --env-file " + (dir / "robo.env").string());
    ASSERT_EQ(env.status, 0) << env.out;
    EXPECT_TRUE(slurp(dir / "plain" / "fills.csv") != slurp(dir / "env" / "fills.csv"));
    // --config: a TOML file.
    {
        std::ofstream toml(dir / "robo.toml");
        toml << "[strategy]\nsma_fast = 5\nsma_slow = 20\n";
    }
    auto toml = cli(base + (dir / "toml").string() + " --config " + (dir / "robo.toml").string());
    ASSERT_EQ(toml.status, 0) << toml.out;
    EXPECT_TRUE(slurp(dir / "plain" / "trades.csv") != slurp(dir / "toml" / "trades.csv"));
    // A bad value names the option.
    auto bad = cli(base + (dir / "bad").string() + " --set RISK_MAX_LEVERAGE=0.5");
    EXPECT_EQ(bad.status, 1) << bad.out;
    EXPECT_TRUE(contains(bad.out, "RISK_MAX_LEVERAGE")) << bad.out;
}

// The reproducer: --allow-short reached only `--risk basic`, so the default gate
// refused every short entry (short_selling) and no short trade was made.
TEST(ConfigFlags, AllowShortReachesTheDefaultGate) {
    auto dir = scratch("short");
    auto r = cli("backtest --quiet --data " + (sample_dir() / "daily").string() + " --allow-short --out " +
                 (dir / "out").string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_FALSE(contains(r.out, "short_selling")) << r.out;
    const std::string fills = slurp(dir / "out" / "trades.csv");
    EXPECT_TRUE(contains(fills, "short")) << fills.substr(0, 2000);
}

TEST(ConfigFlags, ARemovedOptionInAnOldEnvFileIsExplainedNotUnknown) {
    auto dir = scratch("removed");
    {
        std::ofstream env(dir / "old.env");
        env << "STRATEGY_NAME=sma_crossover\n";
    }
    auto r =
        cli("backtest --quiet --data " + (sample_dir() / "daily").string() + " --symbols AAPL --env-file " +
            (dir / "old.env").string() + " --out " + (dir / "out").string());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "STRATEGY_NAME")) << r.out;
    EXPECT_TRUE(contains(r.out, "was removed and is ignored")) << r.out;
}
