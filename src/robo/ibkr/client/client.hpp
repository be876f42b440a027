// ibkr/client/client.hpp — asynchronous TWS / IB Gateway client on Boost.Asio (SV 176).
//
// Connects, negotiates v100..176 (refusing any other reply), sends startApi and is ready
// once nextValidId and managedAccounts have arrived. Requests go through an outgoing
// token bucket (50 msg/s by default); historical requests through HistoricalPacer.
// Resilience: a reqCurrentTime heartbeat; reconnection with jittered exponential backoff;
// 326 (client id in use) retried with the next id; 1100 marks data stale and holds orders,
// 1101 resubscribes, 1102 resumes; farm notices 2103-2108/2157/2158 tracked. After every
// (re)connect the order id is max(local, server) — an id is never reused even when the
// server's nextValidId went backwards — open orders, executions, positions and the
// account summary are re-read, and every subscription (market data, tick-by-tick, 5 s bars,
// account summary, keepUpToDate historical bars) is restored with its request id.
// Executions are de-duplicated by execId, so a fill re-read after a reconnect is reported
// once and a fill missed while disconnected is reported when re-read.
// Deadlines: every request's answer is due within request_timeout (IBKR_TIMEOUT). A
// historical request that times out (then cancelled at TWS) or whose answer cannot be
// decoded is asked again, paced and after a backoff, up to historical_attempts times, then
// reported failed (on_notice). A re-read (open orders, executions, positions) or contract
// details without an answer in time is asked once more, then reported failed. A frame that
// cannot be decoded is counted, logged once per message id, reported and skipped.
// Live safety: in paper mode an order to a non-"DU" account is refused; live mode needs
// explicit confirmation and refuses "DU" accounts.
// Threading: every call must be made on the io_context's thread.
// Must never: send an order twice, reuse an order id, or send while not ready.
#pragma once
#include <boost/asio.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>

#include "robo/ibkr/client/pacing.hpp"
#include "robo/ibkr/client/reset_window.hpp"
#include "robo/ibkr/codec.hpp"

