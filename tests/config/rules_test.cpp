// Cross-field rules: what no single value can be checked for on its own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_helpers.hpp"

using namespace robo::test;
using ::testing::HasSubstr;

TEST(ConfigRules, PaperModeRefusesTheTwsLivePort) {
    auto r = load_env({{"IBKR_PORT", "7496"}});
    EXPECT_EQ(
        error_about(r, "IBKR_PORT"),
        "config: IBKR_PORT=7496 (from environment) is a live-trading port but EXECUTION_MODE=paper (from "
        "default); use 7497 (TWS) or 4002 (Gateway), or set IBKR_ALLOW_LIVE_PORT=true");
}

TEST(ConfigRules, PaperModeRefusesTheGatewayLivePort) {
    EXPECT_TRUE(has_error_about(load_env({{"IBKR_PORT", "4001"}}), "IBKR_PORT"));
}

TEST(ConfigRules, PaperModeAcceptsALivePortWhenExplicitlyAllowed) {
    auto r = load_env({{"IBKR_PORT", "7496"}, {"IBKR_ALLOW_LIVE_PORT", "true"}});
    EXPECT_TRUE(r.ok()) << all_messages(r);
}

TEST(ConfigRules, PaperPortsAreFineInPaperMode) {
    EXPECT_TRUE(load_env({{"IBKR_PORT", "7497"}}).ok());
    EXPECT_TRUE(load_env({{"IBKR_PORT", "4002"}}).ok());
}

TEST(ConfigRules, LiveModeWithoutConfirmationIsRefused) {
    auto r = load_env({{"EXECUTION_MODE", "live"}, {"IBKR_PORT", "7496"}});
    EXPECT_EQ(
        error_about(r, "EXECUTION_LIVE_CONFIRM"),
        "config: EXECUTION_MODE=live (from environment) needs EXECUTION_LIVE_CONFIRM=I_UNDERSTAND, found "
        "nothing (from default)");
}

TEST(ConfigRules, LiveModeWithAVagueConfirmationIsRefused) {
    auto r = load_env({{"EXECUTION_MODE", "live"}, {"EXECUTION_LIVE_CONFIRM", "yes"}});
    EXPECT_THAT(error_about(r, "EXECUTION_LIVE_CONFIRM"), HasSubstr("found \"yes\" (from environment)"));
}

TEST(ConfigRules, LiveModeWithConfirmationOnALivePortIsAccepted) {
    auto r = load_env(
        {{"EXECUTION_MODE", "live"}, {"EXECUTION_LIVE_CONFIRM", "I_UNDERSTAND"}, {"IBKR_PORT", "7496"}});
    EXPECT_TRUE(r.ok()) << all_messages(r);
    EXPECT_EQ(r.config.execution.mode, robo::config::ExecutionMode::live);
}

TEST(ConfigRules, LiveModeRefusesAReadOnlyConnection) {
    auto r = load_env(
        {{"EXECUTION_MODE", "live"}, {"EXECUTION_LIVE_CONFIRM", "I_UNDERSTAND"}, {"IBKR_READONLY", "true"}});
    EXPECT_THAT(error_about(r, "IBKR_READONLY"), HasSubstr("cannot place the orders"));
}

TEST(ConfigRules, ProductionRefusesAPositionLimitThatDevAccepts) {
    EXPECT_TRUE(load_env({{"RISK_MAX_POSITION_PCT", "0.08"}}).ok());
    auto r = load_env({{"ENVIRONMENT", "production"}, {"RISK_MAX_POSITION_PCT", "0.08"}});
    EXPECT_EQ(
        error_about(r, "RISK_MAX_POSITION_PCT"),
        "config: RISK_MAX_POSITION_PCT=0.08 (from environment) is unsafe in production: at most 0.05 (no "
        "single position above 5% of equity)");
}

TEST(ConfigRules, ProductionRefusesHighLeverageAndLooseKillSwitch) {
    auto r = load_env({{"ENVIRONMENT", "production"},
                       {"RISK_MAX_LEVERAGE", "3"},
                       {"RISK_KILL_SWITCH_VIOLATIONS", "50"},
                       {"RISK_MAX_DAILY_LOSS_PCT", "0.04"}});
    EXPECT_TRUE(has_error_about(r, "RISK_MAX_LEVERAGE"));
    EXPECT_TRUE(has_error_about(r, "RISK_KILL_SWITCH_VIOLATIONS"));
    EXPECT_TRUE(has_error_about(r, "RISK_MAX_DAILY_LOSS_PCT"));
}

TEST(ConfigRules, ProductionRequiresTheAuditToBeSynced) {
    auto r = load_env({{"ENVIRONMENT", "production"}, {"MONITORING_AUDIT_FSYNC", "none"}});
    EXPECT_THAT(error_about(r, "MONITORING_AUDIT_FSYNC"), HasSubstr("must be every_record"));
    EXPECT_TRUE(load_env({{"MONITORING_AUDIT_FSYNC", "none"}}).ok());
}

TEST(ConfigRules, ProductionDefaultsArePassable) {
    auto r = load_env({{"ENVIRONMENT", "production"}});
    EXPECT_TRUE(r.ok()) << all_messages(r);
}

TEST(ConfigRules, OrderNotionalMayNotExceedDailyNotional) {
    auto r = load_env({{"RISK_MAX_ORDER_NOTIONAL", "50000"}, {"RISK_MAX_DAILY_NOTIONAL", "20000"}});
    EXPECT_THAT(error_about(r, "RISK_MAX_ORDER_NOTIONAL"),
                HasSubstr("must not exceed RISK_MAX_DAILY_NOTIONAL=20000 (from environment)"));
}

TEST(ConfigRules, FastAverageMustBeShorterThanSlow) {
    auto r = load_env({{"STRATEGY_SMA_FAST", "50"}, {"STRATEGY_SMA_SLOW", "20"}});
    EXPECT_THAT(error_about(r, "STRATEGY_SMA_FAST"), HasSubstr("must be less than STRATEGY_SMA_SLOW=20"));
}

TEST(ConfigRules, ControlApiOnTheNetworkNeedsAToken) {
    auto r = load_env({{"MONITORING_HTTP_BIND", "0.0.0.0"}});
    EXPECT_THAT(error_about(r, "MONITORING_CONTROL_TOKEN"), HasSubstr("at least 16 characters"));
    EXPECT_TRUE(
        load_env({{"MONITORING_HTTP_BIND", "0.0.0.0"}, {"MONITORING_CONTROL_TOKEN", "0123456789abcdef"}})
            .ok());
    EXPECT_TRUE(load_env({{"MONITORING_HTTP_BIND", "0.0.0.0"}, {"MONITORING_HTTP_PORT", "0"}}).ok());
}
