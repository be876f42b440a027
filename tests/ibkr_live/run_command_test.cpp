// `robo_trader run --broker tws-sim|ibkr` end to end through the binary: a session traded
// over loopback whose ledger equals the simulator's positions, and the refusals that keep
// the default setup from ever sending a live order.
#include <gtest/gtest.h>

#include <signal.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

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

// The operator's kill switch reaches `run --broker tws-sim`: tripped with `risk trip`
// before the session, it refuses every entry from the first order, and the banner says so.
TEST(RunCommand, AnOperatorTripBeforeTheSessionRefusesEveryEntryAndTheBannerSaysSo) {
    const auto dir = out_dir("tripped");
    std::filesystem::create_directories(dir);
    const std::string env = "RISK_KILL_SWITCH_FILE=" + dir + "/ks.json";
    auto trip = run_binary(env, "risk trip --reason 'ops: halt' --audit " + dir + "/ops-audit.jsonl");
    ASSERT_EQ(trip.status, 0) << trip.out;
    auto data = (sample_dir() / "daily").string();
    auto r =
        run_binary(env, "run --broker tws-sim --data " + data +
                            " --symbols AAPL,MSFT --speed 0 --quiet --backfill 30 --out " + dir + "/run");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "KILL SWITCH TRIPPED: tripped: operator (ops: halt)")) << r.out;
    EXPECT_TRUE(contains(r.out, "kill switch " + dir + "/ks.json (operator reset only)")) << r.out;
    EXPECT_TRUE(contains(r.out, "0 orders placed")) << r.out;
    EXPECT_TRUE(contains(r.out, "symbol(s) parked")) << r.out;
    EXPECT_FALSE(contains(r.out, ", 0 wishes held back")) << "entries were wanted and held back: " << r.out;
}

TEST(RunCommand, ACorruptStateFileStartsTheSessionTrippedAndSaysWhy) {
    const auto dir = out_dir("corrupt");
    std::filesystem::create_directories(dir);
    { std::ofstream(dir + "/ks.json") << "{\"version\": 1, \"tripped\": fa"; }
    auto data = (sample_dir() / "daily").string();
    auto r = run_binary("RISK_KILL_SWITCH_FILE=" + dir + "/ks.json",
                        "run --broker tws-sim --data " + data +
                            " --symbols AAPL --speed 0 --quiet --backfill 30 --out " + dir + "/run");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "KILL SWITCH TRIPPED: tripped: state_unreadable")) << r.out;
    EXPECT_TRUE(contains(r.out, "unreadable kill-switch state")) << r.out;
    EXPECT_TRUE(contains(r.out, "0 orders placed")) << r.out;
}

TEST(RunCommand, AnUnsyncedAuditTrailIsRefusedForASessionThroughABroker) {
    auto data = (sample_dir() / "daily").string();
    auto r = run_binary("MONITORING_AUDIT_FSYNC=none", "run --broker tws-sim --data " + data +
                                                           " --symbols AAPL --speed 0 --quiet --out " +
                                                           out_dir("nosync"));
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "MONITORING_AUDIT_FSYNC=none is refused for a tws-sim session")) << r.out;
}

TEST(RunCommand, TheBasicGateIsRefusedForASessionThroughABroker) {
    auto data = (sample_dir() / "daily").string();
    auto r = run_binary("", "run --broker tws-sim --risk basic --data " + data +
                                " --symbols AAPL --speed 0 --quiet --out " + out_dir("basic"));
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "the basic gate (--risk basic) is refused for a tws-sim session")) << r.out;
}

// A broker session killed with SIGKILL right after the broker acknowledged an order: the
// audit record of that acknowledgement is in the file (written and synced before the
// engine went on), and the chain verifies.
TEST(RunCommand, TheAuditRecordOfAnAcknowledgedOrderSurvivesSigkill) {
    const auto dir = out_dir("sigkill");
    std::filesystem::create_directories(dir);
    auto data = (sample_dir() / "daily").string();
    // About 17 s of replay: long enough to be killed in the middle.
    auto started = run_shell(binary().string() + " run --broker tws-sim --data " + data +
                             " --symbols AAPL,MSFT --speed 10000000 --quiet --backfill 30 --out " + dir +
                             " > " + dir + "/stdout.txt 2>&1 & echo $!");
    const int pid = std::atoi(started.out.c_str());
    ASSERT_GT(pid, 0) << started.out;
    const auto audit = std::filesystem::path(dir) / "audit.jsonl";
    auto read_all = [](const std::filesystem::path& p) {
        std::ifstream in(p);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string acknowledged = "\"to\":\"accepted\"";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!contains(read_all(audit), acknowledged) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(pid, SIGKILL);
    int status = 0;
    for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    (void)status;
    const std::string text = read_all(audit);
    EXPECT_TRUE(contains(text, acknowledged)) << read_all(std::filesystem::path(dir) / "stdout.txt");
    EXPECT_TRUE(contains(read_all(std::filesystem::path(dir) / "stdout.txt"), "audit synced every record"));
    auto verify = run_binary("", "audit verify " + audit.string());
    EXPECT_EQ(verify.status, 0) << verify.out;
}
