// Where values come from: precedence, .env and TOML syntax, malformed input, unknown names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "config_helpers.hpp"
#include "robo/config/sources.hpp"

using namespace robo::test;
using robo::config::Source;
using ::testing::HasSubstr;

namespace {
// IBKR_CLIENT_ID set in every source; each test removes the higher ones.
Sources client_id_everywhere() {
    return {.dotenv = "IBKR_CLIENT_ID=3\n",
            .toml = "[ibkr]\nclient_id = 2\n",
            .environment = {{"IBKR_CLIENT_ID", "4"}},
            .flags = {"IBKR_CLIENT_ID=5"}};
}
}  // namespace

TEST(ConfigPrecedence, FlagBeatsEnvironmentBeatsDotenvBeatsTomlBeatsDefault) {
    auto s = client_id_everywhere();
    auto r = load_from(s);
    EXPECT_EQ(r.config.ibkr.client_id, 5);
    EXPECT_EQ(r.value("IBKR_CLIENT_ID")->source.describe(), "--set");

    s.flags.clear();
    r = load_from(s);
    EXPECT_EQ(r.config.ibkr.client_id, 4);
    EXPECT_EQ(r.value("IBKR_CLIENT_ID")->source.describe(), "environment");

    s.environment.clear();
    r = load_from(s);
    EXPECT_EQ(r.config.ibkr.client_id, 3);
    EXPECT_THAT(r.value("IBKR_CLIENT_ID")->source.describe(), HasSubstr(".env line 1"));

    s.dotenv.clear();
    r = load_from(s);
    EXPECT_EQ(r.config.ibkr.client_id, 2);
    EXPECT_THAT(r.value("IBKR_CLIENT_ID")->source.describe(), HasSubstr("config.toml line 2"));

    s.toml.clear();
    r = load_from(s);
    EXPECT_EQ(r.config.ibkr.client_id, 1);
    EXPECT_EQ(r.value("IBKR_CLIENT_ID")->source.describe(), "default");
}

TEST(ConfigPrecedence, PresetReplacesOnlyTheDefault) {
    auto r = load_env({{"ENVIRONMENT", "production"}});
    ASSERT_TRUE(r.ok()) << all_messages(r);
    EXPECT_DOUBLE_EQ(r.config.risk.max_position_pct, 0.01);
    EXPECT_EQ(r.value("RISK_MAX_POSITION_PCT")->source.describe(), "preset production");

    r = load_from({.dotenv = "RISK_MAX_POSITION_PCT=0.03\n", .environment = {{"ENVIRONMENT", "production"}}});
    ASSERT_TRUE(r.ok()) << all_messages(r);
    EXPECT_DOUBLE_EQ(r.config.risk.max_position_pct, 0.03);
}

TEST(ConfigPrecedence, DevPresetLogsTextAtDebug) {
    auto r = load_env({});
    EXPECT_EQ(r.config.environment, robo::config::Environment::dev);
    EXPECT_EQ(r.config.monitoring.log_format, robo::log::Format::text);
    EXPECT_EQ(r.config.monitoring.log_level, robo::log::Level::debug);
}

TEST(ConfigToml, TablesNamedAfterPrefixesAndFlatKeysBothWork) {
    auto r = load_from({.toml = "environment = \"staging\"\nsymbols = [\"spy\", \"qqq\"]\nIBKR_PORT = 4002\n"
                                "[risk]\nmax_leverage = 1.5\nposition_sizing = \"kelly\"\n"
                                "[execution]\nshort_selling = true\n"});
    ASSERT_TRUE(r.ok()) << all_messages(r);
    EXPECT_EQ(r.config.environment, robo::config::Environment::staging);
    ASSERT_EQ(r.config.symbols.size(), 2u);
    EXPECT_EQ(r.config.symbols[1].view(), "QQQ");
    EXPECT_EQ(r.config.ibkr.port, 4002);
    EXPECT_DOUBLE_EQ(r.config.risk.max_leverage, 1.5);
    EXPECT_EQ(r.config.risk.position_sizing, robo::config::PositionSizing::kelly);
    EXPECT_TRUE(r.config.execution.short_selling);
}

TEST(ConfigToml, SyntaxErrorNamesFileAndLine) {
    auto r = load_from({.toml = "[risk]\nmax_leverage = = 2\n"});
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(all_messages(r), HasSubstr("config.toml line 2: TOML syntax error"));
}

TEST(ConfigToml, UnknownKeyIsWarnedWithTheClosestName) {
    auto r = load_from({.toml = "[risk]\nmax_levrage = 2\n"});
    ASSERT_EQ(r.warnings().size(), 1u);
    EXPECT_THAT(r.warnings()[0], HasSubstr("unknown variable RISK_MAX_LEVRAGE"));
    EXPECT_THAT(r.warnings()[0], HasSubstr("did you mean RISK_MAX_LEVERAGE?"));
}

TEST(ConfigDotenv, QuotesExportCommentsAndWindowsLineEndings) {
    auto r = load_dotenv(
        "\xEF\xBB\xBF# a comment\r\n"
        "export IBKR_HOST=10.0.0.5\r\n"
        "IBKR_ACCOUNT='DU 123 # not a comment'\n"
        "MONITORING_CONTROL_TOKEN=\"tok\\\"en\" # trailing comment\n"
        "STRATEGY_ENABLED=rsi_2   # inline comment\n"
        "\n");
    ASSERT_TRUE(r.ok()) << all_messages(r);
    EXPECT_EQ(r.config.ibkr.host, "10.0.0.5");
    EXPECT_EQ(r.config.ibkr.account, "DU 123 # not a comment");
    EXPECT_EQ(r.config.monitoring.control_token, "tok\"en");
    EXPECT_EQ(r.config.strategy.enabled, std::vector<std::string>{"rsi_2"});
}

