#include "robo/exec/order_manager.hpp"

#include <nlohmann/json.hpp>

namespace robo::exec {

bool transition_allowed(OrderStatus from, OrderStatus to) noexcept {
    using S = OrderStatus;
    switch (from) {
        case S::created:
            return to == S::submitted || to == S::rejected;
        case S::submitted:
            return to == S::accepted || to == S::partially_filled || to == S::filled || to == S::cancelled ||
                   to == S::rejected;
        case S::accepted:
            return to == S::partially_filled || to == S::filled || to == S::cancelled || to == S::expired;
        case S::partially_filled:
            return to == S::partially_filled || to == S::filled || to == S::cancelled || to == S::expired;
        case S::filled:
        case S::cancelled:
        case S::rejected:
        case S::expired:
            return false;
    }
    return false;
}

namespace {
bool same_contents(const Order& a, const Order& b) {
    return a.symbol == b.symbol && a.side == b.side && a.type == b.type && a.tif == b.tif &&
           a.quantity == b.quantity && a.limit == b.limit && a.stop == b.stop;
}

// "SELL 100 AAPL STP stop 101.5 GTC": the terms a modification may change, for messages.
std::string describe_terms(const Order& o) {
    std::string s = std::string(to_string(o.side)) + " " + o.quantity.to_string() + " " + o.symbol.str() +
                    " " + std::string(to_string(o.type));
    if (o.limit) s += " limit " + o.limit->to_string();
    if (o.stop) s += " stop " + o.stop->to_string();
    s += " " + std::string(to_string(o.tif));
    return s;
}

void add_terms(nlohmann::json& j, const Order& o, const std::string& prefix) {
    j[prefix + "type"] = to_string(o.type);
    j[prefix + "tif"] = to_string(o.tif);
    j[prefix + "quantity"] = o.quantity.to_string();
    if (o.limit) j[prefix + "limit"] = o.limit->to_string();
    if (o.stop) j[prefix + "stop"] = o.stop->to_string();
}

// The current order with the terms a modification may change taken from `terms`.
Order amend(const Order& current, const Order& terms) {
    Order next = current;
    next.type = terms.type;
    next.tif = terms.tif;
    next.quantity = terms.quantity;
    next.limit = terms.limit;
    next.stop = terms.stop;
    if (terms.protective_stop) next.protective_stop = terms.protective_stop;
    return next;
}
}  // namespace

OrderManager::OrderManager(log::AuditSink& audit, std::string session)
    : audit_(audit), session_(std::move(session)) {}

std::string OrderManager::next_client_id(std::string_view strategy) {
    std::string id = session_;
    id += '-';
    id += strategy.empty() ? std::string_view("manual") : strategy;
    id += '-';
    id += std::to_string(next_seq_++);
    // A restored session may already hold this id (ids are also accepted from outside).
    while (index_.count(id)) id += 'x';
    return id;
}

OrderManager::SubmitResult OrderManager::submit(const Order& order, Timestamp now) {
    if (auto it = index_.find(order.client_id); it != index_.end()) {
        const ManagedOrder& existing = orders_[it->second];
        if (!same_contents(existing.order, order))
            throw OrderError("order " + order.client_id + ": client id already used by a different order (" +
                             std::string(to_string(existing.order.side)) + " " +
                             existing.order.quantity.to_string() + " " + existing.order.symbol.str() +
                             "); refusing to reuse it");
        audit_.record("order_duplicate_ignored",
                      {{"client_id", order.client_id}, {"status", to_string(existing.status)}});
        return {&existing, true};
    }
    if (auto problem = order.validate(); !problem.empty())
        throw OrderError("order " + (order.client_id.empty() ? std::string("(no id)") : order.client_id) +
                         ": " + problem);
    ManagedOrder managed;
    managed.order = order;
    managed.updated = now;
    ++generation_;
    orders_.push_back(std::move(managed));
    index_.emplace(order.client_id, orders_.size() - 1);
    const Order& o = orders_.back().order;
    log::CompactRecord fields("order_created");
    fields.text("client_id", o.client_id)
        .text("symbol", o.symbol.view())
        .text("side", to_string(o.side))
        .text("type", to_string(o.type))
        .text("tif", to_string(o.tif))
        .decimal("quantity", o.quantity)
        .text("strategy", o.strategy)
        .time("time", now);
    if (o.limit) fields.decimal("limit", *o.limit);
    if (o.stop) fields.decimal("stop", *o.stop);
    audit_.record(fields);
    return {&orders_.back(), false};
}

ManagedOrder& OrderManager::get(std::string_view client_id, std::string_view event) {
    auto it = index_.find(std::string(client_id));
    if (it == index_.end())
        throw OrderError("order " + std::string(client_id) + ": " + std::string(event) +
                         " for an unknown client id; ignored");
    ++generation_;  // the caller is about to change it
    return orders_[it->second];
}

void OrderManager::move(ManagedOrder& o, OrderStatus to, Timestamp now, std::string_view event,
                        log::CompactRecord extra) {
    if (!transition_allowed(o.status, to))
        throw OrderError("order " + o.order.client_id + ": " + std::string(event) +
                         " is not allowed in state " + std::string(to_string(o.status)) + " (would move to " +
                         std::string(to_string(to)) + "); order unchanged");
    bool was_working = o.working();
    OrderStatus from = o.status;
    if (is_terminal(to) && o.pending_modify) {
        // The order ended before the broker answered; its answer, if any, changes nothing.
        o.pending_modify.reset();
        o.modify_dropped = true;
        extra.boolean("modification_dropped", true);
    }
    o.status = to;
    o.updated = now;
    bool is_working = o.working();
    if (is_working && !was_working) ++working_count_;
    if (!is_working && was_working) --working_count_;
    while (first_unended_ < orders_.size() && is_terminal(orders_[first_unended_].status)) ++first_unended_;
    extra.text("client_id", o.order.client_id)
        .text("from", to_string(from))
        .text("to", to_string(to))
        .time("time", now);
    audit_.record(extra);
}

const ManagedOrder& OrderManager::mark_submitted(std::string_view id, Timestamp now) {
    auto& o = get(id, "submitted");
    move(o, OrderStatus::submitted, now, "submitted");
    return o;
}

const ManagedOrder& OrderManager::mark_accepted(std::string_view id, Timestamp now) {
    auto& o = get(id, "accepted");
    move(o, OrderStatus::accepted, now, "accepted");
    return o;
}

const ManagedOrder& OrderManager::apply_fill(const Fill& fill) {
    auto& o = get(fill.client_id, "fill");
    if (!fill.quantity.is_positive())
        throw OrderError("order " + o.order.client_id + ": fill " + fill.exec_id + " has quantity " +
                         fill.quantity.to_string() + ", expected a positive quantity; ignored");
    if (fill.side != o.order.side || !(fill.symbol == o.order.symbol))
        throw OrderError("order " + o.order.client_id + ": fill " + fill.exec_id + " is " +
                         std::string(to_string(fill.side)) + " " + fill.symbol.str() + ", the order is " +
                         std::string(to_string(o.order.side)) + " " + o.order.symbol.str() + "; ignored");
    if (fill.quantity > o.remaining())
        throw OrderError("order " + o.order.client_id + ": fill " + fill.exec_id + " of " +
                         fill.quantity.to_string() + " exceeds the remaining " + o.remaining().to_string() +
                         "; ignored");
    // A pending modification that raises the quantity may already be in force at the
    // broker: the order is complete only once the broker refuses it.
    const bool raising = o.pending_modify && o.pending_modify->quantity > o.order.quantity;
    OrderStatus to =
        fill.quantity == o.remaining() && !raising ? OrderStatus::filled : OrderStatus::partially_filled;
    log::CompactRecord extra("order_transition");
    extra.text("exec_id", fill.exec_id)
        .decimal("quantity", fill.quantity)
        .decimal("price", fill.price)
        .decimal("commission", fill.commission);
    move(o, to, fill.time, "fill", extra);
    o.filled += fill.quantity;
    o.filled_value += fill.price * fill.quantity;
    o.commission += fill.commission;
    return o;
}

const ManagedOrder& OrderManager::mark_cancelled(std::string_view id, Timestamp now,
                                                 std::string_view reason) {
    auto& o = get(id, "cancel");
    move(o, OrderStatus::cancelled, now, "cancel",
         log::CompactRecord("order_transition").text("reason", reason));
    o.reason = reason;
    return o;
}

const ManagedOrder& OrderManager::mark_rejected(std::string_view id, Timestamp now, std::string_view reason) {
    auto& o = get(id, "reject");
    move(o, OrderStatus::rejected, now, "reject",
         log::CompactRecord("order_transition").text("reason", reason));
    o.reason = reason;
    return o;
}

const ManagedOrder& OrderManager::mark_expired(std::string_view id, Timestamp now) {
    auto& o = get(id, "expire");
    move(o, OrderStatus::expired, now, "expire");
    o.reason = "time in force ended";
    return o;
}

void OrderManager::refuse_modify(const ManagedOrder& o, std::string_view event,
                                 const std::string& why) const {
    throw OrderError("order " + o.order.client_id + ": " + std::string(event) + " refused in state " +
                     std::string(to_string(o.status)) + ": " + why + "; order unchanged");
}

const ManagedOrder& OrderManager::request_modify(const Order& amended, Timestamp now) {
    auto& o = get(amended.client_id, "modify request");
    if (!o.working()) refuse_modify(o, "modify request", "only a working order can be modified");
    if (o.pending_modify)
        refuse_modify(o, "modify request",
                      "a modification to " + describe_terms(*o.pending_modify) +
                          " is pending; ask again once the broker has answered it");
    if (amended.side != o.order.side || !(amended.symbol == o.order.symbol))
        refuse_modify(o, "modify request",
                      "a modification keeps the side and symbol (order " +
                          std::string(to_string(o.order.side)) + " " + o.order.symbol.str() +
                          ", modification " + std::string(to_string(amended.side)) + " " +
                          amended.symbol.str() + ")");
    if (amended.quantity <= o.filled)
        refuse_modify(o, "modify request",
                      "new quantity " + amended.quantity.to_string() + " is not above the filled " +
                          o.filled.to_string());
    if (auto problem = amended.validate(); !problem.empty()) refuse_modify(o, "modify request", problem);
    Order next = amend(o.order, amended);
    if (same_contents(next, o.order) && next.protective_stop == o.order.protective_stop)
        refuse_modify(o, "modify request",
                      "the new terms equal the current ones (" + describe_terms(o.order) + ")");
    o.pending_modify = next;
    o.updated = now;
    nlohmann::json fields = {
        {"client_id", o.order.client_id}, {"status", to_string(o.status)}, {"time", format_iso_micros(now)}};
    add_terms(fields, next, "");
    add_terms(fields, o.order, "previous_");
    audit_.record("order_modify_requested", fields);
    return o;
}

// The broker answered a modification the order manager dropped when the order ended:
// audited, nothing else changes. False when this is not such an answer.
bool OrderManager::answered_after_end(ManagedOrder& o, std::string_view answer,
                                      std::optional<std::string_view> reason, Timestamp now) {
    if (!is_terminal(o.status) || !o.modify_dropped) return false;
    o.modify_dropped = false;
    nlohmann::json fields = {{"client_id", o.order.client_id},
                             {"status", to_string(o.status)},
                             {"answer", answer},
                             {"time", format_iso_micros(now)}};
    if (reason) fields["reason"] = *reason;
    audit_.record("order_modify_answer_after_end", fields);
    return true;
}

const ManagedOrder& OrderManager::apply_modified(std::string_view id, const Order& terms, Timestamp now) {
    auto& o = get(id, "modified");
    if (answered_after_end(o, "modified", std::nullopt, now)) return o;
    if (!o.pending_modify) refuse_modify(o, "modified", "no modification is pending");
    if (terms.side != o.order.side || !(terms.symbol == o.order.symbol))
        refuse_modify(o, "modified",
                      "the broker's terms are " + std::string(to_string(terms.side)) + " " +
                          terms.symbol.str() + ", the order is " + std::string(to_string(o.order.side)) +
                          " " + o.order.symbol.str());
    if (terms.quantity <= o.filled)
        refuse_modify(o, "modified",
                      "the broker's quantity " + terms.quantity.to_string() + " is not above the filled " +
                          o.filled.to_string());
    // TWS does not echo our protective-stop note: keep the one we asked for.
    Order confirmed = terms;
    if (!confirmed.protective_stop) confirmed.protective_stop = o.pending_modify->protective_stop;
    o.order = amend(o.order, confirmed);
    nlohmann::json fields = {
        {"client_id", o.order.client_id}, {"status", to_string(o.status)}, {"time", format_iso_micros(now)}};
    add_terms(fields, o.order, "");
    add_terms(fields, *o.pending_modify, "requested_");
    o.pending_modify.reset();
    o.updated = now;
    ++o.modifications;
    fields["modifications"] = o.modifications;
    audit_.record("order_modified", fields);
    return o;
}

const ManagedOrder& OrderManager::mark_modify_rejected(std::string_view id, Timestamp now,
                                                       std::string_view reason) {
    auto& o = get(id, "modify rejected");
    if (answered_after_end(o, "modify_rejected", reason, now)) return o;
    if (!o.pending_modify) refuse_modify(o, "modify rejected", "no modification is pending");
    nlohmann::json fields = {{"client_id", o.order.client_id},
                             {"status", to_string(o.status)},
                             {"reason", reason},
                             {"time", format_iso_micros(now)}};
    add_terms(fields, o.order, "");
    add_terms(fields, *o.pending_modify, "requested_");
    o.pending_modify.reset();
    o.updated = now;
    audit_.record("order_modify_rejected", fields);
    // Fills that reached the old quantity while a raise was pending complete the order now.
    if (o.status == OrderStatus::partially_filled && !o.remaining().is_positive())
        move(o, OrderStatus::filled, now, "modify rejected",
             log::CompactRecord("order_transition").text("reason", "filled at the unchanged quantity"));
    return o;
}

const ManagedOrder* OrderManager::find(std::string_view client_id) const {
    auto it = index_.find(std::string(client_id));
    return it == index_.end() ? nullptr : &orders_[it->second];
}

std::vector<const ManagedOrder*> OrderManager::working() const {
    std::vector<const ManagedOrder*> out;
    for (size_t i = first_unended_; i < orders_.size(); ++i)
        if (orders_[i].working()) out.push_back(&orders_[i]);
    return out;
}

}  // namespace robo::exec
