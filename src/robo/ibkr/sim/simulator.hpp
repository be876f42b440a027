// ibkr/sim/simulator.hpp — a TWS stand-in on a TCP port, speaking the real protocol at SV 176.
//
// Handshake exactly as §1 of the protocol notes (API\0 + version range, two-field reply,
// startApi, then managedAccounts, nextValidId and the farm notices); market data, tick-by-
// tick and 5-second bars from the deterministic SyntheticMarket, one market step (one
// simulated second) every `step / speed`; historical bars (with keepUpToDate, the bar now
// forming follows every second as historicalDataUpdate until cancelHistoricalData);
// contract details; orders filled by the system's fill model (SimBroker over
// exec::PaperBroker, fed the market's one-second bars before clients see that second);
// executions, commission reports, positions and account summary; IBKR's pacing rules
// enforced (50 msg/s, historical 162); and fault injection (Fault).
// Runs on the caller's io_context; every public call must be made on that context's thread
// (use post() from elsewhere).
// Must never: crash or stop on a client's bad bytes (it answers error 320 and goes on with
// the next frame), or send a field list that @stoqey/ib would not decode.
#pragma once
#include <boost/asio.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "robo/ibkr/sim/broker.hpp"

namespace robo::ibkr::sim {

enum class FaultKind {
    drop_after,              // close every connection after `count` more messages
    connectivity_restored,   // 1100, then 1102 (data maintained) after `duration`
    connectivity_data_lost,  // 1100, then 1101 (data lost: subscriptions dropped) after `duration`
    farm_disconnect,         // 2103/2105 broken, then 2104/2106 OK after `duration`
    pacing_violation,        // the next `count` historical requests get 162
    drop_history,            // the next `count` historical requests are never answered
    garble_history,          // the next `count` historical answers are cut short (framing intact)
    slow_responses,          // every response delayed by `duration` (0 turns it off)
    duplicate_order_id,      // the next `count` new orders are refused with 103
    restart_lower_next_id,   // drop every connection; nextValidId then restarts `count` lower
    outside_trade,           // `count` shares of the first symbol bought outside the API (no execution)
    reject_sells,            // new SELL orders answered with 201 (count -1: every one from now on)
};

struct Fault {
    FaultKind kind;
    int count = 1;
    std::chrono::milliseconds duration{200};
};

// "drop-after:50", "lost:300", "lost-data:300", "farm:300", "pacing:1", "drop-history:1",
// "garble-history:1", "slow:100", "dup-id:1", "restart:10", "outside-trade:100",
// "reject-sells" (every SELL from now on) or "reject-sells:N" (the next N). Throws
// std::invalid_argument naming the problem.
Fault parse_fault(std::string_view spec);
std::string describe(const Fault& f);

struct SimConfig {
    uint16_t port = 7497;  // 0: any free port (see Simulator::port())
    std::string address = "127.0.0.1";
    std::vector<std::string> symbols{"AAPL", "MSFT", "SPY", "QQQ", "NVDA", "AMZN"};
    BrokerConfig broker;
    int first_order_id = 1;
    double speed = 1.0;                    // market steps per `step`
    std::chrono::milliseconds step{1000};  // wall time of one simulated second at speed 1
    int64_t start_time = 1735828200;       // 2025-01-02 14:30:00 UTC (09:30 New York)
    std::chrono::milliseconds identical_hist_window{15000};
    int max_messages_per_second = 50;
    std::vector<Fault> faults;  // applied when the simulator starts
    // Recorded prices replayed instead of synthetic ones (see market.hpp), by symbol.
    std::map<std::string, std::vector<ReplayPoint>> replay;
    // The replay on the data's own calendar (market.hpp): the clock starts just before the
    // first record and jumps from one published second to the next, paced at `speed`
    // market seconds per `step`; currentTime, tick 45, tick-by-tick times and bars are the
    // data's; bars stream only through keepUpToDate at the recorded size (no invented
    // 5-second bars). Off: the compressed layout from start_time, one record a second.
    bool data_clock = false;
    // The market clock waits for start_clock() (a replay that must not run ahead of the
    // client's subscriptions).
    bool hold_clock = false;
};

// Replay records from CSV market data (data/files readers): bars replay their closes,
// ticks their trades, bid/ask files their quotes, except the rows the quality gate quarantines
// (data/quality/row_gate.hpp; counted on the file's line). Files whose symbol was already loaded
// are skipped. Every record carries its data time (market.hpp: when it is published, and
// a bar's OHLCV), used when SimConfig::data_clock is on. Returns a one-line summary per
// file; throws data::DataFileError for an unreadable folder.
std::vector<std::string> load_replay(const std::string& dir,
                                     std::map<std::string, std::vector<ReplayPoint>>& out);

struct SimStats {
    std::size_t connections = 0, messages_in = 0, messages_out = 0, decode_errors = 0;
    std::size_t historical_requests = 0, pacing_rejections = 0;
    std::size_t historical_dropped = 0, historical_garbled = 0;  // by the drop/garble-history faults
};

class Session;

class Simulator {
public:
    Simulator(boost::asio::io_context& io, SimConfig cfg);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    void start();        // binds, listens and starts the market clock; throws on bind failure
    void stop();         // closes the listener and every session
    void start_clock();  // with hold_clock: the market starts moving now
    uint16_t port() const noexcept { return port_; }

    void inject(const Fault& f);

    const SimBroker& broker() const noexcept { return broker_; }
    const SyntheticMarket& market() const noexcept { return market_; }
    int64_t now() const noexcept { return now_; }
    const SimStats& stats() const noexcept { return stats_; }
    std::size_t open_sessions() const;
    int next_valid_id() const;
    // Advances the market by one simulated second (also driven by the timer).
    void step();

private:
    friend class Session;
    void accept();
    void schedule_step();
    int64_t next_second() const;            // the market second the next step moves to
    void publish_records();                 // on the data's calendar: this second's records to clients
    void report(const Activity& activity);  // fills and ended orders to their clients
    void send_order_state(Session& s, const SimOrder& o);
    OpenOrder open_order_msg(const SimOrder& o) const;
    bool client_id_in_use(int client_id, const Session* except) const;
    template <class Fn>
    void for_sessions(Fn fn);

    boost::asio::io_context& io_;
    SimConfig cfg_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer step_timer_;
    SyntheticMarket market_;
    SimBroker broker_;
    std::vector<std::weak_ptr<Session>> sessions_;
    uint16_t port_ = 0;
    int64_t now_;
    int id_floor_;                // nextValidId never below this (lowered by the restart fault)
    std::shared_ptr<int> alive_;  // sessions' handlers check it before touching *this
    bool market_up_ = true;       // false between 1100 and 1101/1102: no data, no fills
    bool data_up_ = true;         // false during a farm disconnect: no data
    bool stopped_ = false;
    bool clock_running_ = false;
    SimStats stats_;
    // Fault state.
    int drop_after_ = 0;
    int pacing_faults_ = 0;
    int history_drops_ = 0, history_garbles_ = 0;
    int duplicate_faults_ = 0;
    int reject_sells_ = 0;  // new SELLs still to refuse with 201; -1: every one
    std::chrono::milliseconds slow_{0};
    std::vector<std::unique_ptr<boost::asio::steady_timer>> fault_timers_;
    // Historical pacing: request fingerprint -> times (wall clock), across all sessions.
    std::map<std::string, std::chrono::steady_clock::time_point> hist_last_;
    std::deque<std::chrono::steady_clock::time_point> hist_times_;
};

}  // namespace robo::ibkr::sim