namespace robo::ibkr {

enum class TradingMode { paper, live };

// IBKR's paper accounts are the ones whose id starts with "DU": the one place that says so.
inline bool is_paper_account(std::string_view account) noexcept { return account.starts_with("DU"); }
// Why an account does not match the trading mode (paper mode on a real account, live mode
// on a paper account), or empty when it does.
std::string account_mode_mismatch(TradingMode mode, const std::string& account);

struct ClientConfig {
    std::string host = "127.0.0.1";
    uint16_t port = 7497;
    int client_id = 1;
    int client_id_attempts = 5;  // 326: try the next id this many times
    TradingMode mode = TradingMode::paper;
    bool live_confirmed = false;  // live mode needs this explicitly
    double max_messages_per_second = 50;
    // Tokens that may be spent at once. 1 keeps any sliding second at most rate + 1, which
    // is what TWS counts; a larger burst trades that guarantee for lower latency.
    double rate_burst = 1;
    std::chrono::milliseconds heartbeat{30'000};
    int heartbeat_misses = 3;  // reconnect after this many intervals without a byte
    std::chrono::milliseconds connect_timeout{5'000};
    std::chrono::milliseconds backoff_initial{1'000};
    std::chrono::milliseconds backoff_max{30'000};
    bool auto_reconnect = true;
    PacingRules historical_pacing;
    // Every request's answer is due within this (IBKR_TIMEOUT); zero turns deadlines off.
    std::chrono::milliseconds request_timeout{10'000};
    // Times a historical request is sent (the first try included) before it is reported
    // failed; between tries backoff_initial, doubling, and the pacing rules.
    int historical_attempts = 3;
    ResetWindow reset_window;
    uint64_t jitter_seed = 0;  // 0: seeded from the clock
};

// An order the client will not send; the text says why.
class OrderRefused : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class ConnectionEvent {
    connected,         // ready: ids and accounts known, state re-read requested
    disconnected,      // socket closed; reconnection follows if enabled
    data_stale,        // 1100 or a market-data farm broken
    data_restored,     // 1102, or 1101 after resubscribing, or farm OK again
    client_id_in_use,  // 326; retrying with the next id
    gave_up,           // no reconnection will follow
};
std::string_view to_string(ConnectionEvent e);

struct ClientStats {
    std::size_t connects = 0, disconnects = 0, messages_in = 0, messages_out = 0;
    std::size_t decode_errors = 0, unknown_messages = 0, duplicate_executions = 0;
    std::size_t resubscriptions = 0, heartbeats = 0, rate_limited = 0, historical_deferred = 0;
    // Requests whose answer was not in within request_timeout (each try counts).
    std::size_t timeouts = 0;
    // Historical requests asked again (timed out or undecodable), and given up.
    std::size_t historical_retries = 0, historical_failures = 0;
    // Requests of any kind given up (no usable answer after the last try).
    std::size_t requests_failed = 0;
};

// What the client reports besides the wire's own messages (IbkrLink fans it out).
struct ClientNotice {
    enum class Kind {
        undecodable,      // a frame that could not be decoded was skipped
        request_retried,  // a request without a usable answer is asked again
        request_failed,   // ... and after its last try it is given up
    };
    Kind kind;
    int req_id = -1;      // the request concerned (-1: none, or one without an id)
    int message_id = -1;  // undecodable: the frame's message id (-1 when unreadable)
    std::string text;     // one line for people
};
std::string_view to_string(ClientNotice::Kind k);

class Client {
public:
    Client(boost::asio::io_context& io, ClientConfig cfg);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Every decoded message, after the client's own bookkeeping (duplicate executions are
    // not forwarded).
    std::function<void(const ServerMessage&)> on_message;
    std::function<void(ConnectionEvent)> on_event;
    std::function<void(const ClientNotice&)> on_notice;

    void connect();
    void disconnect();  // no reconnection afterwards
    bool ready() const noexcept { return phase_ == Phase::ready; }
    bool data_stale() const noexcept { return connectivity_lost_ || market_farm_broken_; }
    // TWS has lost its connection to IB (1100, until 1101/1102): orders are refused.
    bool connectivity_lost() const noexcept { return connectivity_lost_; }
    const std::vector<std::string>& accounts() const noexcept { return accounts_; }
    int server_version() const noexcept { return server_version_; }
    int client_id() const noexcept { return client_id_; }
    const ClientStats& stats() const noexcept { return stats_; }
    // The next order id this client will use (never below any id already used).
    int next_order_id() const noexcept { return next_order_id_; }

    // Subscriptions: remembered and restored after a reconnect or 1101. Return the reqId.
    int subscribe_market_data(const Contract& c, std::string generic_ticks = {});
    int subscribe_tick_by_tick(const Contract& c, std::string type = "Last");
    int subscribe_realtime_bars(const Contract& c, std::string what_to_show = "TRADES");
    int subscribe_account_summary(
        std::string tags = "NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds");
    void subscribe_positions();
    // keepUpToDate historical bars: the history, then historicalDataUpdate (id 90) as bars
    // form. Paced like any historical request; restored (history again, then updates) after
    // a reconnect or 1101. endDateTime must be empty (TWS refuses live updates otherwise;
    // throws std::invalid_argument). An error for it (162, 200, 321, 366) ends the
    // subscription: the error is forwarded and the caller decides whether to ask again.
    int subscribe_historical(ReqHistoricalData r);
    // Ends a subscription of any kind (cancelHistoricalData for keepUpToDate). Also cancels a
    // one-shot historical request still waiting for the pacer or for its answer.
    void cancel_subscription(int req_id);

    // One-shot requests.
    int request_historical(ReqHistoricalData r);  // paced; sent when the rules allow
    int request_contract_details(const Contract& c);
    void request_open_orders();
    int request_executions();
    void request_current_time();

    // Orders. place_order assigns the next id when order_id is 0 and returns the id.
    // Throws OrderRefused (not ready, data connectivity lost, account/mode mismatch).
    int place_order(PlaceOrder o);
    void modify_order(const PlaceOrder& o);  // same id, new quantity/prices
    void cancel_order(int order_id);
    void cancel_all_orders();

    // Send a message now, subject only to the rate limiter (for tests and benches).
    template <class M>
    void send(const M& m) {
        enqueue(encode(m));
    }

private:
    enum class Phase { idle, connecting, hello, start_api, ready };
    using Subscription =
        std::variant<ReqMktData, ReqTickByTick, ReqRealTimeBars, ReqAccountSummary, ReqHistoricalData>;

    void start_connect();
    void on_connected_socket();
    void read();
    void on_frame(std::string_view payload);
    void handle(const ServerMessage& m);
    bool on_error_msg(const ErrorMsg& e);  // false: ours alone, not forwarded
    void become_ready();
    void restore_subscriptions();
    void drop(const std::string& why, bool reconnect = true);
    void give_up(const std::string& why);  // drop for good: no reconnection follows
    void schedule_reconnect();
    void enqueue(std::string frame, int order_id = 0);
    void pump();
    void write_next();
    void arm_heartbeat();
    void send_subscription(const Subscription& s);
    int add_subscription(Subscription s);  // assigns the reqId, remembers it, sends when ready
    void pump_historical();
    void queue_historical(const ReqHistoricalData& r);  // once per reqId; pump sends it when paced
    bool forget_historical(int req_id);  // out of the queue and the open set; true if it was sent
    void check_account(const PlaceOrder& o) const;
    // Deadlines. `kind` is the request's message id; req_id -1 for requests without one.
    void await(int kind, int req_id, std::string what, std::string resend = {});
    void answered(int kind, int req_id) { awaited_.erase({kind, req_id}); }
    void arm_deadlines();
    void check_deadlines();
    void historical_try_failed(int req_id, const std::string& why);
    void notice(ClientNotice::Kind kind, int req_id, int message_id, std::string text);
    int new_req_id() { return next_req_id_++; }

    boost::asio::io_context& io_;
    ClientConfig cfg_;
    boost::asio::ip::tcp::socket sock_;
    boost::asio::steady_timer connect_timer_, reconnect_timer_, heartbeat_timer_, pump_timer_, hist_timer_,
        deadline_timer_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    uint64_t generation_ = 0;  // bumps on every socket; stale handlers check it
    Phase phase_ = Phase::idle;
    bool want_connected_ = false;
    int client_id_;
    int id_attempts_ = 0;
    int server_version_ = 0;
    std::vector<std::string> accounts_;
    bool have_next_id_ = false;
    int next_order_id_ = 1;
    int next_req_id_ = 1;
    bool connectivity_lost_ = false, market_farm_broken_ = false;
    std::chrono::milliseconds backoff_;
    std::mt19937_64 rng_;
    SteadyTime last_rx_{};

    std::array<char, 65536> rbuf_{};
    std::string hello_buf_;
    FrameSplitter split_;
    struct Pending {
        std::string frame;
        int order_id = 0;  // placeOrder frames: reported unsent (504) if the socket drops
    };
    std::deque<Pending> pending_;   // waiting for a token
    std::deque<std::string> outq_;  // handed to the socket
    bool writing_ = false;
    TokenBucket bucket_;
    HistoricalPacer pacer_;
    std::deque<ReqHistoricalData> hist_queue_;
    std::map<int, ReqHistoricalData> hist_open_;
    struct HistTries {
        int sent = 0;                          // tries sent so far
        SteadyTime last_sent{}, not_before{};  // a retry waits for its backoff
    };
    std::map<int, HistTries> hist_tries_;  // by req id, until the request's outcome
    std::set<int> hist_cancelled_;         // cancelled after a timeout: their 366 is ours
    struct Awaited {
        std::string what;    // for logs: "reqOpenOrders", "reqHistoricalData 5 AAPL"
        std::string resend;  // the frame to send again once (empty: not asked again)
        SteadyTime due;
        int tries = 1;
    };
    std::map<std::pair<int, int>, Awaited> awaited_;  // (request message id, req id)
    std::set<int> decode_errors_logged_;              // message ids already logged

    std::map<int, Subscription> subs_;
    bool positions_sub_ = false;
    std::map<int, PlaceOrder> orders_;  // every order this client placed, by id
    std::set<std::string> exec_ids_, commission_ids_;
    std::set<int> used_client_ids_;  // executions of orders placed under any of them are ours
    ClientStats stats_;
};

}  // namespace robo::ibkr
