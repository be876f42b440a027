// ibkr/adapt/translate.cpp — see translate.hpp.
#include "robo/ibkr/adapt/translate.hpp"

#include <date/tz.h>

#include <charconv>
#include <cstdio>

#include "robo/ibkr/wire.hpp"

namespace robo::ibkr {

Contract stock_contract(Symbol s) {
    Contract c;
    c.symbol = std::string(s.view());
    return c;
}

PlaceOrder to_place_order(const Order& o, int order_id, std::string account) {
    if (auto why = o.validate(); !why.empty())
        throw TranslateError("order " + o.client_id + " cannot be sent: " + why);
    PlaceOrder p;
    p.order_id = order_id;
    p.contract = stock_contract(o.symbol);
    p.action = o.side == Side::buy ? "BUY" : "SELL";
    p.total_quantity = o.quantity;
    switch (o.type) {
        case OrderType::market:
            p.order_type = "MKT";
            break;
        case OrderType::limit:
            p.order_type = "LMT";
            break;
        case OrderType::stop:
            p.order_type = "STP";
            break;
        case OrderType::stop_limit:
            p.order_type = "STP LMT";
            break;
    }
    switch (o.tif) {
        case TimeInForce::day:
            p.tif = "DAY";
            break;
        case TimeInForce::gtc:
            p.tif = "GTC";
            break;
        case TimeInForce::ioc:
            p.tif = "IOC";
            break;
    }
    if (o.limit) p.lmt_price = o.limit->to_double();
    if (o.stop) p.aux_price = o.stop->to_double();
    p.account = std::move(account);
    p.order_ref = o.client_id;
    return p;
}

Fill to_fill(const ExecDetails& e, Money commission, std::string_view zone) {
    Fill f;
    f.client_id = e.order_ref;
    f.exec_id = e.exec_id;
    f.symbol = Symbol(e.contract.symbol);
    if (e.side == "BOT")
        f.side = Side::buy;
    else if (e.side == "SLD")
        f.side = Side::sell;
    else
        throw TranslateError("execution " + e.exec_id + ": side \"" + e.side + "\", expected BOT or SLD");
    f.quantity = e.shares;
    f.price = Price::from_double(e.price);
    f.commission = commission;
    f.time = parse_tws_time(e.time, zone);
    return f;
}

std::optional<OrderStatus> to_order_status(std::string_view s, Quantity filled, Quantity remaining) {
    if (s == "PendingSubmit" || s == "ApiPending") return OrderStatus::submitted;
    if (s == "PreSubmitted" || s == "Submitted" || s == "PendingCancel")
        return filled.is_positive() && remaining.is_positive() ? OrderStatus::partially_filled
                                                               : OrderStatus::accepted;
    if (s == "Filled") return OrderStatus::filled;
    if (s == "Cancelled" || s == "ApiCancelled") return OrderStatus::cancelled;
    if (s == "Inactive") return OrderStatus::rejected;
    return std::nullopt;
}

Timestamp parse_tws_time(std::string_view text, std::string_view default_zone) {
    auto bad = [&](const char* why) -> Timestamp {
        throw TranslateError("TWS time \"" + std::string(text) + "\": " + why +
                             "; expected yyyyMMdd, yyyyMMdd HH:mm:ss[ zone] or epoch seconds");
    };
    if (text.size() >= 9 && text.find_first_not_of("0123456789") == std::string_view::npos) {
        int64_t secs = 0;
        std::from_chars(text.data(), text.data() + text.size(), secs);
        return from_unix_nanos(secs * 1'000'000'000);
    }
    if (text.size() < 8) return bad("too short");
    auto num = [&](std::size_t at, std::size_t len) {
        int v = 0;
        auto r = std::from_chars(text.data() + at, text.data() + at + len, v);
        if (r.ec != std::errc() || r.ptr != text.data() + at + len) bad("not a number where one belongs");
        return v;
    };
    int y = num(0, 4), mo = num(4, 2), d = num(6, 2);
    int h = 0, mi = 0, se = 0;
    std::string zone(default_zone);
    std::string_view rest = text.substr(8);
    if (!rest.empty()) {
        bool utc_dash = rest.front() == '-';
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '-')) rest.remove_prefix(1);
        if (rest.size() < 8 || rest[2] != ':' || rest[5] != ':') return bad("bad time of day");
        std::size_t off = static_cast<std::size_t>(rest.data() - text.data());
        h = num(off, 2), mi = num(off + 3, 2), se = num(off + 6, 2);
        rest.remove_prefix(8);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        if (!rest.empty())
            zone = std::string(rest);
        else if (utc_dash)
            zone = "UTC";
    }
    Timestamp utc;
    try {
        utc = from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), h, mi, se);
    } catch (const std::invalid_argument&) {
        return bad("not a calendar date");
    }
    if (zone == "UTC" || zone == "GMT") return utc;
    try {
        // `utc` holds the wall-clock fields; reinterpret them as local time in `zone`.
        auto local =
            date::local_seconds{std::chrono::duration_cast<std::chrono::seconds>(utc.time_since_epoch())};
        auto sys = date::locate_zone(zone)->to_sys(local, date::choose::earliest);
        return Timestamp(std::chrono::duration_cast<Duration>(sys.time_since_epoch()));
    } catch (const std::runtime_error&) {
        return bad("unknown time zone");
    }
}

