// ibkr/sim/broker.hpp — the simulator's order book, fills, positions and cash.
//
// Pure logic, no sockets: the simulator feeds it requests and quotes and forwards what it
// reports. Fill model (simple and stated): a market order fills at the ask (buy) or bid
// (sell); a limit order fills at that price once it is marketable; a stop triggers on the
// last price and then behaves as a market (STP) or limit (STP LMT) order. At most
// `max_fill_per_step` shares fill per market step (0 = all), which produces partial fills.
// Commission: per share with a per-execution minimum, rounded to the cent.
// Orders live on the "server": they survive a client's disconnect, like at IBKR.
// Must never: reuse an order id, fill more than an order's quantity, or lose an execution.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "robo/ibkr/requests.hpp"
#include "robo/ibkr/sim/market.hpp"

namespace robo::ibkr::sim {

struct SimOrder {
    int order_id = 0;
    int client_id = 0;
    int64_t perm_id = 0;
    Contract contract;
    std::string action;  // BUY / SELL / SSHORT
    Quantity total, filled;
    std::string type;
    std::optional<double> lmt, aux;
    std::string tif, account, order_ref;
    std::string status = "Submitted";
    double avg_fill_price = 0, last_fill_price = 0;
    bool stop_triggered = false;
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

struct BrokerConfig {
    std::string account = "DU1234567";
    Money starting_cash = Money::from_units(1'000'000);
    double commission_per_share = 0.005;
    double min_commission = 1.0;
    Quantity max_fill_per_step;  // zero: fill the whole remaining quantity
};

class SimBroker {
public:
    explicit SimBroker(BrokerConfig cfg);

    // New order or modification of a working one (same id). Returns the rejection, if any.
    std::optional<Reject> place(const PlaceOrder& p, int client_id);
    std::optional<Reject> cancel(int order_id);
    std::vector<int> cancel_all();  // the ids cancelled

    // Matches working orders against the market at `second`; returns indexes into
    // executions() of the fills made, in order.
    std::vector<std::size_t> match(const SyntheticMarket& market, int64_t second);

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
    void fill(SimOrder& o, Quantity qty, double price, int64_t second);

    BrokerConfig cfg_;
    std::map<int, SimOrder> orders_;
    std::vector<SimExecution> executions_;
    std::map<std::string, SimPosition> positions_;
    Money cash_;
    int max_order_id_ = 0;
    int64_t next_perm_id_ = 1'900'000'000;
    int next_exec_ = 1;
};

}  // namespace robo::ibkr::sim
