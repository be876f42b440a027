#include "robo/engine/pre_trade.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace robo::engine {

nlohmann::json PreTradeGate::limits_json() const { return {{"gate", "none"}}; }

nlohmann::json PreTradeGate::risk_json(Timestamp) const {
    return {{"kill_switch_tripped", kill_switch_tripped()}, {"kill_switch_reason", kill_switch_state()}};
}

nlohmann::json GateTally::to_json() const {
    return {{"refused", refusals},
            {"refused_with_several_kinds", multi_kind},
            {"by_kind", by_kind},
            {"kill_switch_trips", trips},
            {"kill_switch_trips_by_trigger", trips_by_trigger}};
}

std::string describe_refusals(const GateTally& t) {
    if (t.refusals == 0) return {};
    std::string s;
    int64_t kinds = 0;
    for (const auto& [kind, n] : t.by_kind) {
        s += fmt::format("{}{} {}", kinds ? ", " : "", kind, n);
        kinds += n;
    }
    if (t.multi_kind > 0)
        s += fmt::format(
            " ({} orders refused; {} of them for several kinds at once, so the kinds add up to {})",
            t.refusals, t.multi_kind, kinds);
    return s;
}

Verdict BasicGate::check(const GateInput& in) {
    std::string_view kind;
    Verdict v = judge(in, kind);
    if (!v.accepted) {
        ++tally_.refusals;
        ++tally_.by_kind[std::string(kind)];
    }
    return v;
}

std::string BasicGate::refusal_summary() const { return describe_refusals(tally_); }

nlohmann::json BasicGate::limits_json() const {
    return {{"gate", "basic"},
            {"max_position_share", limits_.max_position_share},
            {"max_leverage", limits_.max_leverage},
            {"allow_short", limits_.allow_short}};
}

Verdict BasicGate::judge(const GateInput& in, std::string_view& kind) const {
    const Order& o = in.order;
    const Quantity held = in.portfolio.quantity(o.symbol);
    const Quantity delta = o.side == Side::buy ? o.quantity : -o.quantity;
    const Quantity after = held + delta;
    // An order that only shrinks the position (without crossing zero) is always allowed:
    // exits must never be blocked by the limits they help restore.
    const bool reducing = !held.is_zero() && after.abs() <= held.abs() &&
                          (after.is_zero() || after.is_positive() == held.is_positive());
    if (reducing) return Verdict::accept();
    kind = "kill_switch";
    if (!tripped_.empty()) return Verdict::refuse("kill switch tripped (" + tripped_ + "): only exits pass");
    kind = "short_selling";
    if (after.is_negative() && !limits_.allow_short)
        return Verdict::refuse(fmt::format("short selling is off: {} {} {} would leave {} {}",
                                           to_string(o.side), o.quantity.to_string(), o.symbol.view(),
                                           after.to_string(), o.symbol.view()));
    const Money equity = in.portfolio.equity();
    kind = "no_equity";
    if (!equity.is_positive())
        return Verdict::refuse("equity is " + equity.to_string() + ", no new positions");
    const Quantity m = in.portfolio.multipliers().of(o.symbol);  // EXECUTION_CONTRACT_MULTIPLIER
    const double position = std::abs((in.reference * contract_units(after, m)).to_double());
    const double share = position / equity.to_double();
    kind = "position_size";
    if (share > limits_.max_position_share + 1e-12)
        return Verdict::refuse(fmt::format("position {} would be {:.4f} of equity, limit {:.4f}",
                                           o.symbol.view(), share, limits_.max_position_share));
    const double current = std::abs((in.reference * contract_units(held, m)).to_double());
    const double gross = in.portfolio.gross_exposure().to_double() - current + position;
    const double leverage = gross / equity.to_double();
    kind = "leverage";
    if (leverage > limits_.max_leverage + 1e-12)
        return Verdict::refuse(fmt::format("gross exposure would be {:.4f} x equity, limit {:.4f}", leverage,
                                           limits_.max_leverage));
    return Verdict::accept();
}

}  // namespace robo::engine
