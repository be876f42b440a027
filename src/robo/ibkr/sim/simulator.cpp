// ibkr/sim/simulator.cpp — sessions, request handling, market clock and faults (see
// simulator.hpp).
#include "robo/ibkr/sim/simulator.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "robo/core/time.hpp"
#include "robo/data/calendar.hpp"
#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/row_gate.hpp"
#include "robo/ibkr/codec.hpp"
#include "robo/log/log.hpp"

namespace robo::ibkr::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// ============================================================================ faults

Fault parse_fault(std::string_view spec) {
    auto colon = spec.find(':');
    std::string_view name = spec.substr(0, colon);
    int n = -1;
    if (colon != std::string_view::npos) {
        auto num = spec.substr(colon + 1);
        if (std::from_chars(num.data(), num.data() + num.size(), n).ec != std::errc() || n < 0)
            throw std::invalid_argument("fault \"" + std::string(spec) +
                                        "\": expected a non-negative number after ':'");
    }
    auto with = [&](FaultKind k, int def, bool is_time) {
        Fault f{k};
        int v = n < 0 ? def : n;
        if (is_time)
            f.duration = std::chrono::milliseconds(v);
        else
            f.count = v;
        return f;
    };
    if (name == "drop-after") return with(FaultKind::drop_after, 10, false);
    if (name == "lost") return with(FaultKind::connectivity_restored, 300, true);
    if (name == "lost-data") return with(FaultKind::connectivity_data_lost, 300, true);
    if (name == "farm") return with(FaultKind::farm_disconnect, 300, true);
    if (name == "pacing") return with(FaultKind::pacing_violation, 1, false);
    if (name == "drop-history") return with(FaultKind::drop_history, 1, false);
    if (name == "garble-history") return with(FaultKind::garble_history, 1, false);
    if (name == "slow") return with(FaultKind::slow_responses, 100, true);
    if (name == "dup-id") return with(FaultKind::duplicate_order_id, 1, false);
    if (name == "restart") return with(FaultKind::restart_lower_next_id, 10, false);
    if (name == "outside-trade") return with(FaultKind::outside_trade, 100, false);
    if (name == "reject-sells") return with(FaultKind::reject_sells, -1, false);
    throw std::invalid_argument("fault \"" + std::string(spec) +
                                "\": expected one of drop-after, lost, lost-data, farm, pacing, "
                                "drop-history, garble-history, slow, dup-id, restart, outside-trade, "
                                "reject-sells (optionally :N)");
}

std::string describe(const Fault& f) {
    auto ms = std::to_string(f.duration.count()) + " ms";
    switch (f.kind) {
        case FaultKind::drop_after:
            return "drop connections after " + std::to_string(f.count) + " messages";
        case FaultKind::connectivity_restored:
            return "1100 then 1102 after " + ms;
        case FaultKind::connectivity_data_lost:
            return "1100 then 1101 (data lost) after " + ms;
        case FaultKind::farm_disconnect:
            return "farm disconnect 2103/2105 for " + ms;
        case FaultKind::pacing_violation:
            return "162 pacing violation on the next " + std::to_string(f.count) + " historical requests";
        case FaultKind::drop_history:
            return "no answer to the next " + std::to_string(f.count) + " historical requests";
        case FaultKind::garble_history:
            return "the next " + std::to_string(f.count) + " historical answers cut short";
        case FaultKind::slow_responses:
            return "responses delayed by " + ms;
        case FaultKind::duplicate_order_id:
            return "103 duplicate order id on the next " + std::to_string(f.count) + " orders";
        case FaultKind::restart_lower_next_id:
            return "restart with nextValidId " + std::to_string(f.count) + " lower";
        case FaultKind::outside_trade:
            return std::to_string(f.count) + " shares bought outside the API";
        case FaultKind::reject_sells:
            return f.count < 0 ? "201 on every new SELL order"
                               : "201 on the next " + std::to_string(f.count) + " new SELL orders";
    }
    return "?";
}

