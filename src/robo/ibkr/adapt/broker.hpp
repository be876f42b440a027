// ibkr/adapt/broker.hpp — Interactive Brokers as the engine's exec::Broker.
//
// submit() and cancel() run on the engine's thread and hand the work to the link's io
// thread, where the order becomes a placeOrder (orderRef = our client id, so orders and
// fills are matched back after a reconnect or a restart). Order status, open orders,
// errors, executions and commission reports become BrokerEvents on the io thread and
// cross to the engine through a mutex-guarded queue, in the order TWS reported them; a
// fill waits for its commission report (at most commission_wait, then it goes with zero
// commission and a warning).
// After a reconnect the client re-reads open orders and executions: fills missed while
// disconnected arrive then (the client drops executions already reported, so none is
// doubled), and an order that is neither open at the broker nor fully filled is reported
// cancelled, so the ledger follows the broker. Positions are kept as the broker reports
// them (broker_positions()); once orders, executions and positions have all been re-read
// (and no execution waits for its commission), a `positions` event carries them to the
// engine, which reconciles them with the ledger on the spot (engine/position_check.hpp).
// modify() sends the amended order as a placeOrder under the same TWS order id
// (Client::modify_order: never a new order). It is confirmed (`modified`) when TWS reports
// the order with the new terms (openOrder), or when fills exceed the old quantity; it is
// refused (`modify_rejected`, the order keeps working on its old terms) on an error for
// that order id while it is pending (201, 103, 104, 10148, ...), when the client cannot
// send it (not connected), when the order is not yet acknowledged, or when the open-order
// re-read after a reconnect shows the old terms. Fills during a pending modification are
// reported as they come; none is held back or dropped.
// A 103 (duplicate order id) means the order was not taken: it is placed again once
// under a fresh id, never twice at the broker. 504 (not sent) and refusals are rejections.
// Must never: send an order to an account that does not match the mode (the client
// refuses: DU... is paper), report a fill twice, or touch the client off the io thread.
#pragma once
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "robo/exec/broker.hpp"
#include "robo/ibkr/adapt/link.hpp"

namespace robo::ibkr {

struct IbkrBrokerConfig {
    std::string account;                 // empty: the only managed account
    std::string exec_time_zone = "UTC";  // TWS prints execution times in its login zone
    int max_duplicate_id_retries = 1;    // 103: placed again under a fresh id this often
    std::chrono::milliseconds commission_wait{1000};
};

struct IbkrBrokerStats {
    size_t placed = 0, cancels_sent = 0, fills = 0, refused = 0, duplicate_id_retries = 0;
    size_t modifies_sent = 0, modifies_confirmed = 0, modifies_refused = 0;
    size_t reconnect_resyncs = 0, closed_by_resync = 0, foreign_executions = 0, commission_timeouts = 0;
};

class IbkrBroker final : public exec::Broker {
public:
    // Registers its listeners on the link: construct before link.start().
    IbkrBroker(IbkrLink& link, IbkrBrokerConfig cfg = {});
    ~IbkrBroker() override;

    std::string_view name() const noexcept override { return "ibkr"; }
    exec::BrokerConnection connection() const noexcept override { return connection_.load(); }
    void submit(const Order& order, Timestamp now) override;
    bool cancel(std::string_view client_id, Timestamp now) override;
    bool modify(const Order& amended, Timestamp now) override;
    void poll(std::vector<exec::BrokerEvent>& out) override;
    size_t working_orders() const noexcept override { return working_.size(); }
    // "not connected to TWS" while (re)connecting, "TWS has lost its connection to IB
    // (1100)" between 1100 and 1101/1102: the client would refuse every order.
    std::string_view hold_reason() const noexcept override;
    void set_wake(std::function<void()> wake) override;
    void check_positions() override;

    // Thread-safe snapshots.
    std::map<Symbol, Quantity> broker_positions() const;
    IbkrBrokerStats stats() const;
    // True once positions have been reported and no resync is under way.
    bool settled() const;

private:
    struct Track;
    struct PendingFill;
    // io thread
    void place(const Order& order, int attempt);
    void send_modify(const Order& amended);
    void confirm_modify(Track& t);
    void refuse_modify(Track& t, std::string reason);
    void on_message(const ServerMessage& m);
    void on_event(ConnectionEvent e);
    void on_status(int order_id, const std::string& status, Quantity filled, Quantity remaining);
    void on_error(const ErrorMsg& e);
    void on_execution(const ExecDetails& e);
    void release_fill(const std::string& exec_id, Money commission);
    void release_fills_of(int order_id);
    void finish_resync();
    void maybe_report_positions();
    void emit(exec::BrokerEvent ev);
    Track* track_of(int order_id);

    IbkrLink& link_;
    IbkrBrokerConfig cfg_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::atomic<exec::BrokerConnection> connection_{exec::BrokerConnection::connecting};
    std::atomic<bool> connectivity_lost_{false};  // 1100 seen, no 1101/1102 yet (io thread writes)

    // io thread only
    std::map<int, std::shared_ptr<Track>> by_id_;
    std::map<std::string, std::shared_ptr<Track>> by_client_;
    std::map<std::string, std::unique_ptr<PendingFill>> pending_fills_;
    bool connected_once_ = false, open_end_seen_ = false;
    // Positions: re-read from scratch after every (re)connect (a symbol that went flat
    // while we were away may not be reported at all); reported to the engine once the
    // re-read, the order resync and every waiting execution are done.
    bool position_end_since_connect_ = false, report_wanted_ = false;
    std::map<Symbol, Quantity> incoming_;
    // The account's cash (TotalCashValue) from the account summary, re-read with the rest.
    int summary_req_ = 0;
    bool summary_end_since_connect_ = false, cash_fresh_ = false;
    std::optional<Money> cash_;
    std::atomic<bool> resyncing_{false};  // written on the io thread, read by settled()

    // engine thread only
    struct Working {
        Quantity quantity, filled;
        std::optional<Quantity> modifying;  // quantity of a pending modification
    };
    std::map<std::string, Working, std::less<>> working_;
    std::set<std::string, std::less<>> known_;

    // shared
    mutable std::mutex mu_;
    std::vector<exec::BrokerEvent> events_;
    std::function<void()> wake_;
    std::map<Symbol, Quantity> positions_;
    bool positions_known_ = false;
    IbkrBrokerStats stats_;
};

}  // namespace robo::ibkr