TEST(ConfigDotenv, LineWithoutEqualsIsAnErrorWithItsLineNumber) {
    auto r = load_dotenv("IBKR_PORT=7497\nIBKR_HOST 127.0.0.1\n");
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(all_messages(r), HasSubstr(".env line 2: expected KEY=VALUE, found \"IBKR_HOST 127.0.0.1\""));
}

TEST(ConfigDotenv, UnterminatedQuoteIsAnError) {
    auto r = load_dotenv("IBKR_ACCOUNT=\"DU1234567\n");
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(all_messages(r), HasSubstr("line 1: unterminated \" quote in IBKR_ACCOUNT"));
}

TEST(ConfigDotenv, SettingAVariableTwiceWarnsAndTheLaterWins) {
    auto r = load_dotenv("IBKR_CLIENT_ID=3\nIBKR_CLIENT_ID=9\n");
    EXPECT_EQ(r.config.ibkr.client_id, 9);
    ASSERT_EQ(r.warnings().size(), 1u);
    EXPECT_THAT(r.warnings()[0], HasSubstr("IBKR_CLIENT_ID is set twice"));
}

TEST(ConfigDotenv, MissingExplicitFileIsAnError) {
    robo::config::LoadOptions o;
    o.env_file = "/nonexistent/robo/.env";
    o.config_file = "/nonexistent/robo/config.toml";
    o.environment = std::vector<std::pair<std::string, std::string>>{};
    auto r = robo::config::load(o);
    EXPECT_EQ(r.errors().size(), 2u) << all_messages(r);
    EXPECT_THAT(all_messages(r), HasSubstr("/nonexistent/robo/.env: cannot read the .env file"));
}

TEST(ConfigForCommand, WarningsArePrefixedAndEveryErrorIsThrownTogether) {
    robo::config::LoadOptions o;
    o.environment = std::vector<std::pair<std::string, std::string>>{{"DATA_TIMEZON", "UTC"}};
    std::ostringstream warnings;
    auto r = robo::config::load_for_command(o, "robo_trader backtest", warnings);
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(warnings.str(), HasSubstr("robo_trader backtest: config: unknown variable DATA_TIMEZON"));

    o.env_file = "/nonexistent/robo/.env";
    o.overrides = {"RISK_MAX_LEVERAGE=-1"};
    try {
        robo::config::load_for_command(o, "robo_trader run", warnings);
        FAIL() << "a missing named file and a bad value load";
    } catch (const robo::config::ConfigError& e) {
        ASSERT_EQ(e.errors().size(), 2u) << e.what();
        EXPECT_THAT(e.what(), HasSubstr("/nonexistent/robo/.env: cannot read the .env file"));
        EXPECT_THAT(e.what(), HasSubstr("RISK_MAX_LEVERAGE"));
    }
}

TEST(ConfigUnknown, TypoWithProjectPrefixIsWarnedNamingTheClosestOption) {
    auto r = load_env({{"DATA_TIMEZON", "UTC"}});
    EXPECT_TRUE(r.ok());
    ASSERT_EQ(r.warnings().size(), 1u);
    EXPECT_EQ(
        r.warnings()[0],
        "config: unknown variable DATA_TIMEZON (from environment) is ignored; did you mean DATA_TIMEZONE?");
    EXPECT_EQ(r.config.data.timezone, "America/New_York");
}

TEST(ConfigUnknown, UnknownDotenvVariableWithPrefixIsWarnedWithItsLine) {
    auto r = load_dotenv("RISK_MAX_POSITON_PCT=0.01\n");
    ASSERT_EQ(r.warnings().size(), 1u);
    EXPECT_THAT(r.warnings()[0], HasSubstr("RISK_MAX_POSITON_PCT (from"));
    EXPECT_THAT(r.warnings()[0], HasSubstr("line 1) is ignored; did you mean RISK_MAX_POSITION_PCT?"));
}

TEST(ConfigUnknown, OtherPeoplesVariablesAreLeftAlone) {
    auto r = load_from(
        {.dotenv = "OPENAI_API_KEY=sk-123\n", .environment = {{"PATH", "/usr/bin"}, {"HOME", "/root"}}});
    EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
}

TEST(ConfigUnknown, UnknownFlagIsAnError) {
    auto r = load_from({.flags = {"IBKR_PROT=7497"}});
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(all_messages(r),
                HasSubstr("unknown variable IBKR_PROT (from --set); did you mean IBKR_PORT?"));
}

TEST(ConfigUnknown, FlagWithoutEqualsIsAnError) {
    auto r = load_from({.flags = {"IBKR_PORT"}});
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(all_messages(r), HasSubstr("--set expects KEY=VALUE, found \"IBKR_PORT\""));
}

TEST(ConfigDotenv, NamesAreCaseInsensitiveAsInThePythonSystem) {
    auto r = load_from({.dotenv = "ibkr_port=4002\n", .environment = {{"Risk_Max_Leverage", "1.5"}}});
    ASSERT_TRUE(r.ok()) << all_messages(r);
    EXPECT_EQ(r.config.ibkr.port, 4002);
    EXPECT_DOUBLE_EQ(r.config.risk.max_leverage, 1.5);
}