std::vector<std::string> load_replay(const std::string& dir,
                                     std::map<std::string, std::vector<ReplayPoint>>& out) {
    auto data = robo::data::load_data_directory(dir);
    std::vector<std::string> lines;
    // The market it simulates never prints what the quality gate quarantines (the rows
    // validate and a backtest leave out, data/quality/row_gate.hpp).
    const Timestamp now = wall_now();
    std::string gated;
    auto gate = [&](const auto& file) {
        auto verdicts = robo::data::quality::gate_rows(file, now);
        gated = verdicts.count()
                    ? ", " + std::to_string(verdicts.count()) + " rows quarantined by the quality gate (" +
                          robo::data::quality::format_reasons(verdicts.by_reason) + ")"
                    : std::string();
        return std::move(verdicts.usable);
    };
    auto keep = [&](const std::string& path, Symbol s, std::vector<ReplayPoint> pts, std::size_t rejected) {
        std::string sym(s.view());
        if (out.count(sym)) {
            lines.push_back(path + ": " + sym + " already loaded from another file; skipped");
            return;
        }
        lines.push_back(path + ": " + sym + ", " + std::to_string(pts.size()) + " records replayed" +
                        (rejected ? ", " + std::to_string(rejected) + " rows rejected by the reader" : "") +
                        gated);
        out[sym] = std::move(pts);
    };
    auto cents = [](double p) { return p >= 10 ? 0.01 : 0.0001; };  // a plausible spread
    auto second_of = [](Timestamp t) { return unix_nanos(t) / 1'000'000'000; };
    const auto& calendar = robo::data::ExchangeCalendar::nyse();
    for (auto& f : data.bar_files) {
        std::vector<ReplayPoint> pts;
        const auto usable = gate(f);
        for (size_t i = 0; i < f.bars.size(); ++i) {
            if (!usable[i]) continue;
            const auto& b = f.bars[i];
            double c = b.close.to_double();
            ReplayPoint p{c, c - cents(c), c + cents(c), 100};
            p.start = second_of(b.start);
            p.seconds = timeframe_seconds(b.timeframe);
            p.open = b.open.to_double(), p.high = b.high.to_double(), p.low = b.low.to_double();
            p.volume = b.volume.to_double();
            // Published when it is over; a daily (or longer) bar at the next regular open,
            // the first moment a trader could act on it (it is over at midnight).
            Timestamp known = b.start + std::chrono::seconds(p.seconds);
            if (p.seconds >= 86400)
                if (auto next = calendar.next_session(known)) known = next->open;
            p.at = second_of(known);
            pts.push_back(p);
        }
        keep(f.path, f.symbol, std::move(pts), f.rejected.size());
    }
    for (auto& f : data.tick_files) {
        std::vector<ReplayPoint> pts;
        const auto usable = gate(f);
        for (size_t i = 0; i < f.ticks.size(); ++i) {
            if (!usable[i]) continue;
            const auto& t = f.ticks[i];
            double c = t.price.to_double();
            ReplayPoint p{c, c - cents(c), c + cents(c), static_cast<int>(std::max(1.0, t.size.to_double()))};
            p.at = p.start = second_of(t.time);
            // TWS times are whole seconds and its prints aggregated: prints of one price
            // within one second are one print of their summed size.
            if (!pts.empty() && pts.back().at == p.at && pts.back().last == p.last)
                pts.back().size += p.size;
            else
                pts.push_back(p);
        }
        keep(f.path, f.symbol, std::move(pts), f.rejected.size());
    }
    for (auto& f : data.quote_files) {
        std::vector<ReplayPoint> pts;
        const auto usable = gate(f);
        for (size_t i = 0; i < f.quotes.size(); ++i) {
            if (!usable[i]) continue;
            const auto& q = f.quotes[i];
            double b = q.bid.to_double(), a = q.ask.to_double();
            ReplayPoint p{(b + a) / 2, b, a, 100};
            p.at = p.start = second_of(q.time);
            pts.push_back(p);
        }
        keep(f.path, f.symbol, std::move(pts), f.rejected.size());
    }
    for (auto& fail : data.failures) lines.push_back(fail.path + ": not replayed: " + fail.message);
    return lines;
}

// ============================================================================ session

class Session : public std::enable_shared_from_this<Session> {
public:
    struct Sub {
        enum Kind { level1, tick_by_tick, rt_bars, bar_updates } kind;
        std::string symbol;
        int tbt_type = 1;  // 1 Last, 2 AllLast, 3 BidAsk, 4 MidPoint
        bool first = true;
        int64_t bar_seconds = 0;  // bar_updates: the bar size of the keepUpToDate request
        int format_date = 1;      // bar_updates: 1 text dates, 2 epoch seconds
    };

    Session(Simulator& sim, tcp::socket sock, std::weak_ptr<int> alive)
        : sim_(sim), sock_(std::move(sock)), delay_timer_(sock_.get_executor()), alive_(std::move(alive)) {}

    void start() { read(); }
    bool open() const { return open_; }
    bool ready() const { return open_ && phase_ == Phase::ready; }
    int client_id() const { return client_id_; }
    std::map<int, Sub>& subs() { return subs_; }
    bool positions_subscribed() const { return positions_sub_; }
    void drop_after(int n) { drop_countdown_ = std::max(1, n); }

    template <class M>
    void send(const M& m) {
        send_frame(encode(m));
    }
    void error(int id, int code, std::string text) { send(ErrorMsg{id, code, std::move(text), ""}); }

    void close() {
        if (!open_) return;
        open_ = false;
        boost::system::error_code ec;
        sock_.shutdown(tcp::socket::shutdown_both, ec);
        sock_.close(ec);
        delay_timer_.cancel();
        outq_.clear();
        delayed_.clear();
        subs_.clear();
    }

private:
    enum class Phase { prefix, hello, start_api, ready };

    bool sim_alive() const { return !alive_.expired(); }

    void read() {
        sock_.async_read_some(asio::buffer(rbuf_), [self = shared_from_this()](auto ec, std::size_t n) {
            if (!self->sim_alive() || !self->open_) return;
            if (ec) return self->close();
            self->on_bytes(n);
            if (self->open_) self->read();
        });
    }

    void on_bytes(std::size_t n) {
        const char* p = rbuf_.data();
        if (phase_ == Phase::prefix) {
            std::size_t take = std::min<std::size_t>(4 - prefix_.size(), n);
            prefix_.append(p, take);
            p += take;
            n -= take;
            if (prefix_.size() < 4) return;
            if (prefix_ != std::string("API\0", 4)) {
                log_warn("bad prefix");
                return close();
            }
            phase_ = Phase::hello;
        }
        split_.append(p, n);
        try {
            while (open_) {
                auto payload = split_.next();
                if (!payload) break;
                handle(*payload);
            }
        } catch (const FrameError& e) {
            log_warn(e.what());
            close();
        }
    }

    void log_warn(std::string_view what) {
        robo::log::warn("tws-sim", "session_problem",
                        {{"client_id", client_id_}, {"detail", std::string(what)}});
    }

    void handle(std::string_view payload) {
        ++sim_.stats_.messages_in;
        if (phase_ == Phase::hello) {
            ClientHello h;
            try {
                h = parse_client_hello(payload);
            } catch (const DecodeError& e) {
                log_warn(e.what());
                return close();
            }
            if (h.min_version > kServerVersion || h.max_version < kServerVersion) {
                log_warn("client version range excludes 176; closing");
                return close();
            }
            char when[64];
            std::snprintf(when, sizeof when, "%s EST", tws_time(sim_.now_ - 5 * 3600).c_str());
            send_frame(encode_server_hello({kServerVersion, when}));
            phase_ = Phase::start_api;
            return;
        }
        ClientMessage msg;
        try {
            msg = decode_client(payload);
        } catch (const DecodeError& e) {
            // The frame boundary is intact, so we resynchronise on the next frame.
            ++sim_.stats_.decode_errors;
            log_warn(e.what());
            int id = peek_message_id(payload);
            auto* po = id == PlaceOrder::id ? "order" : "request";
            error(-1, 320, std::string("Error reading ") + po + ": " + e.what());
            return;
        }
        if (phase_ == Phase::start_api) {
            auto* s = std::get_if<StartApi>(&msg);
            if (!s) {
                log_warn("expected startApi first");
                return close();
            }
            client_id_ = s->client_id;
            if (sim_.client_id_in_use(client_id_, this)) {
                error(-1, 326,
                      "Unable to connect as the client id is already in use. Retry with a unique client id.");
                close_after_flush_ = true;
                return;
            }
            phase_ = Phase::ready;
            send(ManagedAccounts{sim_.cfg_.broker.account});
            send(NextValidId{sim_.next_valid_id()});
            error(-1, 2104, "Market data farm connection is OK:usfarm");
            error(-1, 2106, "HMDS data farm connection is OK:ushmds");
            error(-1, 2158, "Sec-def data farm connection is OK:secdefnj");
            if (sim_.drop_after_ > 0) {
                drop_after(sim_.drop_after_);
                sim_.drop_after_ = 0;
            }
            return;
        }
        if (!pace()) return;
        std::visit([this](auto& m) { on(m); }, msg);
    }

    // IBKR: at most 50 messages per second from a client; beyond that error 100, and a
    // client that keeps going is disconnected.
    bool pace() {
        auto now = Clock::now();
        recent_.push_back(now);
        while (!recent_.empty() && now - recent_.front() > std::chrono::seconds(1)) recent_.pop_front();
        auto limit = static_cast<std::size_t>(sim_.cfg_.max_messages_per_second);
        if (recent_.size() <= limit) return true;
        if (recent_.size() > 2 * limit) {
            log_warn("message rate far over the limit; disconnecting");
            close();
            return false;
        }
        error(-1, 100, "Max rate of messages per second has been exceeded.");
        return false;
    }

    // ------------------------------------------------------------------ requests
    void on(UnknownRequest& m) { log_warn("unsupported request id " + std::to_string(m.id) + " ignored"); }
    void on(StartApi&) { error(-1, 501, "Already connected."); }
    void on(ReqMktData& m) {
        if (!known(m.req_id, m.contract)) return;
        subs_[m.req_id] = Sub{Sub::level1, m.contract.symbol};
    }
    void on(CancelMktData& m) { cancel_sub(m.req_id); }
    void on(ReqTickByTick& m) {
        if (!known(m.req_id, m.contract)) return;
        int type = m.tick_type == "Last"       ? 1
                   : m.tick_type == "AllLast"  ? 2
                   : m.tick_type == "BidAsk"   ? 3
                   : m.tick_type == "MidPoint" ? 4
                                               : 0;
        if (type == 0) return error(m.req_id, 10190, "Invalid tick-by-tick type " + m.tick_type);
        subs_[m.req_id] = Sub{Sub::tick_by_tick, m.contract.symbol, type};
    }
    void on(CancelTickByTick& m) { cancel_sub(m.req_id); }
    void on(ReqRealTimeBars& m) {
        if (!known(m.req_id, m.contract)) return;
        if (m.bar_size != 5) return error(m.req_id, 420, "Invalid Real-time Query: bar size must be 5");
        subs_[m.req_id] = Sub{Sub::rt_bars, m.contract.symbol};
    }
    void on(CancelRealTimeBars& m) { cancel_sub(m.req_id); }
    void on(ReqMarketDataType&) {}
    void on(ReqHistoricalData& m);
    void on(CancelHistoricalData& m) {
        // Only a keepUpToDate request is still running once its history has been sent.
        auto it = subs_.find(m.req_id);
        if (it != subs_.end() && it->second.kind == Sub::bar_updates) return void(subs_.erase(it));
        error(m.req_id, 366, "No historical data query found for ticker id:" + std::to_string(m.req_id));
    }
    void on(ReqContractDetails& m) {
        if (!known(m.req_id, m.contract)) return;
        ContractDetailsMsg d;
        d.req_id = m.req_id;
        d.contract = m.contract;
        d.contract.con_id = sim_.market_.con_id(m.contract.symbol);
        d.contract.exchange = m.contract.exchange.empty() ? "SMART" : m.contract.exchange;
        d.contract.primary_exchange = "NASDAQ";
        d.contract.local_symbol = m.contract.symbol;
        d.contract.trading_class = "NMS";
        d.market_name = "NMS";
        d.long_name = m.contract.symbol + " (simulated)";
        d.trading_hours = "20250102:0930-20250102:1600";
        d.liquid_hours = d.trading_hours;
        send(d);
        send(ContractDetailsEnd{m.req_id});
    }
    void on(PlaceOrder& m) {
        if (!sim_.market_.knows(m.contract.symbol))
            return error(m.order_id, 200, "No security definition has been found for the request");
        if (sim_.duplicate_faults_ > 0 && !sim_.broker_.orders().count(m.order_id)) {
            --sim_.duplicate_faults_;
            return error(m.order_id, 103, "Duplicate order id");
        }
        if (sim_.reject_sells_ != 0 && m.action == "SELL" && !sim_.broker_.orders().count(m.order_id)) {
            if (sim_.reject_sells_ > 0) --sim_.reject_sells_;
            return error(m.order_id, 201, "Order rejected - reason:SELL orders refused (simulated fault)");
        }
        if (auto reject = sim_.broker_.place(m, client_id_, sim_.now_))
            return error(m.order_id, reject->code, reject->text);
        sim_.send_order_state(*this, sim_.broker_.orders().at(m.order_id));
    }
    void on(CancelOrder& m) {
        auto it = sim_.broker_.orders().find(m.order_id);
        if (it != sim_.broker_.orders().end() && it->second.client_id != client_id_ && client_id_ != 0)
            return error(
                m.order_id, 10147,
                "OrderId " + std::to_string(m.order_id) + " that needs to be cancelled is not found.");
        if (auto reject = sim_.broker_.cancel(m.order_id, sim_.now_))
            return error(m.order_id, reject->code, reject->text);
        cancelled(sim_.broker_.orders().at(m.order_id));
    }
    void on(ReqGlobalCancel&) {
        for (int id : sim_.broker_.cancel_all(sim_.now_)) {
            const auto& o = sim_.broker_.orders().at(id);
            sim_.for_sessions([&](Session& s) {
                if (s.client_id() == o.client_id) s.cancelled(o);
            });
        }
    }
    void on(ReqOpenOrders&) { open_orders(false); }
    void on(ReqAllOpenOrders&) { open_orders(true); }
    void on(ReqExecutions& m) {
        for (auto& e : sim_.broker_.executions()) {
            if (m.client_id != 0 && e.client_id != m.client_id) continue;
            if (!m.symbol.empty() && e.details.contract.symbol != m.symbol) continue;
            auto d = e.details;
            d.req_id = m.req_id;
            send(d);
            send(e.commission);
        }
        send(ExecDetailsEnd{m.req_id});
    }
    void on(ReqPositions&) {
        positions_sub_ = true;
        for (auto& [sym, p] : sim_.broker_.positions()) send(position_msg(p));
        send(PositionEnd{});
    }
    void on(CancelPositions&) { positions_sub_ = false; }
    void on(ReqAccountSummary& m);
    void on(CancelAccountSummary&) {}
    void on(ReqIds&) { send(NextValidId{sim_.next_valid_id()}); }
    void on(ReqManagedAccts&) { send(ManagedAccounts{sim_.cfg_.broker.account}); }
    void on(ReqCurrentTime&) { send(CurrentTime{sim_.now_}); }

public:
    PositionMsg position_msg(const SimPosition& p) const {
        PositionMsg m;
        m.account = sim_.cfg_.broker.account;
        m.contract = p.contract;
        m.contract.con_id = sim_.market_.con_id(p.contract.symbol);
        m.contract.primary_exchange.clear();
        m.position = p.quantity;
        m.avg_cost = p.avg_cost();
        return m;
    }
    void cancelled(const SimOrder& o) {
        sim_.send_order_state(*this, o);
        error(o.order_id, 202, "Order Canceled - reason:");
    }

private:
    bool known(int req_id, const Contract& c) {
        if (sim_.market_.knows(c.symbol) && (c.sec_type == "STK" || c.sec_type.empty())) return true;
        error(req_id, 200, "No security definition has been found for the request");
        return false;
    }
    void cancel_sub(int req_id) {
        if (!subs_.erase(req_id))
            error(req_id, 300, "Can't find EId with tickerId:" + std::to_string(req_id));
    }
    void open_orders(bool all) {
        for (auto& [id, o] : sim_.broker_.orders())
            if (o.working() && (all || o.client_id == client_id_ || client_id_ == 0))
                sim_.send_order_state(*this, o);
        send(OpenOrderEnd{});
    }

public:
    void send_frame(std::string frame) {
        if (!open_ || close_after_flush_) return;
        ++sim_.stats_.messages_out;
        if (drop_countdown_ > 0 && --drop_countdown_ == 0) close_after_flush_ = true;
        if (sim_.slow_.count() > 0) {
            delayed_.emplace_back(Clock::now() + sim_.slow_, std::move(frame));
            if (delayed_.size() == 1) arm_delay();
            return;
        }
        outq_.push_back(std::move(frame));
        if (!writing_) write_next();
    }

private:
    void arm_delay() {
        delay_timer_.expires_at(delayed_.front().first);
        delay_timer_.async_wait([self = shared_from_this()](auto ec) {
            if (ec || !self->sim_alive() || !self->open_) return;
            auto now = Clock::now();
            while (!self->delayed_.empty() && self->delayed_.front().first <= now) {
                self->outq_.push_back(std::move(self->delayed_.front().second));
                self->delayed_.pop_front();
            }
            if (!self->writing_) self->write_next();
            if (!self->delayed_.empty()) self->arm_delay();
        });
    }

    void write_next() {
        if (outq_.empty()) {
            writing_ = false;
            if (close_after_flush_ && delayed_.empty()) close();
            return;
        }
        writing_ = true;
        asio::async_write(sock_, asio::buffer(outq_.front()),
                          [self = shared_from_this()](auto ec, std::size_t) {
                              if (!self->sim_alive() || !self->open_) return;
                              if (ec) return self->close();
                              self->outq_.pop_front();
                              self->write_next();
                          });
    }

    Simulator& sim_;
    tcp::socket sock_;
    asio::steady_timer delay_timer_;
    std::weak_ptr<int> alive_;
    std::array<char, 65536> rbuf_{};
    std::string prefix_;
    FrameSplitter split_;
    Phase phase_ = Phase::prefix;
    bool open_ = true, writing_ = false, close_after_flush_ = false, positions_sub_ = false;
    int client_id_ = -1;
    int drop_countdown_ = 0;
    std::deque<std::string> outq_;
    std::deque<std::pair<Clock::time_point, std::string>> delayed_;
    std::deque<Clock::time_point> recent_;
    std::map<int, Sub> subs_;
};

namespace {
// One tick-by-tick message of `type` (1 Last, 2 AllLast, 3 BidAsk, 4 MidPoint) for quote q.
TickByTick tick_by_tick(int req_id, int type, int64_t time, const SimQuote& q) {
    TickByTick t;
    t.req_id = req_id;
    t.type = type;
    t.time = time;
    if (type <= 2) {
        t.price = q.last;
        t.size = Quantity::from_units(q.last_size);
        t.exchange = "ISLAND";
    } else if (type == 3) {
        t.bid = q.bid, t.ask = q.ask;
        t.bid_size = Quantity::from_units(q.bid_size);
        t.ask_size = Quantity::from_units(q.ask_size);
    } else {
        t.price = (q.bid + q.ask) / 2;
    }
    return t;
}

// A recorded bar (timed replay) as TWS sends a historical bar.
HistoricalBar recorded_history_bar(const ReplayPoint& p, int format_date) {
    HistoricalBar b;
    b.date = format_date == 2 ? std::to_string(p.start) : tws_time(p.start, p.seconds >= 86400);
    b.open = p.open, b.high = p.high, b.low = p.low, b.close = p.last;
    b.volume = Quantity::from_double(p.volume);
    b.wap = (p.open + p.high + p.low + p.last) / 4;
    b.count = 1;
    return b;
}

// A payload with its 4-byte big-endian length in front.
std::string frame_of(std::string_view payload) {
    auto n = static_cast<uint32_t>(payload.size());
    std::string out{char(n >> 24), char(n >> 16), char(n >> 8), char(n)};
    return out.append(payload);
}

// "yyyyMMdd HH:mm:ss[ zone]" or "yyyyMMdd-HH:mm:ss", read as UTC; -1 when malformed.
int64_t parse_end_time(const std::string& s) {
    int y, mo, d, h, mi, se;
    char sep;
    if (std::sscanf(s.c_str(), "%4d%2d%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &se) != 7) return -1;
    if (sep != ' ' && sep != '-') return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return -1;
    try {
        return robo::unix_nanos(
                   robo::from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), h, mi, se)) /
               1'000'000'000;
    } catch (const std::invalid_argument&) {
        return -1;  // e.g. February 31st
    }
}
}  // namespace

void Session::on(ReqHistoricalData& m) {
    ++sim_.stats_.historical_requests;
    if (!known(m.req_id, m.contract)) return;
    auto pacing = [&](const char* why) {
        ++sim_.stats_.pacing_rejections;
        error(m.req_id, 162, std::string("Historical Market Data Service error message:") + why);
    };
    if (sim_.pacing_faults_ > 0) {
        --sim_.pacing_faults_;
        return pacing("Pacing violation");
    }
    auto now = Clock::now();
    std::string key = m.pacing_key();
    auto last = sim_.hist_last_.find(key);
    if (last != sim_.hist_last_.end() && now - last->second < sim_.cfg_.identical_hist_window)
        return pacing("Pacing violation");
    while (!sim_.hist_times_.empty() && now - sim_.hist_times_.front() > std::chrono::minutes(10))
        sim_.hist_times_.pop_front();
    if (sim_.hist_times_.size() >= 60) return pacing("Pacing violation");
    sim_.hist_last_[key] = now;
    sim_.hist_times_.push_back(now);

    if (sim_.history_drops_ > 0) {
        // Fault: accepted (and counted by the pacing rules), never answered.
        --sim_.history_drops_;
        ++sim_.stats_.historical_dropped;
        robo::log::info("tws-sim", "historical_answer_dropped", {{"req_id", m.req_id}});
        return;
    }
    if (m.keep_up_to_date && !m.end_date_time.empty())
        return error(m.req_id, 321,
                     "Error validating request:-'end date not supported with live updates (keepUpToDate)");
    int64_t bar = bar_size_seconds(m.bar_size);
    int64_t span = duration_seconds(m.duration);
    if (bar == 0)
        return error(m.req_id, 321, "Error validating request:-'bad bar size \"" + m.bar_size + "\"");
    if (span == 0)
        return error(m.req_id, 321, "Error validating request:-'bad duration \"" + m.duration + "\"");
    int64_t end = m.end_date_time.empty() ? sim_.now_ : parse_end_time(m.end_date_time);
    if (end < 0)
        return error(m.req_id, 321,
                     "Error validating request:-'bad end date/time \"" + m.end_date_time + "\"");
    end -= end % bar;
    int64_t count = std::min<int64_t>(span / bar, 5000);
    if (count <= 0)
        return error(m.req_id, 162,
                     "Historical Market Data Service error message:HMDS query returned no data");
    HistoricalDataMsg h;
    h.req_id = m.req_id;
    int64_t start = end - count * bar;
    bool daily = bar >= 86400;
    h.start = tws_time(start);
    h.end = tws_time(end);
    if (sim_.market_.timed() && sim_.market_.replayed(m.contract.symbol)) {
        // On the data's calendar: the recorded bars of this size published by `end` within
        // the duration (none before the data begins: the answer is then empty).
        for (const auto& p : sim_.market_.records(m.contract.symbol))
            if (p.seconds == bar && p.at <= end && p.start >= end - span)
                h.bars.push_back(recorded_history_bar(p, m.format_date));
        if (h.bars.size() > static_cast<std::size_t>(count))
            h.bars.erase(h.bars.begin(), h.bars.end() - count);
        count = 0;
    }
    for (int64_t i = 0; i < count; ++i) {
        int64_t t = start + i * bar;
        auto b = sim_.market_.bar(m.contract.symbol, t, bar);
        b.date = m.format_date == 2 ? std::to_string(t) : tws_time(t, daily);
        h.bars.push_back(std::move(b));
    }
    if (sim_.history_garbles_ > 0) {
        // Fault: the answer cut off in the middle of its bars, but framed correctly, so the
        // client's next frame is intact. The message id and request id stay readable.
        --sim_.history_garbles_;
        ++sim_.stats_.historical_garbled;
        std::string payload = encode(h).substr(4);
        std::size_t header = payload.find('\0', payload.find('\0') + 1) + 1;  // id and reqId
        payload.resize(std::max(header + 1, payload.size() / 2));
        robo::log::info("tws-sim", "historical_answer_garbled", {{"req_id", m.req_id}});
        send_frame(frame_of(payload));
    } else {
        send(h);
    }
    // keepUpToDate: the bar now forming (from `end`) follows as historicalDataUpdate.
    if (m.keep_up_to_date) {
        Sub sub{Sub::bar_updates, m.contract.symbol};
        sub.bar_seconds = bar;
        sub.format_date = m.format_date;
        subs_[m.req_id] = sub;
    }
}

void Session::on(ReqAccountSummary& m) {
    Money cash = sim_.broker_.cash();
    Money mv = sim_.broker_.market_value(sim_.market_, sim_.now_);
    Money net = cash + mv;
    auto money = [](Money v) { return v.to_string(2); };
    std::map<std::string, std::pair<std::string, std::string>> values{
        {"AccountType", {"INDIVIDUAL", ""}},
        {"NetLiquidation", {money(net), "USD"}},
        {"TotalCashValue", {money(cash), "USD"}},
        {"SettledCash", {money(cash), "USD"}},
        {"GrossPositionValue", {money(mv.abs()), "USD"}},
        {"EquityWithLoanValue", {money(net), "USD"}},
        {"AvailableFunds", {money(net), "USD"}},
        {"ExcessLiquidity", {money(net), "USD"}},
        {"BuyingPower", {money(net.times(4)), "USD"}},
        {"Cushion", {"1", ""}},
    };
    std::string_view tags = m.tags;
    while (!tags.empty()) {
        auto comma = tags.find(',');
        auto tag = tags.substr(0, comma);
        if (auto it = values.find(std::string(tag)); it != values.end())
            send(AccountSummaryMsg{m.req_id, sim_.cfg_.broker.account, it->first, it->second.first,
                                   it->second.second});
        if (comma == std::string_view::npos) break;
        tags.remove_prefix(comma + 1);
    }
    send(AccountSummaryEnd{m.req_id});
}

// ============================================================================ simulator

Simulator::Simulator(asio::io_context& io, SimConfig cfg)
    : io_(io),
      cfg_(std::move(cfg)),
      acceptor_(io),
      step_timer_(io),
      market_(cfg_.symbols, cfg_.start_time),
      broker_(cfg_.broker),
      now_(cfg_.start_time),
      id_floor_(cfg_.first_order_id),
      alive_(std::make_shared<int>(0)) {
    for (auto& [symbol, points] : cfg_.replay) {
        if (!cfg_.data_clock)
            for (auto& p : points) p.at = 0;  // the compressed layout: one record a second
        market_.add_replay(symbol, points);
    }
    // On the data's calendar the clock starts just before the first record is published.
    if (market_.timed() && !market_.timeline().empty()) now_ = market_.timeline().front() - 1;
}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
    tcp::endpoint ep(asio::ip::make_address(cfg_.address), cfg_.port);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    stopped_ = false;
    for (auto& f : cfg_.faults) inject(f);
    accept();
    if (!cfg_.hold_clock) start_clock();
}

