// Each kind of bad value is refused with one line naming the variable, its source, the
// value and what is allowed; and all of them are reported at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_helpers.hpp"

using namespace robo::test;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConfigBadValues, NumberAboveItsLimitNamesVariableSourceValueAndRange) {
    auto r = load_dotenv("IBKR_HOST=127.0.0.1\nRISK_MAX_POSITION_PCT=0.5\n");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(error_about(r, "RISK_MAX_POSITION_PCT"),
              "config: RISK_MAX_POSITION_PCT=0.5 (from " + r.value("RISK_MAX_POSITION_PCT")->source.file +
                  " line 2) must be a number greater than 0 and at most 0.1");
}

TEST(ConfigBadValues, ZeroIsRefusedWhereTheLowerBoundIsExclusive) {
    auto r = load_env({{"RISK_MAX_DAILY_LOSS_PCT", "0"}});
    EXPECT_THAT(error_about(r, "RISK_MAX_DAILY_LOSS_PCT"), HasSubstr("greater than 0 and at most 0.05"));
}

TEST(ConfigBadValues, LeverageOutsideOneToFourIsRefused) {
    EXPECT_THAT(error_about(load_env({{"RISK_MAX_LEVERAGE", "0.5"}}), "RISK_MAX_LEVERAGE"),
                HasSubstr("must be a number from 1 to 4"));
    EXPECT_TRUE(has_error_about(load_env({{"RISK_MAX_LEVERAGE", "4.01"}}), "RISK_MAX_LEVERAGE"));
    EXPECT_TRUE(load_env({{"RISK_MAX_LEVERAGE", "4"}}).ok());
}

TEST(ConfigBadValues, TextWhereANumberBelongsIsRefused) {
    auto r = load_env({{"RISK_MAX_POSITION_PCT", "two percent"}});
    EXPECT_EQ(
        error_about(r, "RISK_MAX_POSITION_PCT"),
        "config: RISK_MAX_POSITION_PCT=two percent (from environment) must be a number greater than 0 and "
        "at most 0.1");
}

TEST(ConfigBadValues, NanAndInfinityAreNotNumbers) {
    EXPECT_TRUE(has_error_about(load_env({{"RISK_MAX_LEVERAGE", "nan"}}), "RISK_MAX_LEVERAGE"));
    EXPECT_TRUE(has_error_about(load_env({{"IBKR_TIMEOUT", "inf"}}), "IBKR_TIMEOUT"));
}

TEST(ConfigBadValues, IntegerWithAFractionIsRefused) {
    EXPECT_THAT(error_about(load_env({{"IBKR_PORT", "7497.5"}}), "IBKR_PORT"),
                HasSubstr("IBKR_PORT=7497.5 (from environment) must be an integer from 1 to 65535"));
}

TEST(ConfigBadValues, IntegerOutOfRangeIsRefused) {
    EXPECT_TRUE(has_error_about(load_env({{"IBKR_PORT", "70000"}}), "IBKR_PORT"));
    EXPECT_TRUE(has_error_about(load_env({{"RISK_MAX_OPEN_POSITIONS", "0"}}), "RISK_MAX_OPEN_POSITIONS"));
}

TEST(ConfigBadValues, UnrecognisedBooleanIsRefused) {
    EXPECT_THAT(error_about(load_env({{"IBKR_READONLY", "maybe"}}), "IBKR_READONLY"),
                HasSubstr("must be true or false"));
}

TEST(ConfigBadValues, BooleansAcceptThePythonSpellings) {
    for (const char* yes : {"true", "True", "1", "yes", "ON"}) {
        auto r = load_env({{"IBKR_READONLY", yes}});
        ASSERT_TRUE(r.ok()) << yes;
        EXPECT_TRUE(r.config.ibkr.readonly) << yes;
    }
    EXPECT_FALSE(load_env({{"IBKR_READONLY", "False"}}).config.ibkr.readonly);
}

TEST(ConfigBadValues, ChoiceOutsideTheListNamesTheChoices) {
    EXPECT_EQ(error_about(load_env({{"EXECUTION_MODE", "yolo"}}), "EXECUTION_MODE"),
              "config: EXECUTION_MODE=yolo (from environment) must be one of paper, live, backtest");
}

TEST(ConfigBadValues, ChoicesAreCaseInsensitiveAndAcceptPythonsWarning) {
    auto r = load_env({{"MONITORING_LOG_LEVEL", "WARNING"}, {"RISK_POSITION_SIZING", "ATR"}});
    ASSERT_TRUE(r.ok()) << all_messages(r);
    EXPECT_EQ(r.config.monitoring.log_level, robo::log::Level::warn);
    EXPECT_EQ(r.config.risk.position_sizing, robo::config::PositionSizing::atr);
}

TEST(ConfigBadValues, MoneyWithMoreDecimalsThanHeldExactlyIsRefused) {
    EXPECT_THAT(error_about(load_env({{"DEFAULT_CASH", "100.123456789"}}), "DEFAULT_CASH"),
                HasSubstr("more decimals than can be held exactly"));
}

TEST(ConfigBadValues, NegativeMoneyIsRefused) {
    EXPECT_TRUE(has_error_about(load_env({{"RISK_MAX_ORDER_NOTIONAL", "-5"}}), "RISK_MAX_ORDER_NOTIONAL"));
}

TEST(ConfigBadValues, EmptyItemInASymbolListIsAnErrorNotSkipped) {
    EXPECT_THAT(error_about(load_env({{"SYMBOLS", "AAPL,,MSFT"}}), "SYMBOLS"), HasSubstr("item 2 is empty"));
}

