// The operator's actions on the kill switch's state file (risk/operator_actions.hpp): the
// fail-closed policy for an unreadable file lives in the library, not in the command line.
#include "robo/risk/operator_actions.hpp"
#include "robo/log/memory_audit_sink.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "robo/log/audit_sink.hpp"

namespace robo::risk {
namespace {

namespace fs = std::filesystem;
using Result = OperatorOutcome::Result;

class OperatorActions : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_operator_actions_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        file = dir / "kill_switch.json";
    }
    void TearDown() override { fs::remove_all(dir); }
    OperatorOutcome act(OperatorAction a, bool replace = false) {
        return operator_change(file, audit, a, "ops: test", replace,
                               Timestamp(std::chrono::seconds(1'700'000'000)));
    }
    fs::path dir, file;
    log::MemoryAuditSink audit;
};

TEST_F(OperatorActions, ATripIsPersistedAndASecondTripChangesNothing) {
    EXPECT_EQ(act(OperatorAction::trip).result, Result::done);
    auto state = KillSwitch::read_state(file);
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->tripped);
    const auto again = act(OperatorAction::trip);
    EXPECT_EQ(again.result, Result::already_tripped);
    EXPECT_NE(again.message.find("already tripped"), std::string::npos);
}

TEST_F(OperatorActions, AResetClearsATrip) {
    act(OperatorAction::trip);
    const auto o = act(OperatorAction::reset);
    EXPECT_EQ(o.result, Result::done);
    EXPECT_FALSE(o.state.tripped);
    EXPECT_FALSE(KillSwitch::read_state(file)->tripped);
}

TEST_F(OperatorActions, AnUnreadableStateIsReplacedOnlyWhenAskedAndKeptBeside) {
    std::ofstream(file) << "{ not json";
    const auto refused = act(OperatorAction::reset);
    EXPECT_EQ(refused.result, Result::unreadable_refused);
    EXPECT_NE(refused.message.find("--replace-unreadable"), std::string::npos);
    EXPECT_THROW(KillSwitch::read_state(file), std::exception);  // untouched

    const auto replaced = act(OperatorAction::reset, true);
    EXPECT_EQ(replaced.result, Result::done);
    EXPECT_FALSE(KillSwitch::read_state(file)->tripped);
    size_t kept = 0;
    for (const auto& e : fs::directory_iterator(dir))
        kept += e.path().filename().string().starts_with("kill_switch.json.unreadable-");
    EXPECT_EQ(kept, 1u);
    bool audited = false;
    for (const auto& e : audit.entries) audited |= e.kind == "kill_switch_state_replaced";
    EXPECT_TRUE(audited);
}

TEST_F(OperatorActions, AnEmptyReasonIsRefused) {
    EXPECT_THROW(operator_change(file, audit, OperatorAction::trip, "  ", false, Timestamp{}),
                 std::invalid_argument);
    EXPECT_FALSE(fs::exists(file));
}

}  // namespace
}  // namespace robo::risk