void Simulator::start_clock() {
    if (clock_running_ || stopped_) return;
    clock_running_ = true;
    schedule_step();
}

void Simulator::stop() {
    if (stopped_) return;
    stopped_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    step_timer_.cancel();
    for (auto& t : fault_timers_) t->cancel();
    for_sessions([](Session& s) { s.close(); });
}

void Simulator::accept() {
    acceptor_.async_accept([this, alive = std::weak_ptr<int>(alive_)](auto ec, tcp::socket sock) {
        if (alive.expired() || stopped_) return;
        if (!ec) {
            sock.set_option(tcp::no_delay(true), ec);
            auto s = std::make_shared<Session>(*this, std::move(sock), alive_);
            ++stats_.connections;
            std::erase_if(sessions_, [](auto& w) { return w.expired(); });
            sessions_.push_back(s);
            s->start();
        }
        accept();
    });
}

template <class Fn>
void Simulator::for_sessions(Fn fn) {
    auto copy = sessions_;
    for (auto& w : copy)
        if (auto s = w.lock(); s && s->open()) fn(*s);
}

std::size_t Simulator::open_sessions() const {
    std::size_t n = 0;
    for (auto& w : sessions_)
        if (auto s = w.lock(); s && s->ready()) ++n;
    return n;
}

int Simulator::next_valid_id() const { return std::max(id_floor_, broker_.max_order_id() + 1); }

