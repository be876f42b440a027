#include "robo/engine/trader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "robo/exec/paper_broker.hpp"
#include "robo/log/log.hpp"

namespace robo::engine {

using strategy::Direction;

namespace {
Direction direction_of(Quantity q) {
    return q.is_positive() ? Direction::long_ : q.is_negative() ? Direction::short_ : Direction::flat;
}

// A stop price a US exchange accepts: whole cents at or above $1, hundredths of a cent
// below (Reg NMS rule 612); TWS refuses other prices (error 110). ATR and percentage stops
// carry sub-cent digits, so they are rounded towards the position (a long's sell stop up,
// a short's buy stop down): the risk taken stays within what the size assumed.
Price stop_on_tick(Price stop, bool protects_long) {
    const int64_t tick = stop.raw() >= Price::scale ? Price::scale / 100 : Price::scale / 10'000;
    const int64_t raw = stop.raw();
    int64_t down = raw / tick * tick;
    if (raw < 0 && down != raw) down -= tick;  // floor for negatives (never a real stop)
    const int64_t up = down == raw ? raw : down + tick;
    return Price::from_raw(protects_long ? up : down);
}

// What a rejection's budget is counted by when the broker gave no error code: its text up to
// the first ':' ("order held back" for the client's 1100 refusal). A code (201) is the key.
std::string reason_key(std::string_view reason) {
    std::string_view key = reason.substr(0, reason.find(':'));
    return std::string(key.substr(0, 60));
}

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }
}  // namespace

Trader::Trader(TraderConfig config, exec::OrderManager& orders, exec::Broker& broker,
               exec::Portfolio& portfolio, PreTradeGate& gate, log::AuditSink& audit)
    : config_(config),
      orders_(orders),
      broker_(broker),
      portfolio_(portfolio),
      gate_(gate),
      audit_(audit),
      sizer_(config.sizing, config.position_fraction) {}

const std::vector<strategy::StrategyId>& Trader::owners(const std::string& client_id) const {
    static const std::vector<strategy::StrategyId> none;
    auto it = owners_.find(client_id);
    return it == owners_.end() ? none : it->second;
}

Quantity Trader::held(Symbol symbol) const {
    const Quantity account = portfolio_.quantity(symbol);
    return held_elsewhere_ ? account - held_elsewhere_(symbol) : account;
}

bool Trader::send(Order order, Price reference, Timestamp now, SymbolState& st, bool entry,
                  const std::vector<strategy::StrategyId>& owners) {
    order.client_id = orders_.next_client_id(order.strategy);
    order.created = now;
    Verdict v = gate_.check({order, reference, portfolio_, now});
    if (!v.accepted) {
        ++stats_.gate_refusals;
        // A compact record: refusals come by the thousand in a backtest with the default limits.
        log::CompactRecord refusal("risk_rejected");
        refusal.text("symbol", order.symbol.view())
            .text("side", to_string(order.side))
            .decimal("quantity", order.quantity)
            .text("reason", v.reason)
            .time("time", now);
        audit_.record(refusal);
        return false;
    }
    orders_.submit(order, now);
    orders_.mark_submitted(order.client_id, now);
    if (!owners.empty()) owners_.emplace(order.client_id, owners);
    broker_.submit(order, now);
    ++stats_.orders;
    if (entry || order.type != OrderType::stop) {
        st.pending = order.client_id;
        st.pending_is_entry = entry;
    }
    return true;
}

