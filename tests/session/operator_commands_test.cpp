// The operator's kill-switch commands with the test's own streams (session/operator_commands.hpp):
// status, trip and reset and their exit statuses, the audit trail, an unreadable state file
// and a configuration too broken to name the audit file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "robo/session/operator_commands.hpp"
#include "support/config.hpp"

namespace robo::session {
namespace {

namespace fs = std::filesystem;

class OperatorCommandsTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_operator_commands_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        state = (dir / "ks.json").string();
        audit = (dir / "audit.jsonl").string();
    }
    void TearDown() override { fs::remove_all(dir); }
    int status() {
        std::ostringstream out, err;
        return kill_switch_status(test::config_without_environment(), state, false, out, err);
    }
    int change(risk::OperatorAction a, bool replace = false) {
        std::ostringstream out, err;
        return kill_switch_change(test::config_without_environment(), {a, state, audit, "ops: test", replace},
                                  out, err);
    }
    fs::path dir;
    std::string state, audit;
};

TEST_F(OperatorCommandsTest, TripAndResetChangeTheStatusAndAreAudited) {
    EXPECT_EQ(status(), 0);  // no file yet: clear
    EXPECT_EQ(change(risk::OperatorAction::trip), 0);
    EXPECT_EQ(status(), 3);
    EXPECT_EQ(change(risk::OperatorAction::trip), 3);  // already tripped
    EXPECT_EQ(change(risk::OperatorAction::reset), 0);
    EXPECT_EQ(status(), 0);
    std::ifstream in(audit);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("ops: test"), std::string::npos) << text;
}

TEST_F(OperatorCommandsTest, AnUnreadableStateIsTrippedUntilReplacedOnPurpose) {
    std::ofstream(state) << "{ not json";
    EXPECT_EQ(status(), 2);
    EXPECT_EQ(change(risk::OperatorAction::reset), 2);
    EXPECT_EQ(change(risk::OperatorAction::reset, /*replace=*/true), 0);
    EXPECT_EQ(status(), 0);
}

TEST_F(OperatorCommandsTest, ABrokenConfigurationCannotNameTheAuditFile) {
    std::ostringstream out, err;
    const auto broken = test::config_without_environment({"RISK_MAX_LEVERAGE=lots"});
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(
        kill_switch_change(broken, {risk::OperatorAction::trip, state, "", "ops: test", false}, out, err), 2);
    EXPECT_NE(err.str().find("pass --audit FILE"), std::string::npos) << err.str();
    EXPECT_FALSE(fs::exists(state));  // nothing changed
}

TEST_F(OperatorCommandsTest, AnEmptyReasonIsRefused) {
    std::ostringstream out, err;
    EXPECT_EQ(kill_switch_change(test::config_without_environment(),
                                 {risk::OperatorAction::trip, state, audit, "", false}, out, err),
              2);
    EXPECT_FALSE(fs::exists(state));
}

}  // namespace
}  // namespace robo::session
