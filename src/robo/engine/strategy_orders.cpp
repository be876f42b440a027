#include "robo/engine/strategy_orders.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace robo::engine {

using strategy::OrderEventKind;
using strategy::OrderId;
using strategy::OrderRole;
using strategy::StrategyId;

namespace {
// What is wrong with a request before anything else looks at it ("" when nothing).
std::string malformed(const strategy::OrderRequest& r) {
    if (r.quantity && !r.quantity->is_positive()) return "quantity must be positive";
    for (auto [price, what] : {std::pair{r.limit, "limit"}, std::pair{r.stop, "stop"},
                               std::pair{r.stop_loss, "stop_loss"}, std::pair{r.take_profit, "take_profit"}})
        if (price && !price->is_positive()) return fmt::format("{} price must be positive", what);
    const bool needs_limit = r.type == OrderType::limit || r.type == OrderType::stop_limit;
    const bool needs_stop = r.type == OrderType::stop || r.type == OrderType::stop_limit;
    if (needs_limit != r.limit.has_value())
        return fmt::format("a {} order {} a limit price", to_string(r.type),
                           needs_limit ? "needs" : "takes no");
    if (needs_stop != r.stop.has_value())
        return fmt::format("a {} order {} a stop price", to_string(r.type),
                           needs_stop ? "needs" : "takes no");
    // A bracket's legs sit on either side of the entry: below and above it for a buy.
    const bool buy = r.side == Side::buy;
    if (r.stop_loss && r.take_profit &&
        (buy ? *r.stop_loss >= *r.take_profit : *r.stop_loss <= *r.take_profit))
        return fmt::format("a {}'s stop_loss must be {} its take_profit", to_string(r.side),
                           buy ? "below" : "above");
    return {};
}

// The order a request asks for, before sizing and ids.
Order order_of(const strategy::OrderRequest& r, const std::string& strategy) {
    Order o;
    o.symbol = r.symbol;
    o.side = r.side;
    o.type = r.type;
    o.tif = r.tif;
    o.quantity = r.quantity.value_or(Quantity{});
    o.limit = r.limit;
    o.stop = r.stop;
    o.protective_stop = r.stop_loss;
    o.strategy = strategy;
    return o;
}

OrderEventKind kind_of(const exec::BrokerEvent& ev, const exec::ManagedOrder& mo) {
    using K = exec::BrokerEvent::Kind;
    switch (ev.kind) {
        case K::accepted:
            return OrderEventKind::accepted;
        case K::fill:
            return mo.status == OrderStatus::filled ? OrderEventKind::filled
                                                    : OrderEventKind::partially_filled;
        case K::cancelled:
            return OrderEventKind::cancelled;
        case K::expired:
            return OrderEventKind::expired;
        case K::rejected:
            return OrderEventKind::rejected;
        case K::modified:
            return OrderEventKind::modified;
        case K::modify_rejected:
        case K::positions:
            break;
    }
    return OrderEventKind::modify_rejected;
}
}  // namespace

StrategyOrders::StrategyOrders(exec::OrderManager& orders, exec::Broker& broker, exec::Portfolio& portfolio,
                               PreTradeGate& gate, EntrySizer& sizer, log::AuditSink& audit)
    : orders_(orders), broker_(broker), portfolio_(portfolio), gate_(gate), sizer_(sizer), audit_(audit) {}

StrategyOrders::Tracked& StrategyOrders::track(StrategyId who, std::string_view name, OrderRole role,
                                               OrderId parent) {
    Tracked& t = tracked_.emplace_back();
    t.id = tracked_.size();
    t.owner = who;
    t.name = name;
    t.role = role;
    t.parent = parent;
    return t;
}

