// `robo_trader risk status|reset|trip` end to end: exit codes, the state file and the
// audit trail the operator's reset lands in.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "robo/log/memory_audit_sink.hpp"
#include "robo/risk/kill_switch.hpp"
#include "support/paths.hpp"

namespace {

namespace fs = std::filesystem;

struct Run {
    int code = -1;
    std::string out;
};

// Runs robo_trader with the arguments (no shell quoting beyond single quotes) in `dir`,
// with the built-in RISK_KILL_SWITCH_FILE (state/kill_switch.json under `dir`).
Run robo(const fs::path& dir, const std::string& args) {
    std::string cmd = "cd '" + dir.string() + "' && env -u RISK_KILL_SWITCH_FILE '" +
                      robo::test::binary().string() + "' " + args + " 2>&1";
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

struct RiskCli : ::testing::Test {
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo-risk-cli-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string audit_lines() {
        std::ifstream in(dir / "audit.jsonl");
        return {std::istreambuf_iterator<char>(in), {}};
    }
    fs::path dir;
};

TEST_F(RiskCli, StatusWithNoStateFileIsClear) {
    auto r = robo(dir, "risk status");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("kill switch: clear"), std::string::npos) << r.out;
}

TEST_F(RiskCli, TripThenStatusSaysTrippedWithExitCode3) {
    ASSERT_EQ(robo(dir, "risk trip --reason 'bob: broker incident' --audit audit.jsonl").code, 0);
    auto r = robo(dir, "risk status");
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.out.find("TRIPPED (operator)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("bob: broker incident"), std::string::npos) << r.out;
}

TEST_F(RiskCli, ResetNeedsAReasonAndIsAudited) {
    robo::log::MemoryAuditSink sink;
    {
        robo::risk::KillSwitch ks({5, std::chrono::minutes(5), dir / "state" / "kill_switch.json"}, sink);
        ks.trip("daily_loss", "lost 0.7 % today", robo::from_civil(2024, 3, 4, 15));
    }
    EXPECT_NE(robo(dir, "risk reset --audit audit.jsonl").code, 0);               // no --reason
    EXPECT_EQ(robo(dir, "risk reset --reason ' ' --audit audit.jsonl").code, 2);  // empty reason
    EXPECT_EQ(robo(dir, "risk status").code, 3);
    auto r = robo(dir, "risk reset --reason 'alice: loss reviewed' --audit audit.jsonl");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(robo(dir, "risk status").code, 0);
    std::string audit = audit_lines();
    EXPECT_NE(audit.find("\"kind\":\"kill_switch_reset\""), std::string::npos) << audit;
    EXPECT_NE(audit.find("alice: loss reviewed"), std::string::npos) << audit;
    EXPECT_NE(audit.find("\"previous_trigger\":\"daily_loss\""), std::string::npos) << audit;
    EXPECT_EQ(robo(dir, "audit verify audit.jsonl").code, 0);
}

TEST_F(RiskCli, AnUnreadableStateFileIsReportedWithExitCode2) {
    fs::create_directories(dir / "state");
    std::ofstream(dir / "state" / "kill_switch.json") << "{\"version\":1";
    auto r = robo(dir, "risk status");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("unreadable kill-switch state"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("fail closed"), std::string::npos) << r.out;
}

TEST_F(RiskCli, AnUnreadableStateFileIsReplacedOnlyWhenAskedAndIsKeptBeside) {
    fs::create_directories(dir / "state");
    std::ofstream(dir / "state" / "kill_switch.json") << "{\"version\":1";
    auto r = robo(dir, "risk reset --reason 'alice: file fixed' --audit audit.jsonl");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("--replace-unreadable"), std::string::npos) << r.out;
    EXPECT_EQ(robo(dir, "risk status").code, 2) << "still unreadable, still tripped";
    r = robo(dir, "risk reset --reason 'alice: file fixed' --replace-unreadable --audit audit.jsonl");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(robo(dir, "risk status").code, 0);
    int kept = 0;
    for (const auto& e : fs::directory_iterator(dir / "state"))
        kept += e.path().filename().string().rfind("kill_switch.json.unreadable-", 0) == 0;
    EXPECT_EQ(kept, 1) << "the broken file is kept for inspection";
    EXPECT_NE(audit_lines().find("kill_switch_state_replaced"), std::string::npos);
}

TEST_F(RiskCli, TheStateFileComesFromTheConfiguration) {
    auto r = robo(dir, "risk trip --reason 'x: y' --audit audit.jsonl");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(fs::exists(dir / "state" / "kill_switch.json"));
    std::string cmd = "cd '" + dir.string() + "' && RISK_KILL_SWITCH_FILE=ops/ks.json '" +
                      robo::test::binary().string() + "' risk trip --reason 'x: y' --audit audit.jsonl 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_TRUE(fs::exists(dir / "ops" / "ks.json"));
}

TEST_F(RiskCli, AnotherStateFileCanBeNamed) {
    ASSERT_EQ(robo(dir, "risk trip --reason 'x: y' --state other.json --audit audit.jsonl").code, 0);
    EXPECT_EQ(robo(dir, "risk status --state other.json").code, 3);
    EXPECT_EQ(robo(dir, "risk status").code, 0);
}

}  // namespace