bool Simulator::client_id_in_use(int client_id, const Session* except) const {
    for (auto& w : sessions_)
        if (auto s = w.lock(); s && s.get() != except && s->ready() && s->client_id() == client_id)
            return true;
    return false;
}

void Simulator::schedule_step() {
    // One market second every step / speed; on the data's calendar the clock jumps to the
    // next published second, and the wait is that many market seconds.
    const double seconds = static_cast<double>(next_second() - now_);
    auto interval = std::chrono::duration_cast<std::chrono::microseconds>(cfg_.step * seconds /
                                                                          std::max(cfg_.speed, 1e-6));
    step_timer_.expires_after(std::max(interval, std::chrono::microseconds(100)));
    step_timer_.async_wait([this, alive = std::weak_ptr<int>(alive_)](auto ec) {
        if (ec || alive.expired() || stopped_) return;
        step();
        schedule_step();
    });
}

void Simulator::send_order_state(Session& s, const SimOrder& o) {
    s.send(open_order_msg(o));
    OrderStatusMsg st;
    st.order_id = o.order_id;
    st.status = o.status;
    st.filled = o.filled;
    st.remaining = o.remaining();
    st.avg_fill_price = o.avg_fill_price;
    st.perm_id = o.perm_id;
    st.last_fill_price = o.last_fill_price;
    st.client_id = o.client_id;
    s.send(st);
}

