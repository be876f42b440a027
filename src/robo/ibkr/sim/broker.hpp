// ibkr/sim/broker.hpp — the simulator's order book as TWS reports it; every fill is decided
// by the system's one fill model, exec::PaperBroker.
//
// SimBroker keeps what TWS would show: orders by id with their IBKR status, executions with
// their commission reports, positions and cash. It never decides a fill itself. Each order
// goes into an exec::PaperBroker (the paper client id is the TWS order id as text), a
// modification replaces the paper order's terms, and each simulated second the market's
// one-second bar (or its quote, FillSource::quotes) is handed to the PaperBroker before any
// client sees that second's data. The PaperBroker's fill, cancel and expiry events are what
// update the book, so the same orders over the same data fill exactly as in a backtest:
// market/limit/stop/stop-limit, DAY/GTC/IOC, slippage, IBKR fixed or tiered commission,
// partial fills capped by a share of the bar's volume, and no fill on data the client had
// already seen when it placed or modified the order.
// An expired DAY order is reported Cancelled, as TWS does.
// Orders live on the "server": they survive a client's disconnect, like at IBKR.
// Must never: reuse an order id, fill more than an order's quantity, or lose an execution.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "robo/exec/paper_broker.hpp"
#include "robo/ibkr/requests.hpp"
#include "robo/ibkr/sim/market.hpp"

namespace robo::ibkr::sim {

struct SimOrder {
    int order_id = 0;
    int client_id = 0;
    int64_t perm_id = 0;
    int64_t placed_at = 0;  // simulated second of acceptance (or of the last modification)
    Contract contract;
    std::string action;  // BUY / SELL / SSHORT
    Quantity total, filled;
    std::string type;
    std::optional<double> lmt, aux;
    std::string tif, account, order_ref;
    std::string status = "Submitted";
    double avg_fill_price = 0, last_fill_price = 0;
    Money fill_cost;

    bool working() const { return status == "Submitted" || status == "PreSubmitted"; }
    bool buy() const { return action == "BUY"; }
    Quantity remaining() const { return total - filled; }
};

struct SimExecution {
    int client_id = 0;
    ExecDetails details;
    CommissionReport commission;
};

struct SimPosition {
    Contract contract;
    Quantity quantity;
    Money cost;  // of the open quantity
    double avg_cost() const;
};

struct Reject {
    int code;
    std::string text;
};

// Which of the market's data the fill model sees each simulated second.
enum class FillSource {
    bars,    // the one-second bar: fills as a backtest over one-second bars would
    quotes,  // the quote with its displayed sizes (spread-share slippage applies here)
};
std::string_view to_string(FillSource s) noexcept;
bool parse_fill_source(std::string_view text, FillSource& out) noexcept;

struct BrokerConfig {
    std::string account = "DU1234567";
    Money starting_cash = Money::from_units(1'000'000);
    // The fill model. `run` and `tws-sim` build it from the same flags and defaults.
    exec::PaperBrokerConfig fills;
    FillSource fill_on = FillSource::bars;
};

// What one simulated second changed: fills (indexes into executions(), in order) and
// orders that ended without a fill request (DAY expiry, IOC remainder).
struct Activity {
    std::vector<std::size_t> fills;
    std::vector<int> ended;
};

class SimBroker {
public:
    explicit SimBroker(BrokerConfig cfg);

    // New order or modification of a working one (same id), at simulated second `now`.
    // Returns the rejection, if any.
    std::optional<Reject> place(const PlaceOrder& p, int client_id, int64_t now);
    std::optional<Reject> cancel(int order_id, int64_t now);
    std::vector<int> cancel_all(int64_t now);  // the ids cancelled

    // Hands the market's data for `second` to the fill model and applies what it decided.
    Activity on_second(const SyntheticMarket& market, int64_t second);

    // A trade made outside the API (by hand in TWS, or by another platform): the account's
    // position and cash change, but no API client is told of an execution.
    void outside_trade(const Contract& contract, Quantity signed_quantity, Price price);
    // The highest order id ever accepted or refused (ids must keep rising).
    int max_order_id() const noexcept { return max_order_id_; }
    // Forgets the id high-water mark, as a Gateway restart may (the "next valid id goes
    // backwards" fault). Orders and executions are kept: they live at IBKR.
    void forget_ids(int lowered_to) { max_order_id_ = lowered_to - 1; }

    const std::map<int, SimOrder>& orders() const noexcept { return orders_; }
    const std::vector<SimExecution>& executions() const noexcept { return executions_; }
    const std::map<std::string, SimPosition>& positions() const noexcept { return positions_; }
    Money cash() const noexcept { return cash_; }
    Money market_value(const SyntheticMarket& market, int64_t second) const;
    const BrokerConfig& config() const noexcept { return cfg_; }

private:
    void drain(Activity& out);  // applies the fill model's pending events
    void fill(SimOrder& o, const Fill& f);
    void move_position(const Contract& contract, Quantity signed_qty, Price px);
    void end(SimOrder& o, const char* status);  // a working order becomes Filled or Cancelled

    BrokerConfig cfg_;
    exec::PaperBroker paper_;
    std::map<int, SimOrder> orders_;
    std::vector<SimExecution> executions_;
    std::map<std::string, SimPosition> positions_;
    // Symbols with working orders (and how many): the data the fill model needs each
    // second, without walking every order ever placed.
    std::map<std::string, int> working_symbols_;
    Money cash_;
    int max_order_id_ = 0;
    int64_t next_perm_id_ = 1'900'000'000;
    int next_exec_ = 1;
    std::vector<exec::BrokerEvent> events_;  // reused buffer
};

// The one-second bar the fill model sees at `second` (also what tests replay directly).
Bar fill_bar(const SyntheticMarket& market, std::string_view symbol, int64_t second);
Quote fill_quote(const SyntheticMarket& market, std::string_view symbol, int64_t second);
Timestamp sim_time(int64_t second);
// A timed record (market.hpp) as the fill model sees it: a bar record as that bar, a
// print as a one-second bar at its price and size, a quote as itself.
Bar recorded_bar(std::string_view symbol, const ReplayPoint& p);
Quote recorded_quote(std::string_view symbol, const ReplayPoint& p);

}  // namespace robo::ibkr::sim
