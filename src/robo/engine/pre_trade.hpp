// engine/pre_trade.hpp — the gate every order passes before it reaches a broker, and
// the sizing that turns a wish into a quantity.
//
// PreTradeGate is the seam the risk component plugs into (risk::RiskGate through an
// adapter). BasicGate is the engine's own minimal gate for sessions run without the
// full risk configuration: it refuses new exposure while a kill switch is tripped,
// positions above a share of equity, gross exposure above a leverage limit, and shorts
// when short selling is off. Reducing orders always pass. "Exactly at the limit"
// passes. A refusal carries one line saying which limit, the number and the limit.
#pragma once
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "robo/core/order.hpp"
#include "robo/exec/portfolio.hpp"

namespace robo::engine {

struct GateInput {
    const Order& order;
    Price reference;  // the last price known for the symbol
    const exec::Portfolio& portfolio;
    Timestamp now;
};

struct Verdict {
    bool accepted = true;
    std::string reason;  // when refused
    static Verdict accept() { return {}; }
    static Verdict refuse(std::string why) { return {false, std::move(why)}; }
};

// What a gate refused and how often its kill switch tripped, for the summary and the report.
struct GateTally {
    int64_t refusals = 0;                    // orders refused
    int64_t multi_kind = 0;                  // refusals that carried more than one kind
    std::map<std::string, int64_t> by_kind;  // each refusal under every kind it carried
    int64_t trips = 0;
    std::map<std::string, int64_t> trips_by_trigger;  // "violations", "daily_loss", ...
    nlohmann::json to_json() const;
};

// "correlation 319, open_positions 536 (743 orders refused; 112 of them for several kinds
// at once, so the kinds add up to 855)"; empty when nothing was refused.
std::string describe_refusals(const GateTally& tally);

class PreTradeGate {
public:
    PreTradeGate() = default;
    virtual ~PreTradeGate() = default;
    // A gate is used through references (the trader's, the engine's): assigning one through
    // a base reference would copy only the base and keep the old limits, so it does not compile.
    PreTradeGate(const PreTradeGate&) = delete;
    PreTradeGate& operator=(const PreTradeGate&) = delete;
    virtual Verdict check(const GateInput& in) = 0;
    // For the health snapshot: "armed", "tripped: <reason>", ...
    virtual std::string kill_switch_state() const { return "none"; }
    // Whether the kill switch is tripped now (entries are then held back by the trader). A
    // gate with a kill switch answers this itself; nothing reads it out of the state's text.
    virtual bool kill_switch_tripped() const { return false; }
    // Sees every fill and every piece of market data (mark price, the data's volume, the
    // engine's clock), for gates that track state (daily loss, drawdown, volume).
    virtual void on_fill(const Fill&) {}
    // The clock moved (before the broker or the ledger see the new data): day boundaries.
    virtual void on_clock(Timestamp) {}
    // `interval`: the bar's timeframe, zero for a quote or a trade (the data's time scale).
    virtual void on_data(Symbol, Price, Quantity, Timestamp, Duration /*interval*/) {}
    // Portfolio-level checks after the ledger is marked (once per timestamp).
    virtual void monitor(Timestamp) {}
    // True once after the kill switch tripped (the engine then cancels working orders).
    virtual bool take_trip() { return false; }
    // Refusals by kind, for the summary ("position_size 12, order_rate 3").
    virtual std::string refusal_summary() const { return {}; }
    virtual GateTally tally() const { return {}; }
    // The gate and the limits in force, for summary.json and the report.
    virtual nlohmann::json limits_json() const;  // {"gate": "none"}
    // An operator's trip or reset (the dashboard's control). Returns an error text, or
    // empty when done; a trip then cancels working orders through take_trip().
    virtual std::string operator_trip(const std::string&, Timestamp) {
        return "this gate has no kill switch";
    }
    virtual std::string operator_reset(const std::string&, Timestamp) {
        return "this gate has no kill switch";
    }
    // A trip by the system itself (`trigger`: a short code such as "position_break").
    virtual std::string system_trip(std::string_view /*trigger*/, const std::string& reason, Timestamp now) {
        return operator_trip(reason, now);
    }
    // Adopts a change another process made to a persisted kill switch (the operator's
    // `robo_trader risk trip|reset`); true when the state changed. Engine thread only.
    virtual bool sync_kill_switch(Timestamp) { return false; }
    // The risk state for the dashboard's gauges (risk/'s RiskSnapshot where there is one).
    virtual nlohmann::json risk_json(Timestamp) const;  // the kill switch's state
};

struct BasicGateLimits {
    double max_position_share = 0.10;  // |position value| / equity
    double max_leverage = 1.0;         // gross exposure / equity
    bool allow_short = false;
};

class BasicGate final : public PreTradeGate {
public:
    explicit BasicGate(BasicGateLimits limits = {}) : limits_(limits) {}
    Verdict check(const GateInput& in) override;
    std::string kill_switch_state() const override {
        return tripped_.empty() ? "armed" : "tripped: " + tripped_;
    }
    bool kill_switch_tripped() const override { return !tripped_.empty(); }
    // Trips the kill switch: new exposure is refused until reset; exits still pass.
    void trip(std::string reason) { tripped_ = std::move(reason); }
    void reset() { tripped_.clear(); }
    std::string operator_trip(const std::string& reason, Timestamp) override {
        trip(reason.empty() ? "operator" : reason);
        return {};
    }
    std::string operator_reset(const std::string&, Timestamp) override {
        reset();
        return {};
    }
    bool take_trip() override {
        const bool news = !tripped_.empty() && !trip_taken_;
        trip_taken_ = !tripped_.empty();
        tally_.trips += news;
        if (news) ++tally_.trips_by_trigger["operator"];
        return news;
    }
    std::string refusal_summary() const override;
    GateTally tally() const override { return tally_; }
    nlohmann::json limits_json() const override;

private:
    Verdict judge(const GateInput& in, std::string_view& kind) const;  // kind: of a refusal
    BasicGateLimits limits_;
    GateTally tally_;
    std::string tripped_;
    bool trip_taken_ = false;  // the engine has acted on the current trip
};

}  // namespace robo::engine