OpenOrder Simulator::open_order_msg(const SimOrder& o) const {
    OpenOrder oo;
    oo.order_id = o.order_id;
    oo.contract = o.contract;
    oo.contract.con_id = market_.con_id(o.contract.symbol);
    oo.contract.primary_exchange.clear();
    oo.action = o.action;
    oo.total_quantity = o.total;
    oo.order_type = o.type;
    oo.lmt_price = o.lmt;
    oo.aux_price = o.aux;
    oo.tif = o.tif;
    oo.account = o.account;
    oo.order_ref = o.order_ref;
    oo.client_id = o.client_id;
    oo.perm_id = o.perm_id;
    oo.status = o.status;
    return oo;
}

void Simulator::report(const Activity& activity) {
    for (auto i : activity.fills) {
        const auto& e = broker_.executions()[i];
        const auto& o = broker_.orders().at(e.details.order_id);
        for_sessions([&](Session& s) {
            if (s.ready() && s.client_id() == o.client_id) {
                // TWS order: execDetails, orderStatus, openOrder, commissionReport.
                s.send(e.details);
                OrderStatusMsg st;
                st.order_id = o.order_id;
                st.status = e.details.cum_qty == o.total ? "Filled" : "Submitted";  // as of this fill
                st.filled = e.details.cum_qty;
                st.remaining = o.total - e.details.cum_qty;
                st.avg_fill_price = e.details.avg_price;
                st.perm_id = o.perm_id;
                st.last_fill_price = e.details.price;
                st.client_id = o.client_id;
                s.send(st);
                s.send(open_order_msg(o));
                s.send(e.commission);
            }
            if (s.ready() && s.positions_subscribed())
                s.send(s.position_msg(broker_.positions().at(o.contract.symbol)));
        });
    }
    // Orders the fill model ended (DAY expiry, IOC remainder), after their last fill.
    for (int id : activity.ended) {
        const auto& o = broker_.orders().at(id);
        for_sessions([&](Session& s) {
            if (s.ready() && s.client_id() == o.client_id) send_order_state(s, o);
        });
    }
}

