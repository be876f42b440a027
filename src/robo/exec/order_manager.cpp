#include "robo/exec/order_manager.hpp"

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
    orders_.push_back(std::move(managed));
    index_.emplace(order.client_id, orders_.size() - 1);
    const Order& o = orders_.back().order;
    nlohmann::json fields = {{"client_id", o.client_id},  {"symbol", o.symbol.view()},
                             {"side", to_string(o.side)}, {"type", to_string(o.type)},
                             {"tif", to_string(o.tif)},   {"quantity", o.quantity.to_string()},
                             {"strategy", o.strategy},    {"time", format_iso_micros(now)}};
    if (o.limit) fields["limit"] = o.limit->to_string();
    if (o.stop) fields["stop"] = o.stop->to_string();
    audit_.record("order_created", fields);
    return {&orders_.back(), false};
}

ManagedOrder& OrderManager::get(std::string_view client_id, std::string_view event) {
    auto it = index_.find(std::string(client_id));
    if (it == index_.end())
        throw OrderError("order " + std::string(client_id) + ": " + std::string(event) +
                         " for an unknown client id; ignored");
    return orders_[it->second];
}

void OrderManager::move(ManagedOrder& o, OrderStatus to, Timestamp now, std::string_view event,
                        nlohmann::json extra) {
    if (!transition_allowed(o.status, to))
        throw OrderError("order " + o.order.client_id + ": " + std::string(event) +
                         " is not allowed in state " + std::string(to_string(o.status)) + " (would move to " +
                         std::string(to_string(to)) + "); order unchanged");
    bool was_working = o.working();
    OrderStatus from = o.status;
    o.status = to;
    o.updated = now;
    bool is_working = o.working();
    if (is_working && !was_working) ++working_count_;
    if (!is_working && was_working) --working_count_;
    extra["client_id"] = o.order.client_id;
    extra["from"] = to_string(from);
    extra["to"] = to_string(to);
    extra["time"] = format_iso_micros(now);
    audit_.record("order_transition", extra);
}

const ManagedOrder& OrderManager::mark_submitted(std::string_view id, Timestamp now) {
    auto& o = get(id, "submitted");
    move(o, OrderStatus::submitted, now, "submitted", nlohmann::json::object());
    return o;
}

const ManagedOrder& OrderManager::mark_accepted(std::string_view id, Timestamp now) {
    auto& o = get(id, "accepted");
    move(o, OrderStatus::accepted, now, "accepted", nlohmann::json::object());
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
    OrderStatus to = fill.quantity == o.remaining() ? OrderStatus::filled : OrderStatus::partially_filled;
    move(o, to, fill.time, "fill",
         {{"exec_id", fill.exec_id},
          {"quantity", fill.quantity.to_string()},
          {"price", fill.price.to_string()},
          {"commission", fill.commission.to_string()}});
    o.filled += fill.quantity;
    o.filled_value += fill.price * fill.quantity;
    o.commission += fill.commission;
    return o;
}

const ManagedOrder& OrderManager::mark_cancelled(std::string_view id, Timestamp now,
                                                 std::string_view reason) {
    auto& o = get(id, "cancel");
    move(o, OrderStatus::cancelled, now, "cancel", {{"reason", reason}});
    o.reason = reason;
    return o;
}

const ManagedOrder& OrderManager::mark_rejected(std::string_view id, Timestamp now, std::string_view reason) {
    auto& o = get(id, "reject");
    move(o, OrderStatus::rejected, now, "reject", {{"reason", reason}});
    o.reason = reason;
    return o;
}

const ManagedOrder& OrderManager::mark_expired(std::string_view id, Timestamp now) {
    auto& o = get(id, "expire");
    move(o, OrderStatus::expired, now, "expire", nlohmann::json::object());
    o.reason = "time in force ended";
    return o;
}

const ManagedOrder* OrderManager::find(std::string_view client_id) const {
    auto it = index_.find(std::string(client_id));
    return it == index_.end() ? nullptr : &orders_[it->second];
}

std::vector<const ManagedOrder*> OrderManager::working() const {
    std::vector<const ManagedOrder*> out;
    for (const auto& o : orders_)
        if (o.working()) out.push_back(&o);
    return out;
}

}  // namespace robo::exec