void Trader::on_wish(const strategy::Wish& wish, Price reference, Timestamp now) {
    refresh_hold(now);
    SymbolState& st = states_[wish.symbol];
    if (!st.pending.empty()) return;  // reviewed when the working order ends
    if (st.parked) return;            // until an operator resets the kill switch
    if (now < st.retry_at) return;    // backing off after a rejection: reviewed when due
    if (st.holding_off) {
        if (wish.direction == st.hold_off) return;
        st.holding_off = false;
    }
    const Quantity held = this->held(wish.symbol);
    const Direction have = direction_of(held);
    if (wish.direction == have) {
        if (have != Direction::flat && broker_hold_.reason.empty()) trail_stop(wish, reference, now, st);
        return;
    }
    // The broker would refuse it: wait (once-per-change audit) and look again when it clears.
    if (!broker_hold_.reason.empty()) return hold_wish(st, broker_hold_);

    Order o;
    o.symbol = wish.symbol;
    o.strategy = wish.strategy;
    if (have != Direction::flat) {
        // Exit first (the whole position); an entry the other way follows on review.
        if (!st.stop_order.empty()) {
            broker_.cancel(st.stop_order, now);
        }
        o.side = held.is_positive() ? Side::sell : Side::buy;
        o.quantity = held.abs();
        o.type = OrderType::market;
        o.tif = TimeInForce::day;
        if (!send(o, reference, now, st, false, wish.strategies)) {
            st.holding_off = true;
            st.hold_off = wish.direction;
        }
        return;
    }
    const Side side = wish.direction == Direction::long_ ? Side::buy : Side::sell;
    // An entry always has a deciding strategy: one that wants this direction.
    const strategy::StrategyId decider = wish.strategies.empty() ? 0 : wish.strategies.front();
    SizeChoice size = sizer_.size(wish.symbol, decider, side, reference, portfolio_);
    if (size.zero_cause == risk::ZeroCause::no_edge) note_no_edge(decider, o.strategy, size.note, now);
    if (size.quantity.is_positive() && size.bound != risk::SizeBound::none) {
        ++stats_.sizes_capped;
        ++stats_.caps["capped at " + std::string(risk::to_string(size.bound))];
    }
    if (!size.quantity.is_positive()) {
        ++stats_.zero_size;
        audit_.record("sizing_zero", {{"symbol", wish.symbol.view()},
                                      {"method", to_string(size.method)},
                                      {"reason", size.note},
                                      {"reference", reference.to_string()},
                                      {"equity", portfolio_.equity().to_string()},
                                      {"time", format_iso_micros(now)}});
        st.holding_off = true;
        st.hold_off = wish.direction;
        return;
    }
    const Quantity qty = size.quantity;
    std::optional<Price> stop = wish.stop ? wish.stop : size.stop;
    if (stop) stop = stop_on_tick(*stop, side == Side::buy);
    o.side = side;
    o.quantity = qty;
    o.type = OrderType::market;
    o.tif = config_.entry_tif;
    o.protective_stop = stop;
    if (!kill_hold_.reason.empty()) {
        // A tripped kill switch refuses every entry: held back, audited once per trip, and
        // like a refusal not retried until the strategies change their mind.
        hold_wish(st, kill_hold_);
        st.held = false;  // nothing to review when it clears
        st.holding_off = true;
        st.hold_off = wish.direction;
        return;
    }
    if (send(o, reference, now, st, true, wish.strategies)) {
        st.entry_stop = config_.protective_stops ? stop : std::nullopt;
        st.trade_owner = decider;
    } else {
        st.holding_off = true;
        st.hold_off = wish.direction;
    }
}

void Trader::note_no_edge(strategy::StrategyId id, const std::string& strategy, const std::string& why,
                          Timestamp now) {
    ++stats_.kelly_no_edge;
    if (std::find(no_edge_told_.begin(), no_edge_told_.end(), id) != no_edge_told_.end()) return;
    no_edge_told_.push_back(id);
    audit_.record("kelly_no_edge", {{"strategy", strategy},
                                    {"reason", why},
                                    {"recovery", kKellyRecovery},
                                    {"time", format_iso_micros(now)}});
    log::warn("trader", "kelly_no_edge", {{"strategy", strategy}, {"reason", why}});
}