OrderId StrategyOrders::submit(StrategyId who, std::string_view name, const strategy::OrderRequest& r,
                               Price reference, Timestamp now) {
    const bool bracket = r.stop_loss || r.take_profit;
    Tracked& t = track(who, name, bracket ? OrderRole::entry : OrderRole::single, 0);
    t.stop_loss = r.stop_loss;
    t.take_profit = r.take_profit;
    Order o = order_of(r, t.name);
    if (std::string why = malformed(r); !why.empty()) {
        refuse(t, o, "invalid order: " + why, now);
        return t.id;
    }
    if (++step_orders_[who] > kMaxOrdersPerStep) {
        refuse(t, o, fmt::format("more than {} orders in one step (an order loop?)", kMaxOrdersPerStep), now);
        return t.id;
    }
    if (!reference.is_positive()) {
        refuse(t, o, fmt::format("no price for {} yet", r.symbol.view()), now);
        return t.id;
    }
    if (!r.quantity) {
        SizeChoice size = sizer_.size(r.symbol, who, r.side, reference, portfolio_);
        if (!size.quantity.is_positive()) {
            refuse(t, o, fmt::format("sizer ({}): {}", to_string(size.method), size.note), now);
            return t.id;
        }
        o.quantity = size.quantity;
        if (!o.protective_stop) o.protective_stop = size.stop;
    }
    if (bracket) ++stats_.brackets;
    place(t, std::move(o), reference, now);
    return t.id;
}

OrderId StrategyOrders::refuse_request(StrategyId who, std::string_view name, const strategy::OrderRequest& r,
                                       std::string reason, Timestamp now) {
    Tracked& t = track(who, name, r.stop_loss || r.take_profit ? OrderRole::entry : OrderRole::single, 0);
    refuse(t, order_of(r, t.name), std::move(reason), now);
    return t.id;
}

bool StrategyOrders::place(Tracked& t, Order o, Price reference, Timestamp now) {
    o.client_id = orders_.next_client_id(o.strategy);
    o.created = now;
    if (std::string why = o.validate(); !why.empty()) {
        refuse(t, o, "invalid order: " + why, now);
        return false;
    }
    Verdict v = gate_.check({o, reference, portfolio_, now});
    if (!v.accepted) {
        refuse(t, o, v.reason, now);
        return false;
    }
    t.client_id = o.client_id;
    by_client_.emplace(o.client_id, t.id);
    orders_.submit(o, now);
    orders_.mark_submitted(o.client_id, now);
    broker_.submit(o, now);
    ++stats_.submitted;
    return true;
}

void StrategyOrders::refuse(const Tracked& t, const Order& o, std::string reason, Timestamp now) {
    ++stats_.refused;
    audit_.record("risk_rejected", {{"symbol", o.symbol.view()},
                                    {"strategy", t.name},
                                    {"side", to_string(o.side)},
                                    {"quantity", o.quantity.to_string()},
                                    {"reason", reason},
                                    {"time", format_iso_micros(now)}});
    strategy::OrderEvent e;
    e.id = t.id;
    e.kind = OrderEventKind::rejected;
    e.role = t.role;
    e.parent = t.parent;
    e.symbol = o.symbol;
    e.side = o.side;
    e.type = o.type;
    e.quantity = o.quantity;
    e.limit = o.limit;
    e.stop = o.stop;
    e.reason = std::move(reason);
    e.time = now;
    notices_.emplace_back(t.owner, std::move(e));
}

StrategyOrders::Tracked* StrategyOrders::find(StrategyId who, OrderId id) {
    if (id == 0 || id > tracked_.size()) return nullptr;
    Tracked& t = tracked_[id - 1];
    return t.owner == who ? &t : nullptr;
}

bool StrategyOrders::cancel_one(OrderId id, Timestamp now) {
    if (id == 0) return false;
    const Tracked& t = tracked_[id - 1];
    const exec::ManagedOrder* mo = t.client_id.empty() ? nullptr : orders_.find(t.client_id);
    return mo && mo->working() && broker_.cancel(t.client_id, now);
}

bool StrategyOrders::cancel(StrategyId who, OrderId id, Timestamp now) {
    Tracked* t = find(who, id);
    if (!t) return false;
    bool any = cancel_one(id, now);
    if (t->role == OrderRole::entry) {
        any = cancel_one(t->stop_leg, now) || any;
        any = cancel_one(t->profit_leg, now) || any;
        t->stop_loss.reset();  // an entry cancelled partly filled still gets no legs
        t->take_profit.reset();
    }
    return any;
}

