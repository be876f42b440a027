#include "robo/exec/paper_broker.hpp"

#include <algorithm>

#include "robo/data/calendar.hpp"

namespace robo::exec {

std::string_view to_string(BrokerConnection c) noexcept {
    switch (c) {
        case BrokerConnection::disconnected:
            return "disconnected";
        case BrokerConnection::connecting:
            return "connecting";
        case BrokerConnection::connected:
            return "connected";
    }
    return "?";
}

std::string_view to_string(BrokerEvent::Kind k) noexcept {
    switch (k) {
        case BrokerEvent::Kind::accepted:
            return "accepted";
        case BrokerEvent::Kind::fill:
            return "fill";
        case BrokerEvent::Kind::cancelled:
            return "cancelled";
        case BrokerEvent::Kind::expired:
            return "expired";
        case BrokerEvent::Kind::rejected:
            return "rejected";
        case BrokerEvent::Kind::modified:
            return "modified";
        case BrokerEvent::Kind::modify_rejected:
            return "modify_rejected";
        case BrokerEvent::Kind::positions:
            return "positions";
    }
    return "?";
}

namespace {
// The exchange's (New York) calendar date: a DAY order placed in the evening and data
// stamped late in the New York day still belong to that session, whatever the UTC date.
int64_t session_day(Timestamp t) {
    auto ymd = data::ExchangeCalendar::nyse().local_date(t);
    return std::chrono::sys_days(ymd).time_since_epoch().count();
}

Price scale_bps(Price p, int64_t bps_total) {
    return Price::from_raw(decimal_detail::mul_div_round(p.raw(), bps_total, 10'000));
}

// Whole shares of `volume x share_bps / 10000`, rounded down.
Quantity volume_share(Quantity volume, int64_t share_bps) {
    int64_t raw = decimal_detail::mul_div_round(volume.raw(), share_bps, 10'000);
    return Quantity::from_raw(raw - raw % Quantity::scale);
}
}  // namespace

PaperBroker::PaperBroker(PaperBrokerConfig config)
    : config_(config), schedule_(config.commission, config.commission_per_share) {}

void PaperBroker::submit(const Order& order, Timestamp now) {
    if (known_.count(order.client_id)) return;  // a retried submit: the first one stands
    known_.emplace(order.client_id, order.symbol);
    BrokerEvent ev;
    ev.client_id = order.client_id;
    ev.time = now;
    if (auto problem = order.validate(); !problem.empty()) {
        ev.kind = BrokerEvent::Kind::rejected;
        ev.reason = problem;
        events_.push_back(std::move(ev));
        return;
    }
    Working w;
    w.order = order;
    w.accepted_at = now;
    w.remaining = order.quantity;
    books_[order.symbol].push_back(std::move(w));
    ++working_count_;
    ev.kind = BrokerEvent::Kind::accepted;
    events_.push_back(std::move(ev));
}

bool PaperBroker::cancel(std::string_view client_id, Timestamp now) {
    auto known = known_.find(std::string(client_id));
    if (known == known_.end()) return false;
    auto book = books_.find(known->second);
    if (book == books_.end()) return false;
    for (auto& w : book->second) {
        if (w.done || w.order.client_id != client_id) continue;
        finish(w);
        events_.push_back(
            {BrokerEvent::Kind::cancelled, w.order.client_id, now, {}, "cancelled on request", {}});
        std::erase_if(book->second, [](const Working& x) { return x.done; });
        return true;
    }
    return false;
}

PaperBroker::Working* PaperBroker::find_working(const std::string& client_id) {
    auto known = known_.find(client_id);
    if (known == known_.end()) return nullptr;
    auto book = books_.find(known->second);
    if (book == books_.end()) return nullptr;
    for (auto& w : book->second)
        if (!w.done && w.order.client_id == client_id) return &w;
    return nullptr;
}

bool PaperBroker::modify(const Order& amended, Timestamp now) {
    Working* w = find_working(amended.client_id);
    if (!w) return false;
    BrokerEvent ev;
    ev.client_id = amended.client_id;
    ev.time = now;
    const Quantity filled = w->order.quantity - w->remaining;
    if (w->order.side != amended.side || w->order.symbol != amended.symbol)
        ev.reason = "a modification cannot change the side or the symbol";
    else if (amended.quantity <= filled)
        ev.reason =
            "quantity " + amended.quantity.to_string() + " is not above the filled " + filled.to_string();
    else if (auto problem = amended.validate(); !problem.empty())
        ev.reason = problem;
    else if (!replace(amended, now))
        ev.reason = "the order is no longer working";  // not reached: checked above
    if (ev.reason.empty()) {
        ev.kind = BrokerEvent::Kind::modified;
        ev.terms = amended;
    } else {
        ev.kind = BrokerEvent::Kind::modify_rejected;
    }
    events_.push_back(std::move(ev));
    return true;
}

bool PaperBroker::replace(const Order& order, Timestamp now) {
    auto known = known_.find(order.client_id);
    if (known == known_.end() || known->second != order.symbol || !order.validate().empty()) return false;
    auto book = books_.find(known->second);
    if (book == books_.end()) return false;
    for (auto& w : book->second) {
        if (w.done || w.order.client_id != order.client_id) continue;
        Quantity filled = w.order.quantity - w.remaining;
        if (w.order.side != order.side || order.quantity <= filled) return false;
        bool was_stop_limit = w.order.type == OrderType::stop_limit;
        w.order.type = order.type;
        w.order.tif = order.tif;
        w.order.quantity = order.quantity;
        w.order.limit = order.limit;
        w.order.stop = order.stop;
        w.remaining = order.quantity - filled;
        if (!was_stop_limit || order.type != OrderType::stop_limit) w.triggered = false;
        w.accepted_at = std::max(w.accepted_at, now);  // no fill on data seen before the change
        return true;
    }
    return false;
}

void PaperBroker::poll(std::vector<BrokerEvent>& out) {
    for (auto& ev : events_) out.push_back(std::move(ev));
    events_.clear();
}

void PaperBroker::finish(Working& w) {
    if (!w.done) {
        w.done = true;
        --working_count_;
    }
}

Price PaperBroker::slip(Price p, Side side) const {
    if (config_.slippage_bps == 0) return p;
    return scale_bps(p, 10'000 + sign(side) * config_.slippage_bps);
}

void PaperBroker::emit_fill(Working& w, Quantity qty, Price price, Timestamp time) {
    BrokerEvent ev;
    ev.kind = BrokerEvent::Kind::fill;
    ev.client_id = w.order.client_id;
    ev.time = time;
    ev.fill.client_id = w.order.client_id;
    ev.fill.exec_id = "paper-" + std::to_string(next_exec_++);
    ev.fill.symbol = w.order.symbol;
    ev.fill.side = w.order.side;
    ev.fill.quantity = qty;
    ev.fill.price = price;
    ev.fill.commission =
        schedule_.charge(w.commission, qty, price, time, config_.multipliers.of(w.order.symbol));
    ev.fill.time = time;
    events_.push_back(std::move(ev));
    w.remaining -= qty;
    if (w.remaining.is_zero()) finish(w);
}

std::optional<Price> PaperBroker::bar_price(Working& w, const Offer& o) const {
    const Order& ord = w.order;
    const bool buy = ord.side == Side::buy;
    // "Reached" means the bar traded at or through the level in the order's favour for
    // limits, against it for stops.
    auto limit_fill = [&](Price limit) -> std::optional<Price> {
        if (buy ? o.open <= limit : o.open >= limit) return o.open;
        if (buy ? o.low <= limit : o.high >= limit) return limit;
        return std::nullopt;
    };
    auto stop_trigger = [&](Price stop) -> std::optional<Price> {
        if (buy ? o.open >= stop : o.open <= stop) return o.open;
        if (buy ? o.high >= stop : o.low <= stop) return stop;
        return std::nullopt;
    };
    // Slippage never takes a fill outside what the bar traded (backtrader's slip_match):
    // a buy pays at most the high, a sell gets at least the low.
    auto slip_within_bar = [&](Price p) {
        return buy ? std::min(slip(p, ord.side), o.high) : std::max(slip(p, ord.side), o.low);
    };
    switch (ord.type) {
        case OrderType::market:
            return slip_within_bar(o.open);
        case OrderType::limit:
            return limit_fill(*ord.limit);
        case OrderType::stop: {
            auto t = stop_trigger(*ord.stop);
            if (!t) return std::nullopt;
            return slip_within_bar(*t);
        }
        case OrderType::stop_limit: {
            if (w.triggered) return limit_fill(*ord.limit);
            auto t = stop_trigger(*ord.stop);
            if (!t) return std::nullopt;
            w.triggered = true;
            Price limit = *ord.limit;
            if (buy ? *t <= limit : *t >= limit) return *t;
            return std::nullopt;  // rests as a limit from the next data on
        }
    }
    return std::nullopt;
}

std::optional<Price> PaperBroker::quote_price(Working& w, const Offer& o) const {
    const Order& ord = w.order;
    const bool buy = ord.side == Side::buy;
    const Price touch = buy ? o.ask : o.bid;  // the price we would trade against
    auto market = [&]() -> Price {
        if (config_.slippage == SlippageModel::spread_share) {
            Price mid = Price::from_raw((o.bid.raw() + o.ask.raw()) / 2);
            Price part = scale_bps(o.ask - o.bid, config_.spread_share_bps);
            return buy ? mid + part : mid - part;
        }
        return slip(touch, ord.side);
    };
    auto limit_ok = [&](Price limit) { return buy ? touch <= limit : touch >= limit; };
    auto stop_hit = [&](Price stop) { return buy ? touch >= stop : touch <= stop; };
    switch (ord.type) {
        case OrderType::market:
            return market();
        case OrderType::limit:
            if (limit_ok(*ord.limit)) return touch;
            return std::nullopt;
        case OrderType::stop:
            if (stop_hit(*ord.stop)) return market();
            return std::nullopt;
        case OrderType::stop_limit:
            if (!w.triggered && stop_hit(*ord.stop)) w.triggered = true;
            if (w.triggered && limit_ok(*ord.limit)) return touch;
            return std::nullopt;
    }
    return std::nullopt;
}

void PaperBroker::match(Symbol symbol, Offer& offer, Timestamp start, std::optional<Side> only) {
    auto book = books_.find(symbol);
    if (book == books_.end() || book->second.empty()) return;
    const int64_t day = session_day(start);
    for (auto& w : book->second) {
        if (w.done || (only && w.order.side != *only)) continue;
        if (start < w.accepted_at) continue;  // data the strategy had already seen
        if (w.order.tif == TimeInForce::day) {
            if (w.first_session >= 0 && day > w.first_session) {
                finish(w);
                BrokerEvent& ev = events_.emplace_back();
                ev.kind = BrokerEvent::Kind::expired;
                ev.client_id = w.order.client_id;
                ev.time = offer.time;
                ev.reason = w.starved ? std::string(kExpiredForWantOfVolume) : "DAY order ended";
                ev.for_want_of_volume = w.starved;
                continue;
            }
            if (w.first_session < 0) w.first_session = day;
        }
        auto price = offer.is_quote ? quote_price(w, offer) : bar_price(w, offer);
        Quantity qty = w.remaining;
        if (price && offer.capped) qty = std::min(qty, offer.available);
        if (price && qty.is_zero() && w.remaining.is_positive()) w.starved = true;
        if (price && qty.is_positive()) {
            if (offer.capped) offer.available -= qty;
            emit_fill(w, qty, *price, offer.time);
        }
        if (w.order.tif == TimeInForce::ioc && !w.done) {
            finish(w);
            events_.push_back({BrokerEvent::Kind::cancelled,
                               w.order.client_id,
                               offer.time,
                               {},
                               "IOC remainder cancelled",
                               {}});
        }
    }
    std::erase_if(book->second, [](const Working& x) { return x.done; });
}

void PaperBroker::on_bar(const Bar& bar) {
    if (working_count_ == 0) return;
    Offer o;
    o.time = bar.start;
    o.open = bar.open;
    o.high = bar.high;
    o.low = bar.low;
    o.capped = config_.max_volume_share_bps > 0;
    if (o.capped) o.available = volume_share(bar.volume, config_.max_volume_share_bps);
    match(bar.symbol, o, bar.start);
}

void PaperBroker::on_trade(const Tick& tick) {
    if (working_count_ == 0) return;
    Offer o;
    o.time = tick.time;
    o.open = o.high = o.low = tick.price;
    o.capped = config_.max_volume_share_bps > 0;
    if (o.capped) o.available = volume_share(tick.size, config_.max_volume_share_bps);
    match(tick.symbol, o, tick.time);
}

void PaperBroker::on_quote(const Quote& quote) {
    if (working_count_ == 0) return;
    if (!quote.bid.is_positive() || !quote.ask.is_positive() || quote.ask < quote.bid) return;  // no market
    // Buys and sells see different sides and sizes: match each side separately.
    Offer o;
    o.time = quote.time;
    o.is_quote = true;
    o.bid = quote.bid;
    o.ask = quote.ask;
    // Displayed size caps each side when it is known; buys draw on the ask, sells on the bid.
    Offer buys = o, sells = o;
    buys.capped = quote.ask_size.is_positive();
    buys.available = quote.ask_size;
    sells.capped = quote.bid_size.is_positive();
    sells.available = quote.bid_size;
    match(quote.symbol, buys, quote.time, Side::buy);
    match(quote.symbol, sells, quote.time, Side::sell);
}

}  // namespace robo::exec
