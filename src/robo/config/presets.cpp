#include "robo/config/presets.hpp"

namespace robo::config {
namespace {

const PresetValue kPresets[] = {
    {Environment::dev, "MONITORING_LOG_LEVEL", "debug", "see what the system does while developing"},
    {Environment::dev, "MONITORING_LOG_FORMAT", "text", "readable in a terminal"},
    {Environment::staging, "MONITORING_LOG_FORMAT", "json", "as in production, for log shipping"},
    {Environment::staging, "LOG_FILE", "logs/robo_trader.log", "keep logs of rehearsal runs"},
    {Environment::production, "MONITORING_LOG_FORMAT", "json", "machine-readable logs"},
    {Environment::production, "LOG_FILE", "logs/robo_trader.log", "logs survive the terminal"},
    {Environment::production, "RISK_MAX_POSITION_PCT", "0.01", "half the dev position size until proven"},
    {Environment::production, "RISK_MAX_DAILY_LOSS_PCT", "0.003", "stop early on a bad day"},
    {Environment::production, "RISK_MAX_LEVERAGE", "1.5", "less margin exposure with real money"},
};

const ProductionRule kProductionRules[] = {
    {"RISK_MAX_POSITION_PCT", 0.05, "", "no single position above 5% of equity"},
    {"RISK_MAX_DAILY_LOSS_PCT", 0.02, "", "a day may not lose more than 2%"},
    {"RISK_MAX_PORTFOLIO_HEAT", 0.10, "", "open risk to stops at most 10% of equity"},
    {"RISK_MAX_LEVERAGE", 2.0, "", "at most 2x gross exposure"},
    {"RISK_MAX_DRAWDOWN_PCT", 0.20, "", "the kill switch trips by a 20% drawdown"},
    {"RISK_KILL_SWITCH_VIOLATIONS", 10, "", "the kill switch trips by 10 violations"},
    {"RISK_MAX_ORDERS_PER_MINUTE", 120, "", "no runaway order loops"},
    {"MONITORING_AUDIT_FSYNC", 0, "every_record", "audit records must survive a crash"},
};

}  // namespace

std::span<const PresetValue> presets() noexcept { return kPresets; }
std::span<const ProductionRule> production_rules() noexcept { return kProductionRules; }

}  // namespace robo::config