Bar to_bar(const RealTimeBar& b, Symbol s) {
    Bar out;
    out.symbol = s;
    out.timeframe = Timeframe::s5;
    out.start = from_unix_nanos(b.time * 1'000'000'000);
    out.open = Price::from_double(b.open);
    out.high = Price::from_double(b.high);
    out.low = Price::from_double(b.low);
    out.close = Price::from_double(b.close);
    out.volume = b.volume;
    return out;
}

Bar to_bar(const HistoricalBar& b, Symbol s, Timeframe tf, std::string_view zone) {
    Bar out;
    out.symbol = s;
    out.timeframe = tf;
    out.start = parse_tws_time(b.date, zone);
    out.open = Price::from_double(b.open);
    out.high = Price::from_double(b.high);
    out.low = Price::from_double(b.low);
    out.close = Price::from_double(b.close);
    out.volume = b.volume;
    return out;
}

std::string bar_size_setting(Timeframe tf) {
    switch (tf) {
        case Timeframe::s1:
            return "1 secs";
        case Timeframe::s5:
            return "5 secs";
        case Timeframe::m1:
            return "1 min";
        case Timeframe::m5:
            return "5 mins";
        case Timeframe::m15:
            return "15 mins";
        case Timeframe::m30:
            return "30 mins";
        case Timeframe::h1:
            return "1 hour";
        case Timeframe::day:
            return "1 day";
        case Timeframe::session:
            break;
    }
    throw TranslateError("timeframe " + std::string(to_string(tf)) + " has no TWS bar size; use 1d");
}

std::optional<Quote> QuoteBook::emit(const Book& b, Timestamp now) const {
    if (!b.bid || !b.ask) return std::nullopt;
    // TWS sends the two sides as separate ticks: after a move, the side that changed first
    // can cross the other's old price. That is a half-updated book, not a market; the quote
    // waits for the other side (a crossed quote would be quarantined downstream).
    if (*b.bid > *b.ask) return std::nullopt;
    return Quote{b.symbol, now, *b.bid, *b.ask, b.bid_size, b.ask_size};
}

std::optional<Quote> QuoteBook::on_tick(const TickPrice& t, Timestamp now) {
    auto it = books_.find(t.req_id);
    if (it == books_.end()) return std::nullopt;
    auto& b = it->second;
    if (t.price < 0) return std::nullopt;  // -1: no value on this side
    // A side repeated unchanged is no new quote (it would be a duplicate of the last one).
    const Price px = Price::from_double(t.price);
    if ((t.tick_type == 1 || t.tick_type == 66) && b.bid == px && b.bid_size == t.size) return std::nullopt;
    if ((t.tick_type == 2 || t.tick_type == 67) && b.ask == px && b.ask_size == t.size) return std::nullopt;
    if (t.tick_type == 1 || t.tick_type == 66) {
        b.bid = Price::from_double(t.price);
        b.bid_size = t.size;
    } else if (t.tick_type == 2 || t.tick_type == 67) {
        b.ask = Price::from_double(t.price);
        b.ask_size = t.size;
    } else {
        return std::nullopt;
    }
    return emit(b, now);
}

std::optional<Quote> QuoteBook::on_tick(const TickSize& t, Timestamp now) {
    auto it = books_.find(t.req_id);
    if (it == books_.end()) return std::nullopt;
    auto& b = it->second;
    if (t.tick_type == 0 || t.tick_type == 69) {
        if (b.bid_size == t.size) return std::nullopt;
        b.bid_size = t.size;
    } else if (t.tick_type == 3 || t.tick_type == 70) {
        if (b.ask_size == t.size) return std::nullopt;
        b.ask_size = t.size;
    } else {
        return std::nullopt;
    }
    return emit(b, now);
}

std::optional<Tick> QuoteBook::trade(const TickPrice& t, Timestamp now) const {
    auto it = books_.find(t.req_id);
    if (it == books_.end() || (t.tick_type != 4 && t.tick_type != 68) || t.price <= 0) return std::nullopt;
    return Tick{it->second.symbol, now, Price::from_double(t.price), t.size};
}

}  // namespace robo::ibkr