bool StrategyOrders::modify(StrategyId who, OrderId id, const strategy::OrderChange& change, Price reference,
                            Timestamp now) {
    Tracked* t = find(who, id);
    const exec::ManagedOrder* mo = t && !t->client_id.empty() ? orders_.find(t->client_id) : nullptr;
    if (!mo || !mo->working()) return false;
    Order amended = mo->order;
    if (change.quantity) amended.quantity = *change.quantity;
    if (change.limit) amended.limit = change.limit;
    if (change.stop) amended.stop = change.stop;
    auto refuse_modify = [&](std::string why) {
        strategy::OrderEvent e = event_of(*t, *mo);
        e.kind = OrderEventKind::modify_rejected;
        e.reason = std::move(why);
        e.time = now;
        notices_.emplace_back(t->owner, std::move(e));
    };
    if (std::string why = amended.validate(); !why.empty()) {
        refuse_modify("invalid order: " + why);
        return true;
    }
    Verdict v = gate_.check(
        {amended, reference.is_positive() ? reference : mo->order.limit.value_or(Price{}), portfolio_, now});
    if (!v.accepted) {
        refuse_modify(v.reason);
        return true;
    }
    try {
        orders_.request_modify(amended, now);
    } catch (const exec::OrderError& e) {
        refuse_modify(e.what());
        return true;
    }
    if (!broker_.modify(amended, now))
        orders_.mark_modify_rejected(amended.client_id, now,
                                     "the broker holds no working order with this id");
    return true;
}

strategy::OrderEvent StrategyOrders::event_of(const Tracked& t, const exec::ManagedOrder& mo) const {
    strategy::OrderEvent e;
    e.id = t.id;
    e.role = t.role;
    e.parent = t.parent;
    e.symbol = mo.order.symbol;
    e.side = mo.order.side;
    e.type = mo.order.type;
    e.quantity = mo.order.quantity;
    e.filled = mo.filled;
    e.limit = mo.order.limit;
    e.stop = mo.order.stop;
    e.reason = mo.reason;
    e.time = mo.updated;
    return e;
}

bool StrategyOrders::on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& mo, Price,
                                    Timestamp now) {
    auto it = by_client_.find(mo.order.client_id);
    if (it == by_client_.end()) return false;
    Tracked& t = tracked_[it->second - 1];
    strategy::OrderEvent e = event_of(t, mo);
    e.kind = kind_of(ev, mo);
    if (!ev.reason.empty()) e.reason = ev.reason;
    e.time = ev.time;
    if (ev.kind == exec::BrokerEvent::Kind::fill) {
        e.last_quantity = ev.fill.quantity;
        e.last_price = ev.fill.price;
        book_fill(t.owner, ev.fill);
    }
    notices_.emplace_back(t.owner, std::move(e));
    if (ev.kind == exec::BrokerEvent::Kind::fill && t.role != OrderRole::single && t.role != OrderRole::entry)
        one_cancels_other(t, mo, now);
    if (t.role == OrderRole::entry && is_terminal(mo.status) && !t.ended) {
        t.ended = true;
        if (mo.filled.is_positive() && (t.stop_loss || t.take_profit)) place_legs(t, mo, now);
    }
    return true;
}

void StrategyOrders::place_legs(Tracked& entry, const exec::ManagedOrder& mo, Timestamp now) {
    entry.legs_placed = true;
    auto leg = [&](OrderRole role, OrderType type, Price price) -> OrderId {
        Order o;
        o.symbol = mo.order.symbol;
        o.side = opposite(mo.order.side);
        o.type = type;
        o.tif = TimeInForce::gtc;
        o.quantity = mo.filled;
        (type == OrderType::stop ? o.stop : o.limit) = price;
        o.strategy = entry.name;
        // Legs only reduce the position; the gate still sees them, at their own price.
        Tracked& t = track(entry.owner, entry.name, role, entry.id);
        const OrderId id = t.id;
        if (!place(t, std::move(o), price, now)) return 0;
        ++stats_.legs_placed;
        return id;
    };
    // Copies: placing a leg appends to tracked_, whose deque keeps `entry` where it is.
    const std::optional<Price> stop_loss = entry.stop_loss, take_profit = entry.take_profit;
    if (stop_loss) entry.stop_leg = leg(OrderRole::stop_loss, OrderType::stop, *stop_loss);
    if (take_profit) entry.profit_leg = leg(OrderRole::take_profit, OrderType::limit, *take_profit);
}