void Trader::trail_stop(const strategy::Wish& wish, Price reference, Timestamp now, SymbolState& st) {
    if (!config_.trail_stops || !wish.stop || st.stop_order.empty()) return;
    const exec::ManagedOrder* mo = orders_.find(st.stop_order);
    // Not acknowledged yet or not working any more, or a modification awaiting the broker's
    // answer: the wish is looked at again on the acknowledgement or the answer.
    if (!mo || mo->status == OrderStatus::submitted || !mo->working() || mo->pending_modify ||
        !mo->order.stop)
        return;
    const bool long_stop = mo->order.side == Side::sell;  // protects a long
    const Price current = *mo->order.stop, wanted = stop_on_tick(*wish.stop, long_stop);
    if (long_stop ? wanted <= current : wanted >= current) return;  // never against the position
    if (long_stop ? wanted >= reference : wanted <= reference) {
        audit_.record("stop_move_skipped", {{"client_id", mo->order.client_id},
                                            {"symbol", wish.symbol.view()},
                                            {"stop", current.to_string()},
                                            {"wanted", wanted.to_string()},
                                            {"reference", reference.to_string()},
                                            {"reason", "the new stop is at or through the last price"},
                                            {"time", format_iso_micros(now)}});
        return;
    }
    Order amended = mo->order;
    amended.stop = wanted;
    amended.protective_stop = wanted;
    Verdict v = gate_.check({amended, reference, portfolio_, now});
    if (!v.accepted) {
        ++stats_.stop_move_refusals;
        audit_.record("risk_rejected", {{"symbol", wish.symbol.view()},
                                        {"client_id", amended.client_id},
                                        {"action", "modify"},
                                        {"side", to_string(amended.side)},
                                        {"quantity", amended.quantity.to_string()},
                                        {"stop", wanted.to_string()},
                                        {"reason", v.reason},
                                        {"time", format_iso_micros(now)}});
        return;  // the old stop stays
    }
    try {
        orders_.request_modify(amended, now);
    } catch (const exec::OrderError& e) {
        ++stats_.stop_move_refusals;
        audit_.record(
            "stop_move_refused",
            {{"client_id", amended.client_id}, {"reason", e.what()}, {"time", format_iso_micros(now)}});
        return;
    }
    ++stats_.stop_moves_requested;
    if (!broker_.modify(amended, now))  // it ended at the broker: its end is on the way
        orders_.mark_modify_rejected(amended.client_id, now,
                                     "the broker holds no working order with this id");
}

void Trader::on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& mo, Timestamp now) {
    auto it = states_.find(mo.order.symbol);
    if (it == states_.end()) return;
    SymbolState& st = it->second;
    const bool terminal = is_terminal(mo.status);
    if (ev.kind == exec::BrokerEvent::Kind::rejected) {
        ++stats_.broker_rejections;
        on_rejected(mo, ev, now, st);
    }
    if (ev.kind == exec::BrokerEvent::Kind::expired && ev.for_want_of_volume) ++stats_.expired_without_volume;
    if (ev.kind == exec::BrokerEvent::Kind::fill) {
        credit_closed_trades();
        st.rejections.clear();  // the broker takes this symbol's orders: a fresh budget
    }
    if (mo.order.client_id == st.stop_order && !terminal) {
        if (ev.kind == exec::BrokerEvent::Kind::accepted) {
            reviews_.push_back(mo.order.symbol);  // a tighter stop may have waited for this
        } else if (ev.kind == exec::BrokerEvent::Kind::modified) {
            ++stats_.stops_moved;
            reviews_.push_back(mo.order.symbol);  // the stop may have tightened again meanwhile
        } else if (ev.kind == exec::BrokerEvent::Kind::modify_rejected) {
            ++stats_.stop_move_rejections;  // the old stop stays; the next change of wish retries
        }
    }

    if (mo.order.client_id == st.stop_order) {
        if (!terminal) return;
        st.stop_order.clear();
        if (mo.status == OrderStatus::filled ||
            (mo.filled.is_positive() && held(mo.order.symbol).is_zero())) {
            ++stats_.stop_outs;
            // Stopped out: do not re-enter the same way until the strategies change their mind.
            st.holding_off = true;
            st.hold_off = mo.order.side == Side::sell ? Direction::long_ : Direction::short_;
            reviews_.push_back(mo.order.symbol);
        }
        return;
    }
    if (mo.order.client_id != st.pending || !terminal) return;
    const bool was_entry = st.pending_is_entry;
    st.pending.clear();
    if (mo.status == OrderStatus::rejected && was_entry) {
        // A rejected entry waits for a change of mind; a rejected exit is retried once its
        // back-off has passed (on_rejected), so a position can still be closed.
        st.holding_off = true;
        st.hold_off = direction_of(mo.order.side == Side::buy ? mo.order.quantity : -mo.order.quantity);
    }
    const Quantity held = this->held(mo.order.symbol);
    if (was_entry && st.entry_stop && !held.is_zero()) {
        Order stop;
        stop.symbol = mo.order.symbol;
        stop.strategy = mo.order.strategy;
        stop.side = held.is_positive() ? Side::sell : Side::buy;
        stop.quantity = held.abs();
        stop.type = OrderType::stop;
        stop.tif = TimeInForce::gtc;
        stop.stop = st.entry_stop;
        stop.client_id = orders_.next_client_id(stop.strategy);
        stop.created = now;
        // A protective stop only reduces the position: no sizing, but still the gate.
        Verdict v = gate_.check({stop, *st.entry_stop, portfolio_, now});
        if (!v.accepted) {
            ++stats_.gate_refusals;
            audit_.record("risk_rejected", {{"symbol", stop.symbol.view()}, {"reason", v.reason}});
            st.entry_stop.reset();
            reviews_.push_back(mo.order.symbol);
            return;
        }
        orders_.submit(stop, now);
        orders_.mark_submitted(stop.client_id, now);
        if (auto entry_owners = owners_.find(mo.order.client_id); entry_owners != owners_.end())
            owners_.emplace(stop.client_id, entry_owners->second);
        broker_.submit(stop, now);
        st.stop_order = stop.client_id;
        ++stats_.orders;
        ++stats_.stops_placed;
    }
    if (!was_entry && held.is_zero() && !st.stop_order.empty()) {
        broker_.cancel(st.stop_order, now);
    }
    st.entry_stop.reset();
    reviews_.push_back(mo.order.symbol);
}

