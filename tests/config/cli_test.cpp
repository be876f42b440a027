// `robo_trader config check` end to end: exit status, sources, redaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>

#include "config_helpers.hpp"
#include "support/paths.hpp"

using namespace robo::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
struct Run {
    int status;
    std::string out;
};
// Runs the binary with a clean environment plus `env`, from the temp dir.
Run run_check(const TempDir& dir, const std::string& env, const std::string& args) {
    const std::string cmd = "cd " + dir.path().string() + " && env -i PATH=/usr/bin:/bin " + env + " " +
                            binary().string() + " config check " + args + " 2>&1";
    Run r{-1, {}};
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    while (std::size_t n = fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}
}  // namespace

TEST(ConfigCli, ValidConfigurationExitsZeroAndShowsSources) {
    TempDir dir;
    dir.write(".env", "IBKR_CLIENT_ID=7\n");
    dir.write("config.toml", "[risk]\nmax_leverage = 1.5\n");
    auto r = run_check(dir, "IBKR_HOST=10.1.1.1", "--set DATA_STALE_SECONDS=12");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out, HasSubstr("(.env line 1)"));
    EXPECT_THAT(r.out, HasSubstr("(config.toml line 2)"));
    EXPECT_THAT(r.out, HasSubstr("10.1.1.1"));
    EXPECT_THAT(r.out, HasSubstr("(environment)"));
    EXPECT_THAT(r.out, HasSubstr("(--set)"));
    EXPECT_THAT(r.out, HasSubstr("configuration is valid"));
}

TEST(ConfigCli, InvalidConfigurationExitsNonZeroAndNamesEveryProblem) {
    TempDir dir;
    auto env_file =
        dir.write("prod.env", "ENVIRONMENT=production\nRISK_MAX_POSITION_PCT=0.08\nIBKR_PORT=4001\n");
    auto r = run_check(dir, "", "--env-file " + env_file.string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_THAT(r.out,
                HasSubstr("RISK_MAX_POSITION_PCT=0.08 (from " + env_file.string() + " line 2) is unsafe"));
    EXPECT_THAT(r.out,
                HasSubstr("IBKR_PORT=4001 (from " + env_file.string() + " line 3) is a live-trading port"));
}

TEST(ConfigCli, SecretsAreRedactedInTheOutput) {
    TempDir dir;
    auto r = run_check(dir, "MONITORING_CONTROL_TOKEN=hunter2-hunter2-hunter2 IBKR_ACCOUNT=U9876543", "");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out, Not(HasSubstr("hunter2")));
    EXPECT_THAT(r.out, Not(HasSubstr("U9876543")));
    EXPECT_THAT(r.out, HasSubstr("<redacted>"));
}

TEST(ConfigCli, TypoInTheEnvironmentIsWarnedAbout) {
    TempDir dir;
    auto r = run_check(dir, "EXECUTION_MDOE=live", "");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out,
                HasSubstr("warning: config: unknown variable EXECUTION_MDOE (from environment) is ignored; "
                          "did you mean EXECUTION_MODE?"));
}
