// The limits come from the configuration (RISK_*, EXECUTION_SHORT_SELLING) and agree with
// RiskLimits' own defaults; the market-closed check runs on the NYSE calendar.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "desk.hpp"
#include "robo/config/loader.hpp"
#include "robo/log/memory_audit_sink.hpp"

namespace robo::risk::test {
namespace {

config::Config load_with(std::vector<std::string> overrides) {
    auto dir = std::filesystem::temp_directory_path() / ("robo-risk-cfg-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "empty.env").flush();
    std::ofstream(dir / "empty.toml").flush();
    config::LoadOptions o;
    o.env_file = dir / "empty.env";
    o.config_file = dir / "empty.toml";
    o.environment = std::vector<std::pair<std::string, std::string>>{};
    o.overrides = std::move(overrides);
    auto result = config::load(o);
    std::filesystem::remove_all(dir);
    EXPECT_TRUE(result.ok()) << (result.errors().empty() ? "" : result.errors().front());
    return result.config;
}

TEST(RiskFromConfig, ShippedConfigurationDefaultsEqualTheLimitsDefaults) {
    RiskLimits from = from_config(load_with({}));
    RiskLimits def;
    EXPECT_EQ(from.position_sizing, def.position_sizing);
    EXPECT_EQ(from.kelly_fraction, def.kelly_fraction);
    EXPECT_EQ(from.atr_multiplier, def.atr_multiplier);
    EXPECT_EQ(from.max_position_pct, def.max_position_pct);
    EXPECT_EQ(from.max_daily_loss_pct, def.max_daily_loss_pct);
    EXPECT_EQ(from.max_drawdown_pct, def.max_drawdown_pct);
    EXPECT_EQ(from.max_portfolio_heat, def.max_portfolio_heat);
    EXPECT_EQ(from.correlation_limit, def.correlation_limit);
    EXPECT_EQ(from.max_leverage, def.max_leverage);
    EXPECT_EQ(from.max_sector_exposure, def.max_sector_exposure);
    EXPECT_EQ(from.max_order_notional, def.max_order_notional);
    EXPECT_EQ(from.max_daily_notional, def.max_daily_notional);
    EXPECT_EQ(from.max_open_positions, def.max_open_positions);
    EXPECT_EQ(from.stop_loss_pct, def.stop_loss_pct);
    EXPECT_EQ(from.min_volume, def.min_volume);
    EXPECT_EQ(from.min_price, def.min_price);
    EXPECT_EQ(from.max_orders_per_minute, def.max_orders_per_minute);
    EXPECT_EQ(from.kill_switch_violations, def.kill_switch_violations);
    EXPECT_EQ(from.kill_switch_window_seconds, def.kill_switch_window_seconds);
    EXPECT_EQ(from.short_selling, def.short_selling);
    EXPECT_EQ(from.validate(), "");
}

TEST(RiskFromConfig, EachVariableReachesItsLimit) {
    RiskLimits l = from_config(
        load_with({"RISK_POSITION_SIZING=kelly", "RISK_MAX_POSITION_PCT=0.05", "RISK_CORRELATION_LIMIT=0.55",
                   "RISK_MAX_ORDER_NOTIONAL=2500.50", "RISK_KILL_SWITCH_VIOLATIONS=3",
                   "RISK_KILL_SWITCH_WINDOW_SECONDS=60", "RISK_MIN_PRICE=2.5", "EXECUTION_SHORT_SELLING=true",
                   "DATA_STALE_SECONDS=12"}));
    EXPECT_EQ(l.position_sizing, SizingMethod::kelly);
    EXPECT_EQ(l.max_position_pct, 0.05);
    EXPECT_EQ(l.correlation_limit, 0.55);
    EXPECT_EQ(l.max_order_notional, Money::parse("2500.50"));
    EXPECT_EQ(l.kill_switch_violations, 3);
    EXPECT_EQ(l.kill_switch_window_seconds, 60);
    EXPECT_EQ(l.min_price, px("2.5"));
    EXPECT_TRUE(l.short_selling);
    EXPECT_EQ(l.max_quote_age_seconds, 12);
}

TEST(RiskCalendar, OrdersAreRefusedOutsideTheNyseRegularSession) {
    log::MemoryAuditSink audit;
    KillSwitch ks({}, audit);
    RiskGate gate(wide_limits(), test_sectors(), nyse_regular_hours(), ks, audit);
    MemoryPortfolio pf(usd(100'000));
    auto at = [&](Timestamp t) {
        gate.update_market(Symbol("AAPL"), px("100"), t, 1e7);
        return gate.evaluate(buy("AAPL", shares(1)), pf, t);
    };
    // Monday 2024-03-04: 09:30 New York is 14:30 UTC (EST).
    EXPECT_TRUE(at(from_civil(2024, 3, 4, 14, 30)).accepted());
    EXPECT_TRUE(at(from_civil(2024, 3, 4, 14, 29, 59)).has(Violation::MarketClosed));
    EXPECT_TRUE(at(from_civil(2024, 3, 4, 20, 59, 59)).accepted());
    EXPECT_TRUE(at(from_civil(2024, 3, 4, 21, 0)).has(Violation::MarketClosed));   // 16:00 close
    EXPECT_TRUE(at(from_civil(2024, 3, 29, 15, 0)).has(Violation::MarketClosed));  // Good Friday
    EXPECT_TRUE(at(from_civil(2024, 3, 9, 15, 0)).has(Violation::MarketClosed));   // Saturday
}

}  // namespace
}  // namespace robo::risk::test
