// engine/trader_flatten.cpp — the operator's flatten: every working order cancelled, every
// position closed with a market order, through the same gate as any other order.
//
// Exits are what the gate always lets through (also with a tripped kill switch; a closed
// market still refuses them, and the refusal is audited like any other). A market exit
// that is already working is kept: it closes its position already. After a flatten the
// trader holds off the direction each symbol had, so the strategies do not re-enter at
// once; they can when they change their mind. Never fills anything itself; a partial fill
// that races a cancel on a real broker leaves a remainder that a second flatten closes.
#include <unordered_set>

#include "robo/engine/trader.hpp"
#include "robo/log/log.hpp"

namespace robo::engine {

FlattenResult Trader::flatten(Timestamp now, std::string_view reason) {
    using strategy::Direction;
    FlattenResult r;
    std::unordered_set<std::string> keep;
    for (const auto& [symbol, st] : states_)
        if (!st.pending.empty() && !st.pending_is_entry && !portfolio_.quantity(symbol).is_zero())
            keep.insert(st.pending);
    for (const auto* mo : orders_.working())
        if (!keep.count(mo->order.client_id) && broker_.cancel(mo->order.client_id, now)) ++r.cancelled;

    // Entries being cancelled: no longer pending, and not retried until the wish changes.
    for (auto& [symbol, st] : states_) {
        st.entry_stop.reset();
        if (st.pending.empty() || keep.count(st.pending)) continue;
        if (const auto* mo = orders_.find(st.pending); mo && st.pending_is_entry) {
            st.holding_off = true;
            st.hold_off = mo->order.side == Side::buy ? Direction::long_ : Direction::short_;
        }
        st.pending.clear();
    }
    for (const auto& book : portfolio_.books()) {
        if (book.flat()) continue;
        SymbolState& st = states_[book.symbol];
        st.holding_off = true;
        st.hold_off = book.quantity.is_positive() ? Direction::long_ : Direction::short_;
        if (keep.count(st.pending)) {
            ++r.exits_working;
            continue;
        }
        Order o;
        o.symbol = book.symbol;
        o.strategy = "flatten";
        o.side = book.quantity.is_positive() ? Side::sell : Side::buy;
        o.quantity = book.quantity.abs();
        o.type = OrderType::market;
        o.tif = TimeInForce::day;
        const Price reference = book.marked ? book.mark : book.average_cost().value_or(Price{});
        if (send(o, reference, now, st, false, {})) {  // the operator's: no strategy's
            ++r.exits_sent;
        } else {
            ++r.refused;
            r.refused_symbols.push_back(book.symbol.str());
        }
    }
    nlohmann::json fields{{"reason", reason},
                          {"time", format_iso_micros(now)},
                          {"cancelled", r.cancelled},
                          {"exits_sent", r.exits_sent},
                          {"exits_working", r.exits_working},
                          {"refused", r.refused},
                          {"refused_symbols", r.refused_symbols}};
    audit_.record("flatten", fields);
    log::warn("engine", "flatten", fields);
    return r;
}

}  // namespace robo::engine