int64_t Simulator::next_second() const {
    if (!market_.timed()) return now_ + 1;
    const auto& timeline = market_.timeline();
    auto next = std::upper_bound(timeline.begin(), timeline.end(), now_);
    return next == timeline.end() ? now_ + 1 : *next;  // past the data: the clock just runs
}

void Simulator::publish_records() {
    for_sessions([&](Session& s) {
        if (!s.ready()) return;
        // Every quote and print of this second (led by its time, tick 45) before any bar,
        // so that a client holds this second's time when a bar that ends now arrives.
        for (bool bars : {false, true}) {
            for (auto& [req_id, sub] : s.subs()) {
                if ((sub.kind == Session::Sub::bar_updates) != bars) continue;
                auto records = market_.published(sub.symbol, now_);
                if (records.empty()) continue;
                const SimQuote sizes = market_.quote(sub.symbol, now_);
                switch (sub.kind) {
                    case Session::Sub::level1:
                        if (sub.first) {
                            s.send(MarketDataTypeMsg{req_id, 1});
                            s.send(TickReqParams{req_id, 0.01, "9c0001", 3});
                        }
                        s.send(TickString{req_id, 45, std::to_string(now_)});
                        for (const auto& p : records) {
                            // A bar record is its bar (keepUpToDate) and this time; a quote or
                            // print made up from its close would be judged as a tick.
                            if (p.is_bar()) continue;
                            // The side that moves towards the other first: between the two
                            // ticks the book is crossed (a client waits for the other side)
                            // rather than a half-moved quote no market showed.
                            const auto all = market_.records(sub.symbol);
                            const bool down = &p != all.data() && p.last < (&p - 1)->last;
                            // A copy of the binding: clang before 16 cannot capture a structured binding.
                            auto bid = [&, id = req_id] {
                                s.send(TickPrice{id, 1, p.bid, Quantity::from_units(sizes.bid_size), 1});
                                s.send(TickSize{id, 0, Quantity::from_units(sizes.bid_size)});
                            };
                            auto ask = [&, id = req_id] {
                                s.send(TickPrice{id, 2, p.ask, Quantity::from_units(sizes.ask_size), 1});
                                s.send(TickSize{id, 3, Quantity::from_units(sizes.ask_size)});
                            };
                            if (down)
                                ask(), bid();
                            else
                                bid(), ask();
                            s.send(TickPrice{req_id, 4, p.last, Quantity::from_units(p.size), 0});
                            s.send(TickSize{req_id, 5, Quantity::from_units(p.size)});
                        }
                        break;
                    case Session::Sub::tick_by_tick:
                        for (const auto& p : records) {
                            if (p.is_bar()) continue;
                            s.send(
                                tick_by_tick(req_id, sub.tbt_type, now_,
                                             {p.bid, p.ask, p.last, sizes.bid_size, sizes.ask_size, p.size}));
                        }
                        break;
                    case Session::Sub::rt_bars:
                        break;  // 5-second bars would be invented: the records are the data
                    case Session::Sub::bar_updates:
                        // A recorded bar of the size asked for, once, when it is over.
                        for (const auto& p : records)
                            if (p.seconds == sub.bar_seconds)
                                s.send(
                                    HistoricalDataUpdate{req_id, recorded_history_bar(p, sub.format_date)});
                        break;
                }
                sub.first = false;
            }
        }
    });
}