TEST(ConfigBadValues, DuplicateSymbolIsRefused) {
    EXPECT_THAT(error_about(load_env({{"SYMBOLS", "AAPL,msft,aapl"}}), "SYMBOLS"),
                HasSubstr("AAPL is listed twice"));
}

TEST(ConfigBadValues, MalformedSymbolIsRefused) {
    EXPECT_THAT(error_about(load_env({{"SYMBOLS", "AAPL,WAY_TOO_LONG_SYMBOL"}}), "SYMBOLS"),
                HasSubstr("is not a ticker symbol"));
}

TEST(ConfigBadValues, UnknownTimeZoneIsRefused) {
    EXPECT_THAT(error_about(load_env({{"DATA_TIMEZONE", "Mars/Olympus"}}), "DATA_TIMEZONE"),
                HasSubstr("not found in /usr/share/zoneinfo"));
    EXPECT_TRUE(has_error_about(load_env({{"DATA_TIMEZONE", "../../etc/passwd"}}), "DATA_TIMEZONE"));
}

TEST(ConfigBadValues, EmptyHostIsRefused) {
    EXPECT_THAT(error_about(load_env({{"IBKR_HOST", ""}}), "IBKR_HOST"),
                HasSubstr("a host name or IP address"));
    EXPECT_TRUE(has_error_about(load_env({{"IBKR_HOST", "local host"}}), "IBKR_HOST"));
}

TEST(ConfigBadValues, StrategyNameMustBeAnIdentifier) {
    EXPECT_THAT(error_about(load_env({{"STRATEGY_ENABLED", "sma_crossover,RSI-2"}}), "STRATEGY_ENABLED"),
                HasSubstr("\"RSI-2\" is not an identifier"));
}

TEST(ConfigBadValues, EveryInvalidValueIsReportedAtOnce) {
    auto r = load_from({.dotenv = "IBKR_PORT=abc\n",
                        .toml = "[risk]\nmax_leverage = 9\n",
                        .environment = {{"EXECUTION_MODE", "yolo"}},
                        .flags = {"DATA_STALE_SECONDS=-1"}});
    EXPECT_EQ(r.errors().size(), 4u) << all_messages(r);
    EXPECT_THAT(error_about(r, "IBKR_PORT"), HasSubstr("line 1"));
    EXPECT_THAT(error_about(r, "RISK_MAX_LEVERAGE"), HasSubstr("config.toml line 2"));
    EXPECT_THAT(error_about(r, "EXECUTION_MODE"), HasSubstr("(from environment)"));
    EXPECT_THAT(error_about(r, "DATA_STALE_SECONDS"), HasSubstr("(from --set)"));
}

TEST(ConfigBadValues, AnInvalidValueLeavesTheDefaultInTheStructNotGarbage) {
    auto r = load_env({{"IBKR_PORT", "abc"}});
    EXPECT_EQ(r.config.ibkr.port, 7497);
}

TEST(ConfigBadValues, LoadOrThrowListsEveryError) {
    robo::test::TempDir dir;
    robo::config::LoadOptions o;
    o.env_file = dir.write(".env", "IBKR_PORT=abc\nRISK_MAX_LEVERAGE=9\n");
    o.config_file = dir.write("c.toml", "");
    o.environment = std::vector<std::pair<std::string, std::string>>{};
    try {
        robo::config::load_or_throw(o);
        FAIL() << "expected ConfigError";
    } catch (const robo::config::ConfigError& e) {
        EXPECT_EQ(e.errors().size(), 2u);
        EXPECT_THAT(e.what(), HasSubstr("IBKR_PORT=abc"));
        EXPECT_THAT(e.what(), HasSubstr("RISK_MAX_LEVERAGE=9"));
    }
}

TEST(ConfigBadValues, AllowedHostsAreHostNamesWithoutAPort) {
    auto ok = load_env({{"MONITORING_HTTP_ALLOWED_HOSTS", " Dash.Example.com, 10.0.0.5,[fd00::1] "}});
    ASSERT_TRUE(ok.ok()) << ::testing::PrintToString(ok.errors());
    EXPECT_EQ(ok.config.monitoring.http_allowed_hosts,
              (std::vector<std::string>{"dash.example.com", "10.0.0.5", "[fd00::1]"}));
    EXPECT_TRUE(load_env({}).config.monitoring.http_allowed_hosts.empty());
    EXPECT_THAT(error_about(load_env({{"MONITORING_HTTP_ALLOWED_HOSTS", "proxy:8443"}}),
                            "MONITORING_HTTP_ALLOWED_HOSTS"),
                HasSubstr("\"proxy:8443\" is not a host name or IP address without a port"));
    EXPECT_TRUE(has_error_about(load_env({{"MONITORING_HTTP_ALLOWED_HOSTS", "evil.com/x"}}),
                                "MONITORING_HTTP_ALLOWED_HOSTS"));
    EXPECT_TRUE(has_error_about(load_env({{"MONITORING_HTTP_ALLOWED_HOSTS", "a,,b"}}),
                                "MONITORING_HTTP_ALLOWED_HOSTS"));
}

TEST(ConfigBadValues, RemovedOptionWarnsWhyInsteadOfUnknown) {
    auto r = load_env({{"STRATEGY_NAME", "sma_crossover"}, {"RISK_TAKE_PROFIT_PCT", "0.04"}});
    EXPECT_TRUE(r.ok());
    std::string all;
    for (const auto& w : r.warnings()) all += w + "\n";
    EXPECT_THAT(all, HasSubstr("STRATEGY_NAME (from environment) was removed and is ignored: strategies are "
                               "chosen by STRATEGY_ENABLED"));
    EXPECT_THAT(all, HasSubstr("RISK_TAKE_PROFIT_PCT (from environment) was removed"));
    EXPECT_THAT(all, Not(HasSubstr("unknown variable")));
}
