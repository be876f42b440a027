// engine/trader_positions.cpp — what the trader does with a reconciliation of the broker's
// positions with the ledger (see position_check.hpp): every verdict is on the audit trail,
// and a confirmed break stops new exposure at once. Exits and protective stops still
// pass the tripped switch, but the operator must look: the ledger no longer knows what
// the account holds.
#include "robo/engine/trader.hpp"
#include "robo/log/log.hpp"

namespace robo::engine {

namespace {
nlohmann::json differences_json(const PositionVerdict& v) {
    auto out = nlohmann::json::array();
    for (const auto& d : v.differences)
        out.push_back({{"symbol", d.symbol.view()},
                       {"broker", d.broker.to_string()},
                       {"ledger", d.ledger.to_string()}});
    return out;
}
}  // namespace

void Trader::on_positions_checked(const PositionVerdict& v, Timestamp now) {
    const std::string time = format_iso_micros(now);
    if (v.cash_difference) {
        audit_.record("account_cash_difference",
                      {{"broker_less_ledger", v.cash_difference->to_string(2)}, {"time", time}});
        log::warn(
            "engine", "account_cash_difference",
            {{"broker_less_ledger", v.cash_difference->to_string(2)},
             {"note", "the account's cash moved differently from the ledger's since the session began"}});
    }
    switch (v.kind) {
        case PositionVerdict::Kind::baseline: {
            auto held = nlohmann::json::array();
            for (const auto& [s, q] : v.held_before)
                held.push_back({{"symbol", s.view()}, {"quantity", q.to_string()}});
            audit_.record("positions_baseline",
                          {{"held_before_session", held}, {"open", v.open}, {"time", time}});
            if (!v.held_before.empty())
                log::warn(
                    "engine", "positions_held_before_session",
                    {{"positions", held},
                     {"note", "the session neither counts nor trades these; risk limits see only its own"}});
            return;
        }
        case PositionVerdict::Kind::equal:
            audit_.record(
                "positions_reconciled",
                {{"open", v.open},
                 {"cash", v.cash_checked ? (v.cash_difference ? "differs" : "equal") : "not reported"},
                 {"time", time}});
            log::info("engine", "positions_reconciled", {{"open", v.open}, {"cash_checked", v.cash_checked}});
            return;
        case PositionVerdict::Kind::suspect:
            log::warn("engine", "position_difference",
                      {{"differences", differences_json(v)}, {"action", "asking again"}});
            return;
        case PositionVerdict::Kind::confirmed:
            break;
    }
    audit_.record("position_break", {{"differences", differences_json(v)}, {"time", time}});
    log::error("engine", "position_break", {{"differences", differences_json(v)}});
    std::string why = "position break: " + v.describe();
    if (auto err = gate_.system_trip("position_break", why, now); !err.empty())
        log::error("engine", "position_break_not_halted", {{"why", err}});
}

}  // namespace robo::engine