void Simulator::step() {
    now_ = next_second();
    if (!market_up_) return;
    report(broker_.on_second(market_, now_));
    if (!data_up_) return;
    if (market_.timed()) return publish_records();
    for_sessions([&](Session& s) {
        if (!s.ready()) return;
        for (auto& [req_id, sub] : s.subs()) {
            SimQuote q = market_.quote(sub.symbol, now_);
            switch (sub.kind) {
                case Session::Sub::level1: {
                    if (sub.first) {
                        s.send(MarketDataTypeMsg{req_id, 1});
                        s.send(TickReqParams{req_id, 0.01, "9c0001", 3});
                    }
                    s.send(TickPrice{req_id, 1, q.bid, Quantity::from_units(q.bid_size), 1});
                    s.send(TickSize{req_id, 0, Quantity::from_units(q.bid_size)});
                    s.send(TickPrice{req_id, 2, q.ask, Quantity::from_units(q.ask_size), 1});
                    s.send(TickSize{req_id, 3, Quantity::from_units(q.ask_size)});
                    s.send(TickPrice{req_id, 4, q.last, Quantity::from_units(q.last_size), 0});
                    s.send(TickSize{req_id, 5, Quantity::from_units(q.last_size)});
                    s.send(TickSize{req_id, 8, Quantity::from_units((now_ - cfg_.start_time + 1) * 100)});
                    s.send(TickString{req_id, 45, std::to_string(now_)});
                    if (sub.first) {
                        int64_t day = now_ - now_ % 86400;
                        auto d = market_.bar(sub.symbol, day - 86400, 86400);
                        s.send(TickPrice{req_id, 6, d.high, {}, 0});
                        s.send(TickPrice{req_id, 7, d.low, {}, 0});
                        s.send(TickPrice{req_id, 9, d.close, {}, 0});
                        s.send(TickPrice{req_id, 14, market_.mid(sub.symbol, day + 52200), {}, 0});
                        s.send(TickGeneric{req_id, 49, 0.0});
                    }
                    break;
                }
                case Session::Sub::tick_by_tick:
                    s.send(tick_by_tick(req_id, sub.tbt_type, now_, q));
                    break;
                case Session::Sub::rt_bars:
                    if (now_ % 5 == 0) {
                        auto b = market_.bar(sub.symbol, now_ - 5, 5);
                        s.send(RealTimeBar{req_id, now_ - 5, b.open, b.high, b.low, b.close, b.volume, b.wap,
                                           b.count});
                    }
                    break;
                case Session::Sub::bar_updates: {
                    // The bar that contains this second, so far: a new bar starts with its
                    // first second, and each second revises it, as TWS does.
                    int64_t start = now_ - now_ % sub.bar_seconds;
                    auto b = market_.bar(sub.symbol, start, now_ - start + 1);
                    b.date = sub.format_date == 2 ? std::to_string(start)
                                                  : tws_time(start, sub.bar_seconds >= 86400);
                    s.send(HistoricalDataUpdate{req_id, std::move(b)});
                    break;
                }
            }
            sub.first = false;
        }
    });
}

