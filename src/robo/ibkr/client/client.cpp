// ibkr/client/client.cpp — see client.hpp.
#include "robo/ibkr/client/client.hpp"

#include <fmt/format.h>

#include "robo/log/log.hpp"

namespace robo::ibkr {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string_view to_string(ConnectionEvent e) {
    switch (e) {
        case ConnectionEvent::connected:
            return "connected";
        case ConnectionEvent::disconnected:
            return "disconnected";
        case ConnectionEvent::data_stale:
            return "data_stale";
        case ConnectionEvent::data_restored:
            return "data_restored";
        case ConnectionEvent::client_id_in_use:
            return "client_id_in_use";
        case ConnectionEvent::gave_up:
            return "gave_up";
    }
    return "?";
}

std::string_view to_string(ClientNotice::Kind k) {
    switch (k) {
        case ClientNotice::Kind::undecodable:
            return "undecodable";
        case ClientNotice::Kind::request_retried:
            return "request_retried";
        case ClientNotice::Kind::request_failed:
            return "request_failed";
    }
    return "?";
}

namespace {
// The second field of a payload (the request id of most answers), or -1 when unreadable.
int peek_second_field(std::string_view payload) noexcept {
    auto first = payload.find('\0');
    if (first == std::string_view::npos) return -1;
    auto second = payload.find('\0', first + 1);
    if (second == std::string_view::npos) return -1;
    int64_t v = 0;
    if (!parse_int(payload.substr(first + 1, second - first - 1), v) || v < 0 || v > INT32_MAX) return -1;
    return static_cast<int>(v);
}

std::string seconds_text(std::chrono::milliseconds d) {
    return fmt::format("{:g} s", std::chrono::duration<double>(d).count());
}
}  // namespace

Client::Client(asio::io_context& io, ClientConfig cfg)
    : io_(io),
      cfg_(std::move(cfg)),
      sock_(io),
      connect_timer_(io),
      reconnect_timer_(io),
      heartbeat_timer_(io),
      pump_timer_(io),
      hist_timer_(io),
      deadline_timer_(io),
      client_id_(cfg_.client_id),
      backoff_(cfg_.backoff_initial),
      rng_(cfg_.jitter_seed ? cfg_.jitter_seed
                            : static_cast<uint64_t>(Clock::now().time_since_epoch().count())),
      bucket_(cfg_.max_messages_per_second, cfg_.rate_burst),
      pacer_(cfg_.historical_pacing) {
    if (cfg_.mode == TradingMode::live && !cfg_.live_confirmed)
        throw std::invalid_argument(
            "ibkr client: live mode needs explicit confirmation (live_confirmed); refusing to start");
}

Client::~Client() {
    alive_.reset();
    boost::system::error_code ec;
    sock_.close(ec);
}

// ============================================================================ connection

void Client::connect() {
    want_connected_ = true;
    if (phase_ == Phase::idle) start_connect();
}

void Client::disconnect() {
    want_connected_ = false;
    reconnect_timer_.cancel();
    drop("disconnect requested", false);
}

void Client::start_connect() {
    phase_ = Phase::connecting;
    auto gen = ++generation_;
    sock_ = tcp::socket(io_);
    std::weak_ptr<int> alive = alive_;
    connect_timer_.expires_after(cfg_.connect_timeout);
    connect_timer_.async_wait([this, alive, gen](auto ec) {
        if (ec || alive.expired() || gen != generation_ || phase_ == Phase::ready) return;
        drop("no handshake within " + std::to_string(cfg_.connect_timeout.count()) + " ms");
    });
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(cfg_.host, ec);
    if (ec) {
        phase_ = Phase::idle;
        throw std::invalid_argument("ibkr client: host \"" + cfg_.host + "\" is not an IP address");
    }
    sock_.async_connect(tcp::endpoint(addr, cfg_.port), [this, alive, gen](auto err) {
        if (alive.expired() || gen != generation_) return;
        if (err)
            return drop("cannot connect to " + cfg_.host + ":" + std::to_string(cfg_.port) +
                        " (502): " + err.message());
        on_connected_socket();
    });
}

void Client::on_connected_socket() {
    boost::system::error_code ec;
    sock_.set_option(tcp::no_delay(true), ec);
    phase_ = Phase::hello;
    last_rx_ = Clock::now();
    outq_.push_back(encode_client_hello(kMinClientVersion, kServerVersion));
    if (!writing_) write_next();
    read();
}

void Client::read() {
    std::weak_ptr<int> alive = alive_;
    auto gen = generation_;
    sock_.async_read_some(asio::buffer(rbuf_), [this, alive, gen](auto ec, std::size_t n) {
        if (alive.expired() || gen != generation_) return;
        if (ec) return drop("connection closed: " + ec.message());
        last_rx_ = Clock::now();
        split_.append(rbuf_.data(), n);
        try {
            while (gen == generation_) {
                auto payload = split_.next();
                if (!payload) break;
                on_frame(*payload);
            }
        } catch (const FrameError& e) {
            return drop(e.what());
        }
        if (gen == generation_) read();
    });
}

void Client::on_frame(std::string_view payload) {
    ++stats_.messages_in;
    if (phase_ == Phase::hello) {
        ServerHello h;
        try {
            h = decode_server_hello(payload);
        } catch (const DecodeError& e) {
            return drop(e.what());
        }
        if (h.server_version != kServerVersion) {
            robo::log::error("ibkr", "unsupported_server_version",
                             {{"server_version", h.server_version}, {"expected", kServerVersion}});
            return give_up("server version " + std::to_string(h.server_version) + " refused (only " +
                           std::to_string(kServerVersion) + " is supported)");
        }
        server_version_ = h.server_version;
        phase_ = Phase::start_api;
        used_client_ids_.insert(client_id_);
        outq_.push_back(encode(StartApi{client_id_, ""}));
        if (!writing_) write_next();
        return;
    }
    ServerMessage m;
    try {
        m = decode_server(payload);
    } catch (const DecodeError& e) {
        // Framing is intact: skip this message and go on with the next one. Counted always,
        // logged once per message id (a stream of bad ticks must not flood the log).
        ++stats_.decode_errors;
        const int id = peek_message_id(payload);
        if (decode_errors_logged_.insert(id).second)
            robo::log::error("ibkr", "decode_error",
                             {{"message_id", id},
                              {"detail", e.what()},
                              {"next", "skipped; later ones of this message id are counted, not logged"}});
        notice(ClientNotice::Kind::undecodable, -1, id, e.what());
        // A historical answer that cannot be read is a failed try of its request.
        if (id == HistoricalDataMsg::id)
            if (int req = peek_second_field(payload); req >= 0 && hist_open_.count(req))
                historical_try_failed(req, std::string("undecodable answer: ") + e.what());
        return;
    }
    handle(m);
}

void Client::handle(const ServerMessage& m) {
    if (std::holds_alternative<UnknownMessage>(m)) ++stats_.unknown_messages;
    if (auto* n = std::get_if<NextValidId>(&m)) {
        // Never go backwards: a Gateway restart can roll nextValidId back over used ids.
        next_order_id_ = std::max(next_order_id_, n->order_id);
        have_next_id_ = true;
    } else if (auto* a = std::get_if<ManagedAccounts>(&m)) {
        accounts_.clear();
        std::string_view list = a->accounts;
        while (!list.empty()) {
            auto comma = list.find(',');
            if (auto acct = list.substr(0, comma); !acct.empty()) accounts_.emplace_back(acct);
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
    } else if (auto* e = std::get_if<ErrorMsg>(&m)) {
        if (!on_error_msg(*e)) return;
        if (phase_ == Phase::idle) return;
    } else if (auto* ex = std::get_if<ExecDetails>(&m)) {
        if (!used_client_ids_.count(ex->client_id) && !orders_.count(ex->order_id)) return;  // not ours
        if (!exec_ids_.insert(ex->exec_id).second) {
            ++stats_.duplicate_executions;
            return;  // already reported: a re-read after reconnect
        }
    } else if (auto* cr = std::get_if<CommissionReport>(&m)) {
        // Only for executions reported to us, and only once.
        if (!exec_ids_.count(cr->exec_id) || !commission_ids_.insert(cr->exec_id).second) return;
    } else if (auto* h = std::get_if<HistoricalDataMsg>(&m)) {
        if (hist_open_.erase(h->req_id)) pacer_.completed();
        // A late answer to a try that timed out answers the retry waiting in the queue too
        // (not a keepUpToDate request queued to be restored: TWS dropped that stream).
        if (!subs_.count(h->req_id))
            std::erase_if(hist_queue_, [&](const ReqHistoricalData& q) { return q.req_id == h->req_id; });
        answered(ReqHistoricalData::id, h->req_id);
        hist_tries_.erase(h->req_id);
        pump_historical();
    } else if (std::holds_alternative<OpenOrderEnd>(m)) {
        answered(ReqOpenOrders::id, -1);
    } else if (auto* xe = std::get_if<ExecDetailsEnd>(&m)) {
        answered(ReqExecutions::id, xe->req_id);
    } else if (std::holds_alternative<PositionEnd>(m)) {
        answered(ReqPositions::id, -1);
    } else if (auto* ce = std::get_if<ContractDetailsEnd>(&m)) {
        answered(ReqContractDetails::id, ce->req_id);
    } else if (auto* se = std::get_if<AccountSummaryEnd>(&m)) {
        answered(ReqAccountSummary::id, se->req_id);
    }
    if (phase_ == Phase::start_api && have_next_id_ && !accounts_.empty()) become_ready();
    if (on_message) on_message(m);
}

bool Client::on_error_msg(const ErrorMsg& e) {
    if (e.req_id >= 0 && e.code < 2100) {
        // An error answers a request (contract details for an unknown symbol: 200).
        answered(ReqContractDetails::id, e.req_id);
        answered(ReqAccountSummary::id, e.req_id);
        answered(ReqExecutions::id, e.req_id);
    }
    switch (e.code) {
        case 326:
            if (on_event) on_event(ConnectionEvent::client_id_in_use);
            if (++id_attempts_ >= cfg_.client_id_attempts) {
                give_up("client id in use (326) after " + std::to_string(id_attempts_) + " ids");
                return true;
            }
            ++client_id_;
            robo::log::warn("ibkr", "client_id_in_use", {{"next_client_id", client_id_}});
            drop("client id in use (326)", false);
            if (want_connected_) start_connect();
            return true;
        case 1100:
            connectivity_lost_ = true;
            if (on_event) on_event(ConnectionEvent::data_stale);
            return true;
        case 1101:  // restored, data lost: every market-data line must be requested again
            connectivity_lost_ = false;
            restore_subscriptions();
            if (on_event) on_event(ConnectionEvent::data_restored);
            return true;
        case 1102:
            connectivity_lost_ = false;
            if (on_event) on_event(ConnectionEvent::data_restored);
            return true;
        case 2103:
        case 2157:
            market_farm_broken_ = e.code == 2103 ? true : market_farm_broken_;
            if (on_event) on_event(ConnectionEvent::data_stale);
            return true;
        case 2104:
            if (market_farm_broken_) {
                market_farm_broken_ = false;
                if (on_event) on_event(ConnectionEvent::data_restored);
            }
            return true;
        case 162:
        case 200:
        case 321:
        case 366:
            // The answer to our own cancel of a try that timed out (TWS: 162 "query
            // cancelled", or 366 when it had forgotten it): the retry is under way.
            if ((e.code == 162 || e.code == 366) && hist_cancelled_.erase(e.req_id)) return false;
            if (hist_open_.erase(e.req_id)) {
                pacer_.completed();
                pump_historical();
            }
            answered(ReqHistoricalData::id, e.req_id);
            hist_tries_.erase(e.req_id);
            hist_cancelled_.erase(e.req_id);
            // A refused keepUpToDate request streams nothing: it is no longer a subscription.
            if (auto it = subs_.find(e.req_id);
                it != subs_.end() && std::holds_alternative<ReqHistoricalData>(it->second))
                subs_.erase(it);
            return true;
        default:
            return true;  // 2105-2108, 2158 and order errors: forwarded to on_message
    }
}

void Client::become_ready() {
    phase_ = Phase::ready;
    connect_timer_.cancel();
    backoff_ = cfg_.backoff_initial;
    id_attempts_ = 0;
    ++stats_.connects;
    robo::log::info("ibkr", "connected", {{"client_id", client_id_}, {"next_order_id", next_order_id_}});
    // Re-read everything the server knows, then restore what we had subscribed.
    request_open_orders();
    used_client_ids_.insert(client_id_);
    // All of the account's executions: after a 326 fallback our earlier orders belong to
    // another client id. handle() keeps only those of ids this client has used.
    request_executions();
    if (positions_sub_) {
        send(ReqPositions{});
        await(ReqPositions::id, -1, "reqPositions", encode(ReqPositions{}));
    }
    restore_subscriptions();
    pump();
    arm_heartbeat();
    pump_historical();
    if (on_event) on_event(ConnectionEvent::connected);
}

void Client::restore_subscriptions() {
    for (auto& [id, s] : subs_) {
        send_subscription(s);
        ++stats_.resubscriptions;
    }
    pump_historical();  // keepUpToDate requests wait in the pacer's queue
}

void Client::drop(const std::string& why, bool reconnect) {
    if (phase_ == Phase::idle) return;
    bool was_ready = phase_ == Phase::ready;
    ++generation_;
    phase_ = Phase::idle;
    boost::system::error_code ec;
    sock_.shutdown(tcp::socket::shutdown_both, ec);
    sock_.close(ec);
    connect_timer_.cancel();
    heartbeat_timer_.cancel();
    pump_timer_.cancel();
    hist_timer_.cancel();
    deadline_timer_.cancel();
    awaited_.clear();  // the re-reads are asked again after reconnecting
    // Orders still waiting for a token were never sent: say so instead of sending later.
    for (auto& p : pending_)
        if (p.order_id != 0 && on_message)
            on_message(ErrorMsg{p.order_id, 504, "Not connected: order not sent", ""});
    pending_.clear();
    outq_.clear();
    writing_ = false;
    split_.clear();
    have_next_id_ = false;
    connectivity_lost_ = market_farm_broken_ = false;
    // Historical requests in flight died with the socket; ask again after reconnecting
    // (keepUpToDate subscriptions come back through restore_subscriptions instead).
    // A try cut short by the socket does not count as one.
    for (auto& [id, r] : hist_open_) {
        if (!subs_.count(id)) hist_queue_.push_front(r);
        if (auto t = hist_tries_.find(id); t != hist_tries_.end() && t->second.sent > 0) --t->second.sent;
    }
    hist_open_.clear();
    hist_cancelled_.clear();
    pacer_.reset_open();
    ++stats_.disconnects;
    bool expected = cfg_.reset_window.contains(wall_now());
    robo::log::write(expected || !reconnect ? robo::log::Level::info : robo::log::Level::warn, "ibkr",
                     "disconnected", {{"reason", why}, {"in_reset_window", expected}});
    if (was_ready && on_event) on_event(ConnectionEvent::disconnected);
    if (reconnect && want_connected_ && cfg_.auto_reconnect) schedule_reconnect();
}

void Client::give_up(const std::string& why) {
    want_connected_ = false;
    drop(why, false);
    if (on_event) on_event(ConnectionEvent::gave_up);
}

void Client::schedule_reconnect() {
    // Full jitter on an exponential backoff; always the longest wait during the daily reset.
    bool in_reset = cfg_.reset_window.contains(wall_now());
    auto base = in_reset ? cfg_.backoff_max : std::min(backoff_, cfg_.backoff_max);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    auto delay =
        std::chrono::milliseconds(static_cast<int64_t>(static_cast<double>(base.count()) * jitter(rng_)));
    backoff_ = std::min(backoff_ * 2, cfg_.backoff_max);
    std::weak_ptr<int> alive = alive_;
    reconnect_timer_.expires_after(delay);
    reconnect_timer_.async_wait([this, alive](auto ec) {
        if (ec || alive.expired() || !want_connected_ || phase_ != Phase::idle) return;
        start_connect();
    });
}

void Client::arm_heartbeat() {
    std::weak_ptr<int> alive = alive_;
    auto gen = generation_;
    heartbeat_timer_.expires_after(cfg_.heartbeat);
    heartbeat_timer_.async_wait([this, alive, gen](auto ec) {
        if (ec || alive.expired() || gen != generation_ || phase_ != Phase::ready) return;
        if (Clock::now() - last_rx_ > cfg_.heartbeat * cfg_.heartbeat_misses)
            return drop("no data for " + std::to_string(cfg_.heartbeat_misses) + " heartbeat intervals");
        ++stats_.heartbeats;
        send(ReqCurrentTime{});
        arm_heartbeat();
    });
}

// ============================================================================ outgoing

void Client::enqueue(std::string frame, int order_id) {
    pending_.push_back({std::move(frame), order_id});
    if (phase_ == Phase::ready) pump();
}

void Client::pump() {
    if (phase_ != Phase::ready) return;
    auto now = Clock::now();
    while (!pending_.empty() && bucket_.try_take(now)) {
        outq_.push_back(std::move(pending_.front().frame));
        pending_.pop_front();
    }
    if (!writing_) write_next();
    if (pending_.empty()) return;
    ++stats_.rate_limited;
    std::weak_ptr<int> alive = alive_;
    auto gen = generation_;
    pump_timer_.expires_after(bucket_.wait(Clock::now()));
    pump_timer_.async_wait([this, alive, gen](auto ec) {
        if (!ec && !alive.expired() && gen == generation_) pump();
    });
}

void Client::write_next() {
    if (outq_.empty()) {
        writing_ = false;
        return;
    }
    writing_ = true;
    std::weak_ptr<int> alive = alive_;
    auto gen = generation_;
    asio::async_write(sock_, asio::buffer(outq_.front()), [this, alive, gen](auto ec, std::size_t) {
        if (alive.expired() || gen != generation_) return;
        if (ec) return drop("write failed: " + ec.message());
        ++stats_.messages_out;
        outq_.pop_front();
        write_next();
    });
}

// ============================================================================ requests

void Client::send_subscription(const Subscription& s) {
    std::visit(
        [this](const auto& r) {
            using R = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<R, ReqHistoricalData>) {
                queue_historical(r);  // historical requests always go through the pacer
            } else {
                send(r);
                // The summary's first answer is due like any request's (then it streams).
                if constexpr (std::is_same_v<R, ReqAccountSummary>)
                    await(ReqAccountSummary::id, r.req_id, fmt::format("reqAccountSummary {}", r.req_id));
            }
        },
        s);
}

int Client::add_subscription(Subscription s) {
    int id = new_req_id();
    std::visit([id](auto& r) { r.req_id = id; }, s);
    auto& stored = subs_[id] = std::move(s);
    if (ready()) send_subscription(stored);
    return id;
}

int Client::subscribe_market_data(const Contract& c, std::string generic_ticks) {
    ReqMktData r;
    r.contract = c;
    r.generic_ticks = std::move(generic_ticks);
    return add_subscription(std::move(r));
}

int Client::subscribe_tick_by_tick(const Contract& c, std::string type) {
    ReqTickByTick r;
    r.contract = c;
    r.tick_type = std::move(type);
    return add_subscription(std::move(r));
}

int Client::subscribe_realtime_bars(const Contract& c, std::string what_to_show) {
    ReqRealTimeBars r;
    r.contract = c;
    r.what_to_show = std::move(what_to_show);
    return add_subscription(std::move(r));
}

int Client::subscribe_account_summary(std::string tags) {
    ReqAccountSummary r;
    r.tags = std::move(tags);
    return add_subscription(std::move(r));
}

int Client::subscribe_historical(ReqHistoricalData r) {
    if (!r.end_date_time.empty())
        throw std::invalid_argument("ibkr client: keepUpToDate needs an empty endDateTime, found \"" +
                                    r.end_date_time + "\"");
    r.keep_up_to_date = true;
    int id = add_subscription(std::move(r));
    pump_historical();
    return id;
}

void Client::subscribe_positions() {
    positions_sub_ = true;
    if (ready()) {
        send(ReqPositions{});
        await(ReqPositions::id, -1, "reqPositions", encode(ReqPositions{}));
    }
}

void Client::cancel_subscription(int req_id) {
    auto it = subs_.find(req_id);
    if (it == subs_.end()) {
        // A one-shot historical request: dropped from the queue, or cancelled in flight.
        if (forget_historical(req_id) && ready()) send(CancelHistoricalData{req_id});
        return;
    }
    if (std::holds_alternative<ReqHistoricalData>(it->second)) {
        // Not sent yet: nothing to cancel at TWS. Sent: its history may still be due.
        bool queued = std::any_of(hist_queue_.begin(), hist_queue_.end(),
                                  [&](const ReqHistoricalData& q) { return q.req_id == req_id; });
        forget_historical(req_id);
        if (!queued && ready()) send(CancelHistoricalData{req_id});
        subs_.erase(it);
        return;
    }
    answered(ReqAccountSummary::id, req_id);
    if (ready()) {
        std::visit(
            [&](const auto& r) {
                using R = std::decay_t<decltype(r)>;
                if constexpr (std::is_same_v<R, ReqMktData>) send(CancelMktData{req_id});
                if constexpr (std::is_same_v<R, ReqTickByTick>) send(CancelTickByTick{req_id});
                if constexpr (std::is_same_v<R, ReqRealTimeBars>) send(CancelRealTimeBars{req_id});
                if constexpr (std::is_same_v<R, ReqAccountSummary>) send(CancelAccountSummary{req_id});
            },
            it->second);
    }
    subs_.erase(it);
}

void Client::queue_historical(const ReqHistoricalData& r) {
    for (auto& q : hist_queue_)
        if (q.req_id == r.req_id) return;  // already waiting: after a drop, or restored twice
    // Asked again while its answer was due (1101): the old request is void.
    if (hist_open_.erase(r.req_id)) pacer_.completed();
    hist_queue_.push_back(r);
}

bool Client::forget_historical(int req_id) {
    bool queued =
        std::erase_if(hist_queue_, [&](const ReqHistoricalData& q) { return q.req_id == req_id; }) > 0;
    bool open = hist_open_.erase(req_id) > 0;
    if (open) pacer_.completed();
    answered(ReqHistoricalData::id, req_id);
    hist_tries_.erase(req_id);
    if (open || queued) pump_historical();
    return open;
}

int Client::request_historical(ReqHistoricalData r) {
    int id = r.req_id = new_req_id();
    hist_queue_.push_back(std::move(r));
    pump_historical();
    return id;
}

void Client::pump_historical() {
    if (!ready()) return;
    auto now = Clock::now();
    std::optional<SteadyTime> retry;
    // Requests are independent: one waiting on its identical twin must not block others.
    for (auto it = hist_queue_.begin(); it != hist_queue_.end();) {
        const auto& r = *it;
        // A retry waits for its backoff first (the pacer then still has its say).
        if (auto t = hist_tries_.find(r.req_id); t != hist_tries_.end() && t->second.not_before > now) {
            retry = retry ? std::min(*retry, t->second.not_before) : t->second.not_before;
            ++it;
            continue;
        }
        if (auto when = pacer_.admit(r.pacing_key(), now)) {
            ++stats_.historical_deferred;
            retry = retry ? std::min(*retry, *when) : *when;
            ++it;
            continue;
        }
        hist_open_[r.req_id] = r;
        auto& t = hist_tries_[r.req_id];
        t.last_sent = now;
        int tries = ++t.sent;
        send(r);
        await(ReqHistoricalData::id, r.req_id,
              fmt::format("reqHistoricalData {} {} {} (try {} of {})", r.req_id, r.contract.symbol,
                          r.bar_size, tries, std::max(1, cfg_.historical_attempts)));
        it = hist_queue_.erase(it);
    }
    if (!retry) return;
    std::weak_ptr<int> alive = alive_;
    auto gen = generation_;
    hist_timer_.expires_at(*retry);
    hist_timer_.async_wait([this, alive, gen](auto ec) {
        if (!ec && !alive.expired() && gen == generation_) pump_historical();
    });
}

int Client::request_contract_details(const Contract& c) {
    ReqContractDetails r;
    r.req_id = new_req_id();
    r.contract = c;
    send(r);
    await(ReqContractDetails::id, r.req_id,
          fmt::format("reqContractDetails {} {}", r.req_id,
                      c.symbol.empty() ? std::to_string(c.con_id) : c.symbol),
          encode(r));
    return r.req_id;
}

void Client::request_open_orders() {
    send(ReqOpenOrders{});
    await(ReqOpenOrders::id, -1, "reqOpenOrders", encode(ReqOpenOrders{}));
}

int Client::request_executions() {
    ReqExecutions r;
    r.req_id = new_req_id();
    send(r);
    await(ReqExecutions::id, r.req_id, fmt::format("reqExecutions {}", r.req_id), encode(r));
    return r.req_id;
}

void Client::request_current_time() { send(ReqCurrentTime{}); }

// ============================================================================ deadlines

void Client::notice(ClientNotice::Kind kind, int req_id, int message_id, std::string text) {
    if (on_notice) on_notice(ClientNotice{kind, req_id, message_id, std::move(text)});
}

void Client::await(int kind, int req_id, std::string what, std::string resend) {
    if (cfg_.request_timeout.count() <= 0) return;
    auto [it, fresh] = awaited_.try_emplace({kind, req_id});
    auto& a = it->second;
    if (!fresh) ++a.tries;  // asked again before the first answer: the deadline restarts
    a.what = std::move(what);
    a.resend = std::move(resend);
    a.due = Clock::now() + cfg_.request_timeout;
    arm_deadlines();
}

void Client::arm_deadlines() {
    if (awaited_.empty()) return;
    auto first = std::min_element(awaited_.begin(), awaited_.end(), [](const auto& a, const auto& b) {
                     return a.second.due < b.second.due;
                 })->second.due;
    std::weak_ptr<int> alive = alive_;
    auto gen = generation_;
    deadline_timer_.expires_at(first);
    deadline_timer_.async_wait([this, alive, gen](auto ec) {
        if (!ec && !alive.expired() && gen == generation_) check_deadlines();
    });
}

void Client::check_deadlines() {
    auto now = Clock::now();
    std::vector<std::pair<int, int>> due;
    for (auto& [key, a] : awaited_)
        if (a.due <= now) due.push_back(key);
    const auto gen = generation_;
    const std::string late = "no answer within " + seconds_text(cfg_.request_timeout);
    for (auto key : due) {
        if (gen != generation_) return;  // a listener dropped the connection
        auto it = awaited_.find(key);
        if (it == awaited_.end()) continue;
        ++stats_.timeouts;
        const auto [kind, req_id] = key;
        if (kind == ReqHistoricalData::id) {
            awaited_.erase(it);
            if (!hist_open_.count(req_id)) continue;
            // TWS may still be working on it: cancel, so a slow answer does not hold a slot
            // of the open-request limit (its 162/366 reply is ours, not forwarded).
            send(CancelHistoricalData{req_id});
            hist_cancelled_.insert(req_id);
            historical_try_failed(req_id, late);
            continue;
        }
        auto& a = it->second;
        if (!a.resend.empty() && a.tries < 2) {
            robo::log::warn("ibkr", "request_timed_out",
                            {{"request", a.what}, {"reason", late}, {"next", "asked again"}});
            notice(ClientNotice::Kind::request_retried, req_id, -1, a.what + ": " + late + "; asked again");
            enqueue(a.resend);
            a.tries = 2;
            a.due = now + cfg_.request_timeout;
            continue;
        }
        ++stats_.requests_failed;
        robo::log::error("ibkr", "request_failed",
                         {{"request", a.what}, {"tries", a.tries}, {"reason", late}});
        std::string text = a.what + ": " + late + " after " + std::to_string(a.tries) + " tries; given up";
        awaited_.erase(it);
        notice(ClientNotice::Kind::request_failed, req_id, -1, std::move(text));
    }
    if (gen == generation_) arm_deadlines();
}

void Client::historical_try_failed(int req_id, const std::string& why) {
    auto open = hist_open_.find(req_id);
    if (open == hist_open_.end()) return;
    ReqHistoricalData r = std::move(open->second);
    hist_open_.erase(open);
    pacer_.completed();
    answered(ReqHistoricalData::id, req_id);
    const HistTries sent = hist_tries_[req_id];
    const int tries = sent.sent;
    const int allowed = std::max(1, cfg_.historical_attempts);
    const std::string what =
        fmt::format("historical data {} {} {} ({} to {})", req_id, r.contract.symbol, r.bar_size, r.duration,
                    r.end_date_time.empty() ? "now" : r.end_date_time);
    if (tries < allowed) {
        // Backoff: backoff_initial, doubling. A retry is an identical request: TWS counts
        // its 15 s from when the earlier try reached it, which the rate limiter may have
        // delayed after the pacer let it go, so the retry keeps up to a second more than
        // the pacer's window from that try and never earns a 162.
        const auto window = cfg_.historical_pacing.identical_window;
        const auto wait =
            std::min(cfg_.backoff_initial * (int64_t{1} << std::min(tries - 1, 10)), cfg_.backoff_max);
        const auto not_before = std::max(
            Clock::now() + wait, sent.last_sent + window + std::min(window, std::chrono::milliseconds(1000)));
        hist_tries_[req_id].not_before = not_before;
        ++stats_.historical_retries;
        robo::log::warn(
            "ibkr", "historical_retry",
            {{"request", what},
             {"try", tries},
             {"of", allowed},
             {"reason", why},
             {"retry_in_ms",
              std::chrono::duration_cast<std::chrono::milliseconds>(not_before - Clock::now()).count()}});
        notice(ClientNotice::Kind::request_retried, req_id, -1,
               fmt::format("{}: {} (try {} of {}); asked again", what, why, tries, allowed));
        hist_queue_.push_back(std::move(r));
    } else {
        ++stats_.historical_failures;
        ++stats_.requests_failed;
        hist_tries_.erase(req_id);
        // Logged by whoever asked (the market-data feed logs backfill_failed as an error).
        robo::log::warn("ibkr", "historical_request_failed",
                        {{"request", what}, {"tries", tries}, {"reason", why}});
        // A keepUpToDate request that never got its history streams nothing.
        if (auto it = subs_.find(req_id);
            it != subs_.end() && std::holds_alternative<ReqHistoricalData>(it->second))
            subs_.erase(it);
        notice(ClientNotice::Kind::request_failed, req_id, -1,
               fmt::format("{}: {} after {} tries; given up", what, why, tries));
    }
    pump_historical();
}

std::string account_mode_mismatch(TradingMode mode, const std::string& account) {
    const bool paper = is_paper_account(account);
    if (mode == TradingMode::paper && !paper) return "paper mode trades only paper accounts (DU...)";
    if (mode == TradingMode::live && paper) return "live mode, but this is a paper account";
    return {};
}

void Client::check_account(const PlaceOrder& o) const {
    std::string account = o.account;
    if (account.empty()) {
        if (accounts_.size() != 1)
            throw OrderRefused("order " + std::to_string(o.order_id) + ": " +
                               std::to_string(accounts_.size()) +
                               " managed accounts; the order must name one");
        account = accounts_.front();
    }
    if (auto why = account_mode_mismatch(cfg_.mode, account); !why.empty())
        throw OrderRefused("order to account " + account + " refused: " + why);
    if (cfg_.mode == TradingMode::live && !cfg_.live_confirmed)
        throw OrderRefused("live order refused: live trading has not been confirmed");
}

int Client::place_order(PlaceOrder o) {
    if (!ready()) throw OrderRefused("order refused: not connected to TWS (504)");
    if (connectivity_lost_) throw OrderRefused("order held back: TWS has lost its connection to IB (1100)");
    if (o.order_id == 0) {
        o.order_id = next_order_id_;
    } else if (orders_.count(o.order_id)) {
        throw OrderRefused("order id " + std::to_string(o.order_id) + " already used; use modify_order");
    } else if (o.order_id < next_order_id_) {
        throw OrderRefused("order id " + std::to_string(o.order_id) + " is below the next valid id " +
                           std::to_string(next_order_id_) + " (ids are never reused)");
    }
    check_account(o);
    next_order_id_ = std::max(next_order_id_, o.order_id + 1);
    orders_[o.order_id] = o;
    enqueue(encode(o), o.order_id);
    return o.order_id;
}

void Client::modify_order(const PlaceOrder& o) {
    if (!ready()) throw OrderRefused("modification refused: not connected to TWS (504)");
    if (connectivity_lost_)
        throw OrderRefused("modification held back: TWS has lost its connection to IB (1100)");
    if (!orders_.count(o.order_id))
        throw OrderRefused("cannot modify order " + std::to_string(o.order_id) +
                           ": not placed by this client");
    check_account(o);
    orders_[o.order_id] = o;
    enqueue(encode(o), o.order_id);
}

void Client::cancel_order(int order_id) {
    if (!ready()) throw OrderRefused("cancel refused: not connected to TWS (504)");
    send(CancelOrder{order_id, ""});
}

void Client::cancel_all_orders() {
    if (!ready()) throw OrderRefused("global cancel refused: not connected to TWS (504)");
    send(ReqGlobalCancel{});
}

}  // namespace robo::ibkr
