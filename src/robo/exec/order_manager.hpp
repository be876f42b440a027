// exec/order_manager.hpp — the one state machine every order lives in.
//
//   created -> submitted -> accepted -> partially_filled -> filled
//                 |            |              |
//                 +-> rejected +-> cancelled / expired (also from partially_filled)
//   (submitted may also go straight to partially_filled, filled or cancelled: brokers
//    can fill or cancel before they acknowledge.)
//
// Client order ids are unique per session. submit() is idempotent: a retried submit with
// an id already known returns the existing order and never creates a second one (the
// original system once sent 352 duplicate buys after a restart); the same id with
// different contents is refused. An illegal transition (filling a cancelled order,
// over-filling, a fill for an unknown id) is refused with an OrderError naming the order,
// its state and the attempted event, and leaves the order unchanged. Every transition is
// recorded on the AuditSink. Never talks to a broker itself: the engine routes events.
//
// Modification (amend) is part of the same machine, beside the status:
//   request_modify   a working order (submitted, accepted, partially filled), same side and
//                    symbol, a valid order whose quantity is above what has filled and whose
//                    terms differ from the current ones. One modification is pending at a
//                    time: a second request before the broker answered the first is refused
//                    (OrderError); the caller asks again after the answer.
//   apply_modified   the broker confirmed: the terms are replaced, fills and status kept.
//   mark_modify_rejected  the broker refused: the terms stay as they were.
// While a modification that raises the quantity is pending, fills are accepted up to the
// new quantity, and a fill reaching the old quantity leaves the order partially filled
// until the answer (a refusal then completes it): the broker may apply the modification
// before it reports the fills. An order that ends (filled, cancelled, expired, rejected)
// drops its pending modification; the broker's late answer to it is recorded and changes
// nothing. Answers with no modification pending are refused with an OrderError.
#pragma once
#include <cstdint>
#include <deque>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "robo/core/order.hpp"
#include "robo/log/audit_sink.hpp"

namespace robo::exec {

class OrderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ManagedOrder {
    Order order;
    OrderStatus status = OrderStatus::created;
    Quantity filled;
    Money filled_value;  // sum of fill price x quantity, for the average fill price
    Money commission;
    std::string reason;  // why it was rejected, cancelled or expired
    Timestamp updated;
    std::optional<Order> pending_modify;  // requested terms awaiting the broker's answer
    bool modify_dropped = false;          // it ended with a modification pending
    int modifications = 0;                // applied so far

    Quantity remaining() const { return order.quantity - filled; }
    bool working() const noexcept { return !is_terminal(status) && status != OrderStatus::created; }
};

// Whether `to` may follow `from` (self-transition partially_filled -> partially_filled
// is allowed: a second partial fill).
bool transition_allowed(OrderStatus from, OrderStatus to) noexcept;

class OrderManager {
public:
    // `session` prefixes generated ids, so ids from different sessions never collide.
    explicit OrderManager(log::AuditSink& audit, std::string session = "robo");

    // A fresh, unique client id: "<session>-<strategy>-<n>".
    std::string next_client_id(std::string_view strategy);

    struct SubmitResult {
        const ManagedOrder* order;  // the order now known under that id
        bool duplicate;             // true when the id was already known (nothing created)
    };
    // Registers the order in `created` state. Throws OrderError for an invalid order or
    // for a known id whose contents differ from the original.
    SubmitResult submit(const Order& order, Timestamp now);

    // Broker-driven transitions; each throws OrderError when illegal.
    const ManagedOrder& mark_submitted(std::string_view client_id, Timestamp now);
    const ManagedOrder& mark_accepted(std::string_view client_id, Timestamp now);
    const ManagedOrder& apply_fill(const Fill& fill);
    const ManagedOrder& mark_cancelled(std::string_view client_id, Timestamp now, std::string_view reason);
    const ManagedOrder& mark_rejected(std::string_view client_id, Timestamp now, std::string_view reason);
    const ManagedOrder& mark_expired(std::string_view client_id, Timestamp now);

    // Modification: the request (before the broker is asked) and the broker's answer.
    // `amended` carries the client id and the new terms (type, tif, quantity, limit, stop,
    // protective stop); the creation time and strategy stay the original's.
    const ManagedOrder& request_modify(const Order& amended, Timestamp now);
    const ManagedOrder& apply_modified(std::string_view client_id, const Order& terms, Timestamp now);
    const ManagedOrder& mark_modify_rejected(std::string_view client_id, Timestamp now,
                                             std::string_view reason);

    const ManagedOrder* find(std::string_view client_id) const;
    // Orders not yet terminal (submitted, accepted, partially filled), in submission order.
    std::vector<const ManagedOrder*> working() const;
    size_t size() const noexcept { return orders_.size(); }
    size_t working_count() const noexcept { return working_count_; }
    // Changes whenever an order is created or anything may have changed in one (every
    // change goes through submit() or the look-up of an order to change): a reader that
    // saw the same generation sees the same orders.
    uint64_t generation() const noexcept { return generation_; }
    const std::deque<ManagedOrder>& all() const noexcept { return orders_; }

private:
    ManagedOrder& get(std::string_view client_id, std::string_view event);
    // Audits the transition as "order_transition" with `extra`'s fields (a compact record: the
    // transitions of every order are on the engine's hot path).
    void move(ManagedOrder& o, OrderStatus to, Timestamp now, std::string_view event,
              log::CompactRecord extra = log::CompactRecord("order_transition"));
    bool answered_after_end(ManagedOrder& o, std::string_view answer, std::optional<std::string_view> reason,
                            Timestamp now);
    [[noreturn]] void refuse_modify(const ManagedOrder& o, std::string_view event,
                                    const std::string& why) const;

    log::AuditSink& audit_;
    std::string session_;
    uint64_t next_seq_ = 1;
    std::deque<ManagedOrder> orders_;  // stable addresses; orders are never erased
    std::unordered_map<std::string, size_t> index_;
    size_t working_count_ = 0;
    // Every order before this index has ended (orders end roughly in the order they were
    // made): working() scans from here instead of from the first order of the session.
    size_t first_unended_ = 0;
    uint64_t generation_ = 0;
};

}  // namespace robo::exec