void Simulator::inject(const Fault& f) {
    robo::log::info("tws-sim", "fault_injected", {{"fault", describe(f)}});
    auto later = [&](std::chrono::milliseconds d, std::function<void()> fn) {
        auto t = std::make_unique<asio::steady_timer>(io_, d);
        t->async_wait([fn = std::move(fn), alive = std::weak_ptr<int>(alive_)](auto ec) {
            if (!ec && !alive.expired()) fn();
        });
        fault_timers_.push_back(std::move(t));
    };
    auto notice = [this](int code, const char* text) {
        for_sessions([&](Session& s) {
            if (s.ready()) s.error(-1, code, text);
        });
    };
    switch (f.kind) {
        case FaultKind::drop_after: {
            bool any = false;
            for_sessions([&](Session& s) {
                if (s.ready()) s.drop_after(f.count), any = true;
            });
            if (!any) drop_after_ = std::max(1, f.count);
            break;
        }
        case FaultKind::connectivity_restored:
        case FaultKind::connectivity_data_lost: {
            market_up_ = false;
            notice(1100, "Connectivity between IB and Trader Workstation has been lost.");
            bool lost = f.kind == FaultKind::connectivity_data_lost;
            later(f.duration, [this, lost, notice] {
                market_up_ = true;
                if (lost) {
                    for_sessions([](Session& s) { s.subs().clear(); });
                    notice(1101, "Connectivity between IB and TWS has been restored- data lost.");
                } else {
                    notice(1102, "Connectivity between IB and TWS has been restored- data maintained.");
                }
            });
            break;
        }
        case FaultKind::farm_disconnect:
            data_up_ = false;
            notice(2103, "Market data farm connection is broken:usfarm");
            notice(2105, "HMDS data farm connection is broken:ushmds");
            later(f.duration, [this, notice] {
                data_up_ = true;
                notice(2104, "Market data farm connection is OK:usfarm");
                notice(2106, "HMDS data farm connection is OK:ushmds");
            });
            break;
        case FaultKind::pacing_violation:
            pacing_faults_ += f.count;
            break;
        case FaultKind::drop_history:
            history_drops_ += f.count;
            break;
        case FaultKind::garble_history:
            history_garbles_ += f.count;
            break;
        case FaultKind::slow_responses:
            slow_ = f.duration;
            break;
        case FaultKind::duplicate_order_id:
            duplicate_faults_ += f.count;
            break;
        case FaultKind::reject_sells:
            reject_sells_ = f.count < 0 || reject_sells_ < 0 ? -1 : reject_sells_ + f.count;
            break;
        case FaultKind::restart_lower_next_id: {
            int lowered = std::max(1, next_valid_id() - f.count);
            for_sessions([](Session& s) { s.close(); });
            broker_.forget_ids(lowered);
            id_floor_ = lowered;
            break;
        }
        case FaultKind::outside_trade: {
            if (market_.symbols().empty()) break;
            Contract c;
            c.symbol = market_.symbols().front();
            c.con_id = market_.con_id(c.symbol);
            broker_.outside_trade(c, Quantity::from_units(f.count),
                                  Price::from_double(market_.mid(c.symbol, now_)));
            // TWS streams the position change to position subscribers; executions of
            // trades made elsewhere are not reported to this API client.
            const auto& pos = broker_.positions().at(c.symbol);
            for_sessions([&](Session& s) {
                if (s.ready() && s.positions_subscribed()) s.send(s.position_msg(pos));
            });
            break;
        }
    }
}

}  // namespace robo::ibkr::sim