void Trader::credit_closed_trades() {
    const auto& closed = portfolio_.closed_trades();
    for (; closed_seen_ < closed.size(); ++closed_seen_) {
        const exec::ClosedTrade& t = closed[closed_seen_];
        auto it = states_.find(t.symbol);
        // A position the trader did not open (restored at start, or an operator's) has no
        // strategy to credit.
        if (it == states_.end() || !it->second.trade_owner) continue;
        sizer_.on_closed_trade(t, *it->second.trade_owner);
    }
}

void Trader::take_reviews(std::vector<Symbol>& out) {
    out.insert(out.end(), reviews_.begin(), reviews_.end());
    reviews_.clear();
}

void Trader::take_reviews(std::vector<Symbol>& out, Timestamp now) {
    refresh_hold(now);
    if (!waiting_.empty()) {
        std::erase_if(waiting_, [&](Symbol s) {
            const SymbolState& st = states_[s];
            if (st.parked) return true;
            if (now < st.retry_at) return false;
            ++stats_.retries;
            out.push_back(s);
            return true;
        });
    }
    take_reviews(out);
}

void Trader::on_rejected(const exec::ManagedOrder& mo, const exec::BrokerEvent& ev, Timestamp now,
                         SymbolState& st) {
    const Symbol symbol = mo.order.symbol;
    const std::string& reason = ev.reason;
    if (st.parked) return;  // its last orders answered late: already counted out
    std::string key = ev.code != 0 ? std::to_string(ev.code) : reason_key(reason);
    auto it =
        std::find_if(st.rejections.begin(), st.rejections.end(), [&](auto& r) { return r.first == key; });
    if (it == st.rejections.end()) it = st.rejections.insert(st.rejections.end(), {std::move(key), 0});
    const int n = ++it->second;
    if (n >= config_.retry_budget) return park(symbol, st, reason, n, now);
    Duration wait = config_.retry_initial;
    for (int i = 1; i < n && wait < config_.retry_max; ++i) wait *= 2;
    wait = std::min(wait, config_.retry_max);
    st.retry_at = now + wait;
    if (std::find(waiting_.begin(), waiting_.end(), symbol) == waiting_.end()) waiting_.push_back(symbol);
    log::warn("engine", "order_rejected",
              {{"symbol", symbol.view()},
               {"client_id", mo.order.client_id},
               {"side", to_string(mo.order.side)},
               {"reason", reason},
               {"rejections", n},
               {"budget", config_.retry_budget},
               {"next_order_in_seconds", seconds(wait)}});
}

