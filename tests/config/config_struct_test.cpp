// The typed struct, the option table's own consistency, secrets, and the generated files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config_helpers.hpp"
#include "robo/config/presets.hpp"
#include "robo/config/report.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "support/paths.hpp"

using namespace robo::test;
using namespace robo::config;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

TEST(ConfigTable, EveryDefaultIsValidAndLoadsClean) {
    auto r = load_env({});
    EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
    for (const auto& v : r.values) EXPECT_TRUE(v.valid) << v.def->name;
}

TEST(ConfigTable, NamesAreUniqueUppercaseAndDocumented) {
    std::set<std::string_view> names;
    for (const auto& d : options()) {
        EXPECT_TRUE(names.insert(d.name).second) << "duplicate " << d.name;
        EXPECT_FALSE(d.doc.empty()) << d.name;
        EXPECT_NE(d.store, nullptr) << d.name;
        for (char c : d.name) EXPECT_TRUE(std::isupper(static_cast<unsigned char>(c)) || c == '_') << d.name;
    }
}

TEST(ConfigTable, PresetsAndProductionRulesNameRealOptionsWithValidValues) {
    for (const auto& p : presets()) {
        const OptionDef* d = find_option(p.name);
        ASSERT_NE(d, nullptr) << p.name;
        std::string problem;
        EXPECT_TRUE(parse_option(*d, p.value, problem)) << p.name << "=" << p.value;
    }
    for (const auto& rule : production_rules()) EXPECT_NE(find_option(rule.name), nullptr) << rule.name;
}

TEST(ConfigStruct, DefaultsMatchTheIssue) {
    const Config c = load_env({}).config;
    EXPECT_EQ(c.execution.mode, ExecutionMode::paper);
    EXPECT_EQ(c.environment, Environment::dev);
    EXPECT_DOUBLE_EQ(c.risk.max_position_pct, 0.02);
    EXPECT_DOUBLE_EQ(c.risk.max_daily_loss_pct, 0.005);
    EXPECT_DOUBLE_EQ(c.risk.max_portfolio_heat, 0.06);
    EXPECT_DOUBLE_EQ(c.risk.correlation_limit, 0.7);
    EXPECT_DOUBLE_EQ(c.risk.max_leverage, 2.0);
    EXPECT_DOUBLE_EQ(c.risk.max_sector_exposure, 0.3);
    EXPECT_EQ(c.risk.max_order_notional, robo::Money::from_units(10000));
    EXPECT_EQ(c.risk.max_daily_notional, robo::Money::from_units(100000));
    EXPECT_EQ(c.risk.max_open_positions, 20);
    EXPECT_DOUBLE_EQ(c.risk.kelly_fraction, 0.25);
    EXPECT_EQ(c.risk.kill_switch_violations, 5);
    EXPECT_EQ(c.risk.kill_switch_window_seconds, 300);
    EXPECT_EQ(c.default_cash, robo::Money::from_units(100000));
    EXPECT_EQ(c.monitoring.http_bind, "127.0.0.1");
    EXPECT_EQ(c.ibkr.port, 7497);
}

TEST(ConfigStruct, ValuesLandInTheirTypedFields) {
    auto r = load_env({{"DEFAULT_CASH", "25000.50"},
                       {"SYMBOLS", " aapl , brk.b "},
                       {"STRATEGY_TIMEFRAME", "5m"},
                       {"STRATEGY_ENABLED", "sma_crossover,rsi_reversion"},
                       {"RISK_MIN_PRICE", "2.5"},
                       {"RISK_MIN_VOLUME", "250000"},
                       {"DATA_DIR", "/srv/data"},
                       {"MONITORING_LOG_FORMAT", "json"},
                       {"LOG_FILE", "/var/log/robo.log"}});
    ASSERT_TRUE(r.ok()) << all_messages(r);
    const Config& c = r.config;
    EXPECT_EQ(c.default_cash, robo::Money::parse("25000.5"));
    ASSERT_EQ(c.symbols.size(), 2u);
    EXPECT_EQ(c.symbols[0].view(), "AAPL");
    EXPECT_EQ(c.symbols[1].view(), "BRK.B");
    EXPECT_EQ(c.strategy.timeframe, std::optional<robo::Timeframe>(robo::Timeframe::m5));
    EXPECT_EQ(c.strategy.enabled, (std::vector<std::string>{"sma_crossover", "rsi_reversion"}));
    EXPECT_EQ(c.risk.min_price, robo::Price::parse("2.5"));
    EXPECT_EQ(c.risk.min_volume, 250000);
    EXPECT_EQ(c.data.dir, "/srv/data");
    EXPECT_EQ(c.log_file, "/var/log/robo.log");
    auto lo = log_options(c);
    EXPECT_EQ(lo.format, robo::log::Format::json);
    EXPECT_EQ(lo.file, "/var/log/robo.log");
    EXPECT_EQ(lo.max_file_bytes, 50u * 1024 * 1024);
}

