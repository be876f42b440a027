// exec/broker.hpp — what the engine needs from a broker, paper or real.
//
// The engine submits, modifies and cancels orders and, on its own thread, polls the
// events the broker produced (acknowledgements, fills, cancels, expiries, rejections,
// modifications applied or refused) in the order they happened. Simulated brokers also
// see the market data the engine delivers, before any strategy sees it, which is what
// lets them fill only on data the strategy has not seen. A broker never changes an
// order's state itself: the OrderManager does, from these events.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"

namespace robo::exec {

enum class BrokerConnection : uint8_t { disconnected, connecting, connected };
std::string_view to_string(BrokerConnection c) noexcept;

struct BrokerEvent {
    // modified: the broker now works the order on `terms`; modify_rejected: the
    // modification was refused and the order works on unchanged terms. positions: what
    // the account holds at the broker, reported once the broker's view is settled after
    // (re)connecting or on check_positions(); no order, no client id.
    enum class Kind : uint8_t {
        accepted,
        fill,
        cancelled,
        expired,
        rejected,
        modified,
        modify_rejected,
        positions
    };
    Kind kind = Kind::accepted;
    std::string client_id;
    Timestamp time;
    Fill fill;                                           // kind == fill
    std::string reason;                                  // cancelled, rejected, modify_rejected
    std::vector<std::pair<Symbol, Quantity>> positions;  // kind == positions (non-zero only)
    // kind == positions, in the report that follows a (re)connect: the account's cash as
    // just re-read (later reports leave it unset: the broker's figure may be stale).
    std::optional<Money> cash;
    Order terms;  // kind == modified: the order's terms from now on
    // kind == rejected: the broker's error code (IBKR's 201, ...); 0 when it gave none.
    int code = 0;
    // kind == expired: it ended unfilled because the data its price was reached on had no
    // volume for the volume cap to lend (the paper broker's; reason says so in words).
    bool for_want_of_volume = false;
};
std::string_view to_string(BrokerEvent::Kind k) noexcept;

class Broker {
public:
    virtual ~Broker() = default;
    virtual std::string_view name() const noexcept = 0;
    virtual BrokerConnection connection() const noexcept = 0;

    // Sends an order; the answer arrives as events. A second submit of a client id the
    // broker already knows is ignored (idempotent at this edge too).
    virtual void submit(const Order& order, Timestamp now) = 0;
    // Asks to cancel; false when the broker holds no working order with that id.
    virtual bool cancel(std::string_view client_id, Timestamp now) = 0;
    // Asks to change a working order's terms (quantity, prices, type, time in force; the
    // client id, side and symbol stay). The answer arrives as an event, `modified` or
    // `modify_rejected` (the order then keeps working on its old terms). False, and no
    // event, when the broker holds no working order with that id.
    virtual bool modify(const Order& amended, Timestamp now) = 0;
    // Moves the events produced since the last poll into `out` (appending).
    virtual void poll(std::vector<BrokerEvent>& out) = 0;
    virtual size_t working_orders() const noexcept = 0;
    // Why the broker would refuse every order now (not connected, TWS cut off from IB:
    // 1100, ...), or empty when it takes orders. The trader holds orders back meanwhile
    // instead of sending them into certain refusal. Any thread; simulated brokers: never.
    virtual std::string_view hold_reason() const noexcept { return {}; }
    // Called once by the engine before it runs. A broker whose events arrive on another
    // thread (IBKR) calls `wake` from there when it has events to poll, so an engine
    // waiting for market data still handles fills promptly. Simulated brokers never do.
    virtual void set_wake(std::function<void()> /*wake*/) {}
    // Asks for a `positions` event, sent as soon as the broker's view of the account is
    // settled (no resync under way, no execution waiting). A broker that keeps no account
    // of its own (the paper broker: the ledger is the account) never sends one.
    virtual void check_positions() {}

    // Market data, for simulated brokers; a real broker ignores it.
    virtual void on_bar(const Bar&) {}
    virtual void on_quote(const Quote&) {}
    virtual void on_trade(const Tick&) {}
};

}  // namespace robo::exec
