// ibkr/sim/broker.cpp — see broker.hpp.
#include "robo/ibkr/sim/broker.hpp"

#include <cmath>
#include <cstdio>

namespace robo::ibkr::sim {

double SimPosition::avg_cost() const {
    return quantity.is_zero() ? 0.0 : average_price(cost, quantity).to_double();
}

SimBroker::SimBroker(BrokerConfig cfg) : cfg_(std::move(cfg)), cash_(cfg_.starting_cash) {}

std::optional<Reject> SimBroker::place(const PlaceOrder& p, int client_id) {
    auto it = orders_.find(p.order_id);
    if (it != orders_.end()) {
        SimOrder& o = it->second;
        if (!o.working()) return Reject{103, "Duplicate order id"};
        if (p.total_quantity < o.filled)
            return Reject{201, "Order rejected - reason:quantity below the filled quantity"};
        o.total = p.total_quantity;  // a modification
        o.lmt = p.lmt_price;
        o.aux = p.aux_price;
        return std::nullopt;
    }
    if (p.order_id <= max_order_id_) return Reject{103, "Duplicate order id"};
    max_order_id_ = p.order_id;
    if (p.action != "BUY" && p.action != "SELL" && p.action != "SSHORT")
        return Reject{201, "Order rejected - reason:unknown action " + p.action};
    if (!p.total_quantity.is_positive())
        return Reject{201, "Order rejected - reason:quantity must be positive"};
    bool needs_lmt = p.order_type == "LMT" || p.order_type == "STP LMT";
    bool needs_aux = p.order_type == "STP" || p.order_type == "STP LMT";
    if (p.order_type != "MKT" && !needs_lmt && !needs_aux)
        return Reject{201, "Order rejected - reason:unsupported order type " + p.order_type};
    if ((needs_lmt && !p.lmt_price) || (needs_aux && !p.aux_price))
        return Reject{201, "Order rejected - reason:missing price for " + p.order_type};
    if (p.conditions > 0) return Reject{201, "Order rejected - reason:conditions unsupported"};
    if (!p.account.empty() && p.account != cfg_.account)
        return Reject{201, "Order rejected - reason:unknown account " + p.account};
    SimOrder o;
    o.order_id = p.order_id;
    o.client_id = client_id;
    o.perm_id = next_perm_id_++;
    o.contract = p.contract;
    o.action = p.action;
    o.total = p.total_quantity;
    o.type = p.order_type;
    o.lmt = p.lmt_price;
    o.aux = p.aux_price;
    o.tif = p.tif;
    o.account = cfg_.account;
    o.order_ref = p.order_ref;
    o.status = needs_aux ? "PreSubmitted" : "Submitted";
    orders_.emplace(o.order_id, std::move(o));
    return std::nullopt;
}

std::optional<Reject> SimBroker::cancel(int order_id) {
    auto it = orders_.find(order_id);
    if (it == orders_.end())
        return Reject{10147,
                      "OrderId " + std::to_string(order_id) + " that needs to be cancelled is not found."};
    if (!it->second.working())
        return Reject{
            10148, "OrderId " + std::to_string(order_id) +
                       " that needs to be cancelled cannot be cancelled, state: " + it->second.status + "."};
    it->second.status = "Cancelled";
    return std::nullopt;
}

std::vector<int> SimBroker::cancel_all() {
    std::vector<int> ids;
    for (auto& [id, o] : orders_)
        if (o.working()) {
            o.status = "Cancelled";
            ids.push_back(id);
        }
    return ids;
}

std::vector<std::size_t> SimBroker::match(const SyntheticMarket& market, int64_t second) {
    std::vector<std::size_t> made;
    for (auto& [id, o] : orders_) {
        if (!o.working()) continue;
        SimQuote q = market.quote(o.contract.symbol, second);
        if ((o.type == "STP" || o.type == "STP LMT") && !o.stop_triggered) {
            o.stop_triggered = o.buy() ? q.last >= *o.aux : q.last <= *o.aux;
            if (!o.stop_triggered) continue;
            o.status = "Submitted";
        }
        double touch = o.buy() ? q.ask : q.bid;
        bool limit = o.type == "LMT" || o.type == "STP LMT";
        if (limit && (o.buy() ? touch > *o.lmt : touch < *o.lmt)) continue;
        Quantity qty = o.remaining();
        if (cfg_.max_fill_per_step.is_positive() && cfg_.max_fill_per_step < qty)
            qty = cfg_.max_fill_per_step;
        fill(o, qty, touch, second);
        made.push_back(executions_.size() - 1);
    }
    return made;
}

void SimBroker::fill(SimOrder& o, Quantity qty, double price, int64_t second) {
    Price px = Price::from_double(price);
    o.filled += qty;
    o.fill_cost += px * qty;
    o.last_fill_price = price;
    o.avg_fill_price = average_price(o.fill_cost, o.filled).to_double();
    if (o.remaining().is_zero()) o.status = "Filled";

    double commission =
        std::max(cfg_.min_commission, std::round(cfg_.commission_per_share * qty.to_double() * 100) / 100);
    Money comm = Money::from_double(commission);
    Money notional = px * qty;
    cash_ -= o.buy() ? notional + comm : comm - notional;

    auto& pos = positions_[o.contract.symbol];
    pos.contract = o.contract;
    Quantity signed_qty = o.buy() ? qty : -qty;
    bool same_direction = pos.quantity.is_zero() || (pos.quantity.is_positive() == o.buy());
    if (same_direction) {
        pos.cost += px * signed_qty;
    } else {
        Quantity closing = qty < pos.quantity.abs() ? qty : pos.quantity.abs();
        Price avg = average_price(pos.cost, pos.quantity);  // positive for both signs
        pos.cost -= avg * (pos.quantity.is_positive() ? closing : -closing);
        Quantity opening = qty - closing;  // crossing through flat opens the other side
        if (opening.is_positive()) pos.cost = px * (o.buy() ? opening : -opening);
    }
    pos.quantity += signed_qty;
    if (pos.quantity.is_zero()) pos.cost = Money{};

    SimExecution e;
    e.client_id = o.client_id;
    char exec_id[48];
    std::snprintf(exec_id, sizeof exec_id, "0000e0d5.%08x.01.01", next_exec_++);
    auto& d = e.details;
    d.req_id = -1;
    d.order_id = o.order_id;
    d.contract = o.contract;
    d.contract.primary_exchange.clear();
    d.exec_id = exec_id;
    auto t = tws_time(second);
    d.time.append(t, 0, 8).append("  ").append(t, 9);  // TWS prints two spaces here
    d.account = o.account;
    d.exchange = "ISLAND";
    d.side = o.buy() ? "BOT" : "SLD";
    d.shares = qty;
    d.price = price;
    d.perm_id = o.perm_id;
    d.client_id = o.client_id;
    d.cum_qty = o.filled;
    d.avg_price = o.avg_fill_price;
    d.order_ref = o.order_ref;
    d.last_liquidity = 2;
    e.commission.exec_id = exec_id;
    e.commission.commission = commission;
    executions_.push_back(std::move(e));
}

Money SimBroker::market_value(const SyntheticMarket& market, int64_t second) const {
    Money v;
    for (auto& [sym, p] : positions_) v += Price::from_double(market.mid(sym, second)) * p.quantity;
    return v;
}

}  // namespace robo::ibkr::sim