void StrategyOrders::one_cancels_other(const Tracked& leg, const exec::ManagedOrder& mo, Timestamp now) {
    const Tracked& entry = tracked_[leg.parent - 1];
    const OrderId other = leg.role == OrderRole::stop_loss ? entry.profit_leg : entry.stop_leg;
    if (other == 0) return;
    const Tracked& sibling = tracked_[other - 1];
    const exec::ManagedOrder* so = orders_.find(sibling.client_id);
    if (!so || !so->working()) return;
    const Quantity open = mo.order.quantity - mo.filled;  // what this leg has not closed yet
    if (!open.is_positive()) {
        if (broker_.cancel(sibling.client_id, now)) ++stats_.oco_cancels;
        return;
    }
    Order reduced = so->order;
    reduced.quantity = so->filled + open;
    if (reduced.quantity == so->order.quantity || so->pending_modify) return;
    try {
        orders_.request_modify(reduced, now);
    } catch (const exec::OrderError&) {
        return;  // the sibling keeps its quantity; the next fill of this leg tries again
    }
    if (!broker_.modify(reduced, now))
        orders_.mark_modify_rejected(reduced.client_id, now,
                                     "the broker holds no working order with this id");
}

void StrategyOrders::book_fill(StrategyId who, const Fill& f) {
    Book& b = books_[{who, f.symbol}];
    held_[f.symbol] += f.side == Side::buy ? f.quantity : -f.quantity;
    const Quantity signed_qty = f.side == Side::buy ? f.quantity : -f.quantity;
    b.pnl -= f.commission;
    if (b.quantity.is_zero()) b.opened = f.time;
    const bool reduces = !b.quantity.is_zero() && (b.quantity.is_positive() != signed_qty.is_positive());
    if (!reduces) {  // opens or adds: a new average
        const Money cost = b.average * b.quantity.abs() + f.price * f.quantity;
        b.quantity += signed_qty;
        b.average = average_price(cost, b.quantity.abs());
        return;
    }
    const Quantity closed = std::min(f.quantity, b.quantity.abs());
    const int direction = b.quantity.is_positive() ? 1 : -1;
    const Money gain = (f.price - b.average) * contract_units(closed, portfolio_.multipliers().of(f.symbol));
    b.pnl += direction > 0 ? gain : -gain;
    b.quantity += signed_qty;
    if (b.quantity.is_zero() || b.quantity.is_positive() != (direction > 0)) {
        exec::ClosedTrade trade;
        trade.symbol = f.symbol;
        trade.direction = direction;
        trade.opened = b.opened;
        trade.closed = f.time;
        trade.pnl = b.pnl;
        sizer_.on_closed_trade(trade, who);
        b.pnl = Money{};
        b.opened = f.time;
        b.average = f.price;  // what is left of the fill opens the other way
    }
}

void StrategyOrders::take_notices(std::vector<std::pair<StrategyId, strategy::OrderEvent>>& out) {
    out.insert(out.end(), std::make_move_iterator(notices_.begin()), std::make_move_iterator(notices_.end()));
    notices_.clear();
}

std::optional<Symbol> StrategyOrders::symbol_of(StrategyId who, OrderId id) const {
    if (id == 0 || id > tracked_.size() || tracked_[id - 1].owner != who) return std::nullopt;
    const exec::ManagedOrder* mo = orders_.find(tracked_[id - 1].client_id);
    return mo ? std::optional<Symbol>(mo->order.symbol) : std::nullopt;
}

std::optional<StrategyId> StrategyOrders::owner(const std::string& client_id) const {
    auto it = by_client_.find(client_id);
    if (it == by_client_.end()) return std::nullopt;
    return tracked_[it->second - 1].owner;
}

Quantity StrategyOrders::own_position(StrategyId who, Symbol symbol) const {
    auto it = books_.find({who, symbol});
    return it == books_.end() ? Quantity{} : it->second.quantity;
}

Quantity StrategyOrders::held(Symbol symbol) const {
    auto it = held_.find(symbol);
    return it == held_.end() ? Quantity{} : it->second;
}

}  // namespace robo::engine