TEST(ConfigSecrets, NeverAppearInTheCheckReportOrTheAuditRecord) {
    auto r = load_env({{"MONITORING_CONTROL_TOKEN", "tok-SUPERSECRET-123456"},
                       {"IBKR_ACCOUNT", "DU7654321"},
                       {"MONITORING_ALERT_WEBHOOK", "https://hooks.example/T0/B0/SECRETPATH"}});
    ASSERT_TRUE(r.ok()) << all_messages(r);
    const std::string report = render_check_report(r);
    robo::log::MemoryAuditSink sink;
    audit_startup(r, sink);
    ASSERT_EQ(sink.entries.size(), 1u);
    EXPECT_EQ(sink.entries[0].kind, "config_loaded");
    const std::string audit = sink.entries[0].fields.dump();
    for (const char* secret : {"SUPERSECRET", "DU7654321", "SECRETPATH"}) {
        EXPECT_THAT(report, Not(HasSubstr(secret)));
        EXPECT_THAT(audit, Not(HasSubstr(secret)));
    }
    EXPECT_THAT(report, HasSubstr("MONITORING_CONTROL_TOKEN"));
    EXPECT_THAT(report, HasSubstr("<redacted>"));
    EXPECT_EQ(sink.entries[0].fields["values"]["IBKR_ACCOUNT"]["source"], "environment");
}

TEST(ConfigSecrets, CheckReportShowsEachValuesSourceAndTheVerdict) {
    auto r = load_from({.dotenv = "IBKR_PORT=4002\n", .environment = {{"RISK_MAX_LEVERAGE", "9"}}});
    const std::string report = render_check_report(r);
    EXPECT_THAT(report, HasSubstr("IBKR_PORT"));
    EXPECT_THAT(report, HasSubstr(".env line 1)"));
    EXPECT_THAT(report, HasSubstr("(environment, INVALID)"));
    EXPECT_THAT(report, HasSubstr("error: config: RISK_MAX_LEVERAGE=9"));
    EXPECT_THAT(report, HasSubstr("configuration is INVALID: 1 error(s)"));
}

TEST(ConfigGenerated, EnvExampleAtTheRepoRootMatchesTheTable) {
    EXPECT_EQ(read_text(source_dir() / ".env.example"), render_env_example())
        << "regenerate with: ./build/robo_trader config example > .env.example";
}

TEST(ConfigGenerated, EnvExampleDocumentsEveryOptionAndLoadsClean) {
    const std::string text = render_env_example();
    for (const auto& d : options()) {
        EXPECT_THAT(text, HasSubstr(std::string("\n").append(d.name).append("="))) << d.name;
        EXPECT_THAT(text, HasSubstr("Allowed: " + describe_allowed(d))) << d.name;
    }
    auto r = load_dotenv(text);
    EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
}

TEST(ConfigGenerated, DocsAndReadmeReferenceMatchTheTable) {
    for (auto path : {source_dir() / "docs" / "config.md", source_dir() / "README.md"}) {
        const std::string doc = read_text(path);
        const std::string begin = "<!-- BEGIN GENERATED -->\n", end = "<!-- END GENERATED -->";
        auto b = doc.find(begin), e = doc.find(end);
        ASSERT_NE(b, std::string::npos) << path;
        ASSERT_NE(e, std::string::npos) << path;
        EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), render_reference_markdown())
            << path << ": regenerate the block with: ./build/robo_trader config reference";
    }
}
