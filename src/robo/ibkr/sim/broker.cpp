// ibkr/sim/broker.cpp — see broker.hpp.
#include "robo/ibkr/sim/broker.hpp"

#include "robo/ibkr/adapt/translate.hpp"

#include <cstdio>

namespace robo::ibkr::sim {

double SimPosition::avg_cost() const {
    return quantity.is_zero() ? 0.0 : average_price(cost, quantity).to_double();
}

std::string_view to_string(FillSource s) noexcept { return s == FillSource::bars ? "bars" : "quotes"; }

bool parse_fill_source(std::string_view text, FillSource& out) noexcept {
    if (text == "bars") return out = FillSource::bars, true;
    if (text == "quotes") return out = FillSource::quotes, true;
    return false;
}

Timestamp sim_time(int64_t second) { return from_unix_nanos(second * 1'000'000'000); }

Bar fill_bar(const SyntheticMarket& market, std::string_view symbol, int64_t second) {
    HistoricalBar h = market.bar(symbol, second, 1);
    h.date = std::to_string(second);  // the bar a client would get with formatDate=2
    return to_bar(h, Symbol(symbol), Timeframe::s1);
}

Quote fill_quote(const SyntheticMarket& market, std::string_view symbol, int64_t second) {
    SimQuote q = market.quote(symbol, second);
    return {Symbol(symbol),
            sim_time(second),
            Price::from_double(q.bid),
            Price::from_double(q.ask),
            Quantity::from_units(q.bid_size),
            Quantity::from_units(q.ask_size)};
}

Bar recorded_bar(std::string_view symbol, const ReplayPoint& p) {
    Bar b;
    b.symbol = Symbol(symbol);
    b.start = sim_time(p.start);
    if (p.is_bar()) {
        b.timeframe = p.seconds >= 86400  ? Timeframe::day
                      : p.seconds >= 3600 ? Timeframe::h1
                      : p.seconds >= 1800 ? Timeframe::m30
                      : p.seconds >= 900  ? Timeframe::m15
                      : p.seconds >= 300  ? Timeframe::m5
                      : p.seconds >= 60   ? Timeframe::m1
                      : p.seconds >= 5    ? Timeframe::s5
                                          : Timeframe::s1;
        b.open = Price::from_double(p.open);
        b.high = Price::from_double(p.high);
        b.low = Price::from_double(p.low);
        b.volume = Quantity::from_double(p.volume);
    } else {
        b.timeframe = Timeframe::s1;  // a print: a one-second bar at its price and size
        b.open = b.high = b.low = Price::from_double(p.last);
        b.volume = Quantity::from_units(p.size);
    }
    b.close = Price::from_double(p.last);
    return b;
}

Quote recorded_quote(std::string_view symbol, const ReplayPoint& p) {
    return {Symbol(symbol),
            sim_time(p.at),
            Price::from_double(p.bid),
            Price::from_double(p.ask),
            Quantity::from_units(100),
            Quantity::from_units(100)};
}

namespace {
// TWS order terms in the system's vocabulary; the text of the problem when there is none.
std::string to_order(const PlaceOrder& p, Order& o) {
    o.client_id = std::to_string(p.order_id);
    if (!Symbol::try_make(p.contract.symbol, o.symbol)) return "invalid symbol \"" + p.contract.symbol + "\"";
    o.side = p.action == "BUY" ? Side::buy : Side::sell;  // SSHORT sells
    if (p.order_type == "MKT")
        o.type = OrderType::market;
    else if (p.order_type == "LMT")
        o.type = OrderType::limit;
    else if (p.order_type == "STP")
        o.type = OrderType::stop;
    else if (p.order_type == "STP LMT")
        o.type = OrderType::stop_limit;
    else
        return "unsupported order type " + p.order_type;
    if (p.tif.empty() || p.tif == "DAY")
        o.tif = TimeInForce::day;
    else if (p.tif == "GTC")
        o.tif = TimeInForce::gtc;
    else if (p.tif == "IOC")
        o.tif = TimeInForce::ioc;
    else
        return "unsupported time in force " + p.tif + " (DAY, GTC or IOC)";
    o.quantity = p.total_quantity;
    // Only the prices the type uses: clients often send 0 in the unused one.
    bool needs_lmt = o.type == OrderType::limit || o.type == OrderType::stop_limit;
    bool needs_aux = o.type == OrderType::stop || o.type == OrderType::stop_limit;
    if ((needs_lmt && !p.lmt_price) || (needs_aux && !p.aux_price))
        return "missing price for " + p.order_type;
    if (needs_lmt) o.limit = Price::from_double(*p.lmt_price);
    if (needs_aux) o.stop = Price::from_double(*p.aux_price);
    return o.validate();
}

Reject rejected(const std::string& why) { return {201, "Order rejected - reason:" + why}; }
}  // namespace

SimBroker::SimBroker(BrokerConfig cfg)
    : cfg_(std::move(cfg)), paper_(cfg_.fills), cash_(cfg_.starting_cash) {}

std::optional<Reject> SimBroker::place(const PlaceOrder& p, int client_id, int64_t now) {
    Order order;
    auto it = orders_.find(p.order_id);
    if (it != orders_.end()) {
        SimOrder& o = it->second;
        if (!o.working()) return Reject{103, "Duplicate order id"};
        if (p.total_quantity <= o.filled) return rejected("quantity not above the filled quantity");
        if (auto problem = to_order(p, order); !problem.empty()) return rejected(problem);
        if (order.side != (o.buy() ? Side::buy : Side::sell) || p.contract.symbol != o.contract.symbol)
            return rejected("a modification cannot change the side or the contract");
        if (!paper_.replace(order, sim_time(now))) return rejected("the order is no longer working");
        o.total = p.total_quantity;
        o.type = p.order_type;
        o.lmt = p.lmt_price;
        o.aux = p.aux_price;
        o.tif = p.tif.empty() ? "DAY" : p.tif;
        o.placed_at = now;
        return std::nullopt;
    }
    if (p.order_id <= max_order_id_) return Reject{103, "Duplicate order id"};
    max_order_id_ = p.order_id;
    if (p.action != "BUY" && p.action != "SELL" && p.action != "SSHORT")
        return rejected("unknown action " + p.action);
    if (p.conditions > 0) return rejected("conditions unsupported");
    if (!p.account.empty() && p.account != cfg_.account) return rejected("unknown account " + p.account);
    if (auto problem = to_order(p, order); !problem.empty()) return rejected(problem);
    paper_.submit(order, sim_time(now));
    events_.clear();
    paper_.poll(events_);
    for (auto& e : events_)
        if (e.kind == exec::BrokerEvent::Kind::rejected) return rejected(e.reason);
    SimOrder o;
    o.order_id = p.order_id;
    o.client_id = client_id;
    o.perm_id = next_perm_id_++;
    o.placed_at = now;
    o.contract = p.contract;
    o.action = p.action;
    o.total = p.total_quantity;
    o.type = p.order_type;
    o.lmt = p.lmt_price;
    o.aux = p.aux_price;
    o.tif = p.tif.empty() ? "DAY" : p.tif;
    o.account = cfg_.account;
    o.order_ref = p.order_ref;
    // A stop is held (PreSubmitted) until it triggers; here, until its first fill.
    o.status = order.stop ? "PreSubmitted" : "Submitted";
    ++working_symbols_[o.contract.symbol];
    orders_.emplace(o.order_id, std::move(o));
    return std::nullopt;
}

std::optional<Reject> SimBroker::cancel(int order_id, int64_t now) {
    auto it = orders_.find(order_id);
    if (it == orders_.end())
        return Reject{10147,
                      "OrderId " + std::to_string(order_id) + " that needs to be cancelled is not found."};
    if (!it->second.working() || !paper_.cancel(std::to_string(order_id), sim_time(now)))
        return Reject{
            10148, "OrderId " + std::to_string(order_id) +
                       " that needs to be cancelled cannot be cancelled, state: " + it->second.status + "."};
    Activity ignored;
    drain(ignored);
    return std::nullopt;
}

std::vector<int> SimBroker::cancel_all(int64_t now) {
    std::vector<int> ids;
    for (auto& [id, o] : orders_)
        if (o.working() && paper_.cancel(std::to_string(id), sim_time(now))) ids.push_back(id);
    Activity ignored;
    drain(ignored);
    return ids;
}

Activity SimBroker::on_second(const SyntheticMarket& market, int64_t second) {
    Activity out;
    for (auto& [s, count] : working_symbols_) {
        if (market.timed()) {
            // On the data's calendar the fill model sees exactly the records published now,
            // as a backtest sees the next bar: nothing for a symbol with no new record.
            for (const auto& p : market.published(s, second)) {
                if (cfg_.fill_on == FillSource::bars)
                    paper_.on_bar(recorded_bar(s, p));
                else
                    paper_.on_quote(recorded_quote(s, p));
            }
            continue;
        }
        if (cfg_.fill_on == FillSource::bars)
            paper_.on_bar(fill_bar(market, s, second));
        else
            paper_.on_quote(fill_quote(market, s, second));
    }
    drain(out);
    return out;
}

void SimBroker::drain(Activity& out) {
    events_.clear();
    paper_.poll(events_);
    for (auto& e : events_) {
        auto it = orders_.find(std::stoi(e.client_id));
        if (it == orders_.end()) continue;  // a rejection already answered in place()
        SimOrder& o = it->second;
        switch (e.kind) {
            case exec::BrokerEvent::Kind::fill:
                fill(o, e.fill);
                out.fills.push_back(executions_.size() - 1);
                break;
            case exec::BrokerEvent::Kind::cancelled:
            case exec::BrokerEvent::Kind::expired:
                if (o.working()) {
                    end(o, "Cancelled");
                    out.ended.push_back(o.order_id);
                }
                break;
            case exec::BrokerEvent::Kind::accepted:
            case exec::BrokerEvent::Kind::rejected:
            case exec::BrokerEvent::Kind::modified:  // place() modifies through replace(): none here
            case exec::BrokerEvent::Kind::modify_rejected:
            case exec::BrokerEvent::Kind::positions:  // the paper broker keeps no account
                break;
        }
    }
}

void SimBroker::fill(SimOrder& o, const Fill& f) {
    const Price px = f.price;
    const Quantity qty = f.quantity;
    o.filled += qty;
    o.fill_cost += px * qty;
    o.last_fill_price = px.to_double();
    o.avg_fill_price = average_price(o.fill_cost, o.filled).to_double();
    if (o.remaining().is_zero())
        end(o, "Filled");
    else
        o.status = "Submitted";
    cash_ += f.cash_delta();
    move_position(o.contract, o.buy() ? qty : -qty, px);

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
    auto t = tws_time(unix_nanos(f.time) / 1'000'000'000);
    d.time.append(t, 0, 8).append("  ").append(t, 9);  // TWS prints two spaces here
    d.account = o.account;
    d.exchange = "ISLAND";
    d.side = o.buy() ? "BOT" : "SLD";
    d.shares = qty;
    d.price = o.last_fill_price;
    d.perm_id = o.perm_id;
    d.client_id = o.client_id;
    d.cum_qty = o.filled;
    d.avg_price = o.avg_fill_price;
    d.order_ref = o.order_ref;
    d.last_liquidity = 2;
    e.commission.exec_id = exec_id;
    e.commission.commission = f.commission.to_double();
    executions_.push_back(std::move(e));
}

void SimBroker::move_position(const Contract& contract, Quantity signed_qty, Price px) {
    auto& pos = positions_[contract.symbol];
    pos.contract = contract;
    const bool buy = signed_qty.is_positive();
    const Quantity qty = signed_qty.abs();
    bool same_direction = pos.quantity.is_zero() || (pos.quantity.is_positive() == buy);
    if (same_direction) {
        pos.cost += px * signed_qty;
    } else {
        Quantity closing = qty < pos.quantity.abs() ? qty : pos.quantity.abs();
        Price avg = average_price(pos.cost, pos.quantity);  // positive for both signs
        pos.cost -= avg * (pos.quantity.is_positive() ? closing : -closing);
        Quantity opening = qty - closing;  // crossing through flat opens the other side
        if (opening.is_positive()) pos.cost = px * (buy ? opening : -opening);
    }
    pos.quantity += signed_qty;
    if (pos.quantity.is_zero()) pos.cost = Money{};
}

void SimBroker::outside_trade(const Contract& contract, Quantity signed_quantity, Price price) {
    if (signed_quantity.is_zero()) return;
    cash_ -= price * signed_quantity;
    move_position(contract, signed_quantity, price);
}

void SimBroker::end(SimOrder& o, const char* status) {
    auto it = working_symbols_.find(o.contract.symbol);
    if (it != working_symbols_.end() && --it->second == 0) working_symbols_.erase(it);
    o.status = status;
}

Money SimBroker::market_value(const SyntheticMarket& market, int64_t second) const {
    Money v;
    for (auto& [sym, p] : positions_) v += Price::from_double(market.mid(sym, second)) * p.quantity;
    return v;
}

}  // namespace robo::ibkr::sim