void Trader::park(Symbol symbol, SymbolState& st, const std::string& reason, int rejections, Timestamp now) {
    st.parked = true;
    st.parked_reason = reason;
    st.parked_since = now;
    st.retry_at = {};
    ++stats_.parked;
    const std::string why =
        fmt::format("{} parked after {} broker rejections ({})", symbol.view(), rejections, reason);
    const nlohmann::json fields{{"symbol", symbol.view()},          {"reason", reason},
                                {"rejections", rejections},         {"message", why},
                                {"operator_action", kUnparkAction}, {"time", format_iso_micros(now)}};
    audit_.record("symbol_parked", fields);
    log::error("engine", "symbol_parked", fields);
    // Working orders of the symbol (its protective stop) stay: they only reduce risk.
    if (auto err = gate_.system_trip("broker_rejections", why, now); !err.empty())
        log::error("engine", "broker_rejections_not_halted", {{"why", err}});
    refresh_hold(now);  // the trip is a change of state: seen now, so its reset is seen too
}

void Trader::hold_wish(SymbolState& st, Hold& h) {
    ++h.wishes;
    ++stats_.held_back;
    st.held = true;
}

void Trader::change_hold(Hold& h, std::string_view scope, std::string_view holds, std::string reason,
                         Timestamp now) {
    ++stats_.hold_changes;
    const std::string time = format_iso_micros(now);
    if (!h.reason.empty()) {
        nlohmann::json fields{{"scope", scope},
                              {"reason", h.reason},
                              {"wishes_held", h.wishes},
                              {"held_seconds", seconds(now - h.since)},
                              {"time", time}};
        if (reason.empty()) {
            audit_.record("orders_resumed", fields);
            log::info("engine", "orders_resumed", fields);
        }
    }
    if (!reason.empty()) {
        nlohmann::json fields{{"scope", scope}, {"holds", holds}, {"reason", reason}, {"time", time}};
        audit_.record("orders_held_back", fields);
        log::warn("engine", "orders_held_back", fields);
    }
    if (h.reason.empty() || reason.empty()) {
        h.since = now;
        h.wishes = 0;
    }
    h.reason = std::move(reason);
}

void Trader::refresh_hold(Timestamp now) {
    const std::string_view broker_why = broker_.hold_reason();
    if (broker_why != broker_hold_.reason) {
        change_hold(broker_hold_, "broker", "every order", std::string(broker_why), now);
        if (broker_why.empty())  // the wishes that waited are looked at again
            for (auto& [symbol, st] : states_)
                if (st.held) st.held = false, reviews_.push_back(symbol);
    }
    const bool tripped = gate_.kill_switch_tripped();
    if (tripped == !kill_hold_.reason.empty()) return;
    change_hold(kill_hold_, "kill_switch", "entries", tripped ? gate_.kill_switch_state() : std::string(),
                now);
    if (tripped) return;
    // Reset: the operator's answer to a parked symbol too.
    for (auto& [symbol, st] : states_) {
        if (!st.parked) continue;
        st.parked = false;
        st.rejections.clear();
        audit_.record("symbol_unparked", {{"symbol", symbol.view()},
                                          {"reason", "kill switch reset"},
                                          {"parked_for", st.parked_reason},
                                          {"time", format_iso_micros(now)}});
        log::info("engine", "symbol_unparked", {{"symbol", symbol.view()}});
        reviews_.push_back(symbol);
    }
}

std::vector<ParkedSymbol> Trader::parked() const {
    std::vector<ParkedSymbol> out;
    for (const auto& [symbol, st] : states_) {
        if (!st.parked) continue;
        int n = 0;
        for (const auto& r : st.rejections) n = std::max(n, r.second);
        out.push_back({symbol, st.parked_reason, n, st.parked_since});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.symbol < b.symbol; });
    return out;
}

std::string Trader::hold_state() const {
    if (!broker_hold_.reason.empty()) return "every order held back: " + broker_hold_.reason;
    if (!kill_hold_.reason.empty()) return "entries held back: kill switch " + kill_hold_.reason;
    return {};
}

void Trader::cancel_all(Timestamp now, std::string_view reason) {
    for (const auto* mo : orders_.working()) {
        if (broker_.cancel(mo->order.client_id, now))
            log::info("engine", "order_cancel_requested",
                      {{"client_id", mo->order.client_id}, {"reason", reason}});
    }
}

}  // namespace robo::engine
