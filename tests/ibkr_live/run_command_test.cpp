// `robo_trader run --broker tws-sim|ibkr` end to end through the binary: a session traded
// over loopback whose ledger equals the simulator's positions, and the refusals that keep
// the default setup from ever sending a live order.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {
struct Result {
    int status;
    std::string out;
};
// `env` is prepended to the command (VAR=value ...), so the configuration comes from it.
Result run_binary(const std::string& env, const std::string& args) {
    auto r = run_shell(env + " " + binary().string() + " " + args);
    return {r.status, std::move(r.out)};
}
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
std::string out_dir(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("robo_ibkr_live_" + name);
    std::filesystem::remove_all(p);
    return p.string();
}
}  // namespace

TEST(RunCommand, TwsSimTradesTheDataOverLoopbackAndTheLedgerEqualsTheBrokersPositions) {
    auto data = (sample_dir() / "daily").string();
    auto r =
        run_binary("", "run --broker tws-sim --data " + data +
                           " --symbols AAPL,MSFT --speed 0 --quiet --backfill 30 --out " + out_dir("sim"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "broker: tws-sim on 127.0.0.1:")) << r.out;
    EXPECT_TRUE(contains(r.out, "broker positions equal the ledger")) << r.out;
    EXPECT_TRUE(contains(r.out, "end of data")) << r.out;
    EXPECT_FALSE(contains(r.out, "POSITION BREAK")) << r.out;
}

TEST(RunCommand, LiveModeWithoutTheConfirmFlagRefusesBeforeConnecting) {
    auto r = run_binary("EXECUTION_MODE=live EXECUTION_LIVE_CONFIRM=I_UNDERSTAND IBKR_PORT=4001",
                        "run --broker ibkr --symbols AAPL --quiet --out " + out_dir("live"));
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.out, "needs EXECUTION_LIVE_CONFIRM=I_UNDERSTAND and --confirm-live")) << r.out;
}

TEST(RunCommand, LiveModeWithoutTheConfigConfirmationRefusesEvenWithTheFlag) {
    auto r = run_binary("EXECUTION_MODE=live IBKR_PORT=4001",
                        "run --broker ibkr --confirm-live --symbols AAPL --quiet --out " + out_dir("live2"));
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.out, "EXECUTION_LIVE_CONFIRM")) << r.out;
}

TEST(RunCommand, IbkrWithNothingListeningSaysWhereItTriedAndStops) {
    auto r = run_binary("IBKR_PORT=1 IBKR_TIMEOUT=1",
                        "run --broker ibkr --symbols AAPL --quiet --out " + out_dir("nothing"));
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.out, "cannot connect to TWS at 127.0.0.1:1")) << r.out;
}
