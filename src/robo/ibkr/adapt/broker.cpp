// ibkr/adapt/broker.cpp — see broker.hpp.
#include "robo/ibkr/adapt/broker.hpp"

#include "robo/ibkr/adapt/translate.hpp"
#include "robo/log/log.hpp"

namespace robo::ibkr {

using Kind = exec::BrokerEvent::Kind;

// One order we placed, as the io thread knows it.
struct IbkrBroker::Track {
    Order order;
    int order_id = 0;
    int attempt = 0;
    bool accepted = false, terminal = false, any_fill = false;
    bool seen_open = false;         // in the open-order re-read after a reconnect
    bool placed_in_resync = false;  // placed after the re-read began: not judged by it
    Quantity filled;                // from executions reported to the engine (or waiting)
    std::optional<Order> modify;    // a modification sent, not yet confirmed or refused
    bool modify_in_resync = false;  // sent after the re-read began: not judged by it
};

namespace {
bool same_price(const std::optional<double>& a, const std::optional<double>& b) {
    return a && b && Price::from_double(*a) == Price::from_double(*b);
}

// Whether TWS reports the order on exactly these terms (the prices its type uses).
bool reports_terms(const OpenOrder& o, const Order& terms) {
    PlaceOrder p;
    try {
        p = to_place_order(terms, o.order_id, {});
    } catch (const TranslateError&) {
        return false;
    }
    if (o.total_quantity != p.total_quantity || o.order_type != p.order_type || o.tif != p.tif) return false;
    const bool uses_lmt = terms.type == OrderType::limit || terms.type == OrderType::stop_limit;
    const bool uses_aux = terms.type == OrderType::stop || terms.type == OrderType::stop_limit;
    return (!uses_lmt || same_price(o.lmt_price, p.lmt_price)) &&
           (!uses_aux || same_price(o.aux_price, p.aux_price));
}
}  // namespace

// An execution waiting for its commission report.
struct IbkrBroker::PendingFill {
    Fill fill;
    int order_id = 0;
    boost::asio::steady_timer timer;
    explicit PendingFill(boost::asio::io_context& io) : timer(io) {}
};

IbkrBroker::IbkrBroker(IbkrLink& link, IbkrBrokerConfig cfg) : link_(link), cfg_(std::move(cfg)) {
    std::weak_ptr<int> alive = alive_;
    link_.on_message([this, alive](const ServerMessage& m) {
        if (!alive.expired()) on_message(m);
    });
    link_.on_event([this, alive](ConnectionEvent e) {
        if (!alive.expired()) on_event(e);
    });
    // Positions are part of reconciliation: subscribed for the whole session. The call
    // is queued on the io thread (the client is not ours to touch here).
    link_.post([this, alive] {
        if (alive.expired()) return;
        link_.client().subscribe_positions();
        // The account's cash, reconciled with the ledger's after every (re)connect. The
        // client restores the subscription after a reconnect, which re-reads it.
        summary_req_ = link_.client().subscribe_account_summary("TotalCashValue");
    });
}

IbkrBroker::~IbkrBroker() {
    // Handlers on the io thread check alive_ before touching this object; reset it (and
    // drop the commission timers) on that thread so none is half-way through meanwhile.
    if (link_.running())
        link_.call([this] {
            alive_.reset();
            pending_fills_.clear();
        });
    alive_.reset();
}

void IbkrBroker::set_wake(std::function<void()> wake) {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
}

void IbkrBroker::check_positions() {
    std::weak_ptr<int> alive = alive_;
    link_.post([this, alive] {
        if (alive.expired()) return;
        report_wanted_ = true;
        maybe_report_positions();
    });
}

// ============================================================================ engine thread

void IbkrBroker::submit(const Order& order, Timestamp) {
    if (!known_.insert(order.client_id).second) return;  // idempotent: already sent
    working_[order.client_id] = {order.quantity, {}};
    std::weak_ptr<int> alive = alive_;
    link_.post([this, alive, order] {
        if (!alive.expired()) place(order, 0);
    });
}

bool IbkrBroker::cancel(std::string_view client_id, Timestamp) {
    if (!working_.count(client_id)) return false;
    std::weak_ptr<int> alive = alive_;
    link_.post([this, alive, id = std::string(client_id)] {
        if (alive.expired()) return;
        auto it = by_client_.find(id);
        if (it == by_client_.end() || it->second->terminal) return;
        try {
            link_.client().cancel_order(it->second->order_id);
            std::lock_guard lock(mu_);
            ++stats_.cancels_sent;
        } catch (const OrderRefused& e) {
            // Not connected: the cancel is not sent. The order stays working; the re-read
            // after reconnecting tells what became of it, and the engine may cancel again.
            robo::log::warn("ibkr", "cancel_not_sent", {{"client_id", id}, {"reason", e.what()}});
        }
    });
    return true;
}

bool IbkrBroker::modify(const Order& amended, Timestamp) {
    auto it = working_.find(amended.client_id);
    if (it == working_.end()) return false;
    it->second.modifying = amended.quantity;
    std::weak_ptr<int> alive = alive_;
    link_.post([this, alive, amended] {
        if (!alive.expired()) send_modify(amended);
    });
    return true;
}

void IbkrBroker::poll(std::vector<exec::BrokerEvent>& out) {
    size_t first = out.size();
    {
        std::lock_guard lock(mu_);
        if (events_.empty()) return;
        for (auto& ev : events_) out.push_back(std::move(ev));
        events_.clear();
    }
    for (size_t i = first; i < out.size(); ++i) {
        const auto& ev = out[i];
        auto it = working_.find(ev.client_id);
        if (it == working_.end()) continue;
        Working& w = it->second;
        if (ev.kind == Kind::fill) {
            w.filled += ev.fill.quantity;
            // A pending raise of the quantity may be in force at TWS already.
            if (w.filled >= std::max(w.quantity, w.modifying.value_or(Quantity{}))) working_.erase(it);
        } else if (ev.kind == Kind::modified) {
            w.quantity = ev.terms.quantity;
            w.modifying.reset();
        } else if (ev.kind == Kind::modify_rejected) {
            w.modifying.reset();
            if (w.filled >= w.quantity) working_.erase(it);
        } else if (ev.kind != Kind::accepted) {
            working_.erase(it);
        }
    }
}

std::map<Symbol, Quantity> IbkrBroker::broker_positions() const {
    std::lock_guard lock(mu_);
    return positions_;
}

IbkrBrokerStats IbkrBroker::stats() const {
    std::lock_guard lock(mu_);
    return stats_;
}

bool IbkrBroker::settled() const {
    std::lock_guard lock(mu_);
    return positions_known_ && connection_.load() == exec::BrokerConnection::connected && !resyncing_;
}

// ============================================================================ io thread

void IbkrBroker::emit(exec::BrokerEvent ev) {
    std::function<void()> wake;
    {
        std::lock_guard lock(mu_);
        events_.push_back(std::move(ev));
        wake = wake_;
    }
    if (wake) wake();
}

IbkrBroker::Track* IbkrBroker::track_of(int order_id) {
    auto it = by_id_.find(order_id);
    return it == by_id_.end() ? nullptr : it->second.get();
}

void IbkrBroker::place(const Order& order, int attempt) {
    auto now = wall_now();
    std::shared_ptr<Track> t;
    if (auto it = by_client_.find(order.client_id); it != by_client_.end()) {
        t = it->second;
    } else {
        t = std::make_shared<Track>();
        t->order = order;
        by_client_[order.client_id] = t;
    }
    t->attempt = attempt;
    try {
        auto p = to_place_order(order, 0, cfg_.account);
        int id = link_.client().place_order(std::move(p));
        t->order_id = id;
        t->placed_in_resync = resyncing_;
        by_id_[id] = t;
        std::lock_guard lock(mu_);
        ++stats_.placed;
    } catch (const std::exception& e) {  // OrderRefused, TranslateError
        t->terminal = true;
        {
            std::lock_guard lock(mu_);
            ++stats_.refused;
        }
        robo::log::warn("ibkr", "order_refused", {{"client_id", order.client_id}, {"reason", e.what()}});
        emit({Kind::rejected, order.client_id, now, {}, e.what(), {}});
    }
}

void IbkrBroker::send_modify(const Order& amended) {
    auto it = by_client_.find(amended.client_id);
    if (it == by_client_.end()) {  // not reached: submit() queued the placement first
        emit({Kind::modify_rejected, amended.client_id, wall_now(), {}, "not placed at TWS", {}});
        return;
    }
    Track& t = *it->second;
    // It ended at TWS: that event is on its way to the engine, whose order manager then
    // drops the pending modification. Nothing is sent.
    if (t.terminal) return;
    if (!t.accepted && !t.any_fill)
        return refuse_modify(t, "not yet acknowledged by TWS; modify it once it is");
    if (t.modify) return refuse_modify(t, "a modification of this order is already pending at TWS");
    try {
        link_.client().modify_order(to_place_order(amended, t.order_id, cfg_.account));
    } catch (const std::exception& e) {  // OrderRefused (not connected), TranslateError
        return refuse_modify(t, e.what());
    }
    Order terms = amended;
    terms.created = t.order.created;
    terms.strategy = t.order.strategy;
    t.modify = std::move(terms);
    t.modify_in_resync = resyncing_;
    {
        std::lock_guard lock(mu_);
        ++stats_.modifies_sent;
    }
    robo::log::info("ibkr", "modify_sent", {{"client_id", amended.client_id}, {"order_id", t.order_id}});
}

void IbkrBroker::confirm_modify(Track& t) {
    t.order = *t.modify;
    t.modify.reset();
    {
        std::lock_guard lock(mu_);
        ++stats_.modifies_confirmed;
    }
    exec::BrokerEvent ev;
    ev.kind = Kind::modified;
    ev.client_id = t.order.client_id;
    ev.time = wall_now();
    ev.terms = t.order;
    emit(std::move(ev));
}

void IbkrBroker::refuse_modify(Track& t, std::string reason) {
    t.modify.reset();
    // Fills that reached the old quantity while a raise was pending end the order now.
    if (t.any_fill && t.filled >= t.order.quantity) t.terminal = true;
    {
        std::lock_guard lock(mu_);
        ++stats_.modifies_refused;
    }
    robo::log::warn("ibkr", "modify_refused", {{"client_id", t.order.client_id}, {"reason", reason}});
    emit({Kind::modify_rejected, t.order.client_id, wall_now(), {}, std::move(reason), {}});
}

std::string_view IbkrBroker::hold_reason() const noexcept {
    if (connection_.load() != exec::BrokerConnection::connected) return "not connected to TWS";
    if (connectivity_lost_.load()) return "TWS has lost its connection to IB (1100)";
    return {};
}

void IbkrBroker::on_event(ConnectionEvent e) {
    connectivity_lost_ = link_.client().connectivity_lost();
    switch (e) {
        case ConnectionEvent::connected: {
            connection_ = exec::BrokerConnection::connected;
            // The client has just asked for open orders and executions again: judge our
            // working orders once both answers are in.
            resyncing_ = true;
            open_end_seen_ = false;
            for (auto& [id, t] : by_id_)
                t->seen_open = false, t->placed_in_resync = t->modify_in_resync = false;
            if (connected_once_) {
                std::lock_guard lock(mu_);
                ++stats_.reconnect_resyncs;
            }
            connected_once_ = true;
            report_wanted_ = true;
            position_end_since_connect_ = false;
            incoming_.clear();
            summary_end_since_connect_ = false;
            cash_.reset();
            {
                std::lock_guard lock(mu_);
                positions_known_ = false;
            }
            // Paper mode trades only DU accounts, live mode never does: say so at once.
            const auto& accts = link_.client().accounts();
            robo::log::info("ibkr", "broker_connected", {{"accounts", accts.size()}});
            break;
        }
        case ConnectionEvent::disconnected:
        case ConnectionEvent::gave_up:
            connection_ = exec::BrokerConnection::disconnected;
            resyncing_ = false;
            break;
        default:
            break;
    }
    // The engine shows the connection in its health snapshot; nothing to poll.
}

void IbkrBroker::on_message(const ServerMessage& m) {
    if (auto* s = std::get_if<OrderStatusMsg>(&m)) {
        on_status(s->order_id, s->status, s->filled, s->remaining);
    } else if (auto* o = std::get_if<OpenOrder>(&m)) {
        if (auto* t = track_of(o->order_id)) {
            t->seen_open = true;
            // TWS shows the order on the modified terms: the modification is in force.
            if (t->modify && !t->terminal && reports_terms(*o, *t->modify)) confirm_modify(*t);
        }
        on_status(o->order_id, o->status, {}, {});
    } else if (std::holds_alternative<OpenOrderEnd>(m)) {
        if (resyncing_) open_end_seen_ = true;
    } else if (std::holds_alternative<ExecDetailsEnd>(m)) {
        if (resyncing_ && open_end_seen_) finish_resync();
    } else if (auto* e = std::get_if<ErrorMsg>(&m)) {
        on_error(*e);
    } else if (auto* x = std::get_if<ExecDetails>(&m)) {
        on_execution(*x);
    } else if (auto* c = std::get_if<CommissionReport>(&m)) {
        release_fill(c->exec_id, Money::from_double(c->commission));
    } else if (auto* p = std::get_if<PositionMsg>(&m)) {
        if (cfg_.account.empty() || p->account == cfg_.account) {
            Symbol sym(p->contract.symbol);
            auto set = [&](std::map<Symbol, Quantity>& into) {
                if (p->position.is_zero())
                    into.erase(sym);
                else
                    into[sym] = p->position;
            };
            // Until the re-read ends, build a fresh picture; after it, follow the updates.
            if (position_end_since_connect_) {
                std::lock_guard lock(mu_);
                set(positions_);
            } else {
                set(incoming_);
            }
        }
    } else if (auto* a = std::get_if<AccountSummaryMsg>(&m)) {
        if (a->req_id == summary_req_ && a->tag == "TotalCashValue" &&
            (a->currency.empty() || a->currency == "USD") &&
            (cfg_.account.empty() || a->account == cfg_.account)) {
            Money v;
            if (Money::try_parse(a->value, v, true))
                cash_ = v;
            else
                robo::log::warn("ibkr", "account_value_unreadable", {{"tag", a->tag}, {"value", a->value}});
        }
    } else if (auto* ae = std::get_if<AccountSummaryEnd>(&m)) {
        if (ae->req_id == summary_req_ && !summary_end_since_connect_) {
            summary_end_since_connect_ = true;
            cash_fresh_ = cash_.has_value();
            maybe_report_positions();
        }
    } else if (std::holds_alternative<PositionEnd>(m)) {
        if (!position_end_since_connect_) {
            position_end_since_connect_ = true;
            std::lock_guard lock(mu_);
            positions_ = incoming_;
            positions_known_ = true;
        }
        maybe_report_positions();
    }
}

void IbkrBroker::on_status(int order_id, const std::string& status, Quantity filled, Quantity remaining) {
    Track* t = track_of(order_id);
    if (!t || t->terminal || status.empty()) return;
    auto st = to_order_status(status, filled, remaining);
    if (!st) return;
    auto now = wall_now();
    switch (*st) {
        case OrderStatus::accepted:
        case OrderStatus::partially_filled:
            if (!t->accepted && !t->any_fill) {
                t->accepted = true;
                emit({Kind::accepted, t->order.client_id, now, {}, {}, {}});
            }
            break;
        case OrderStatus::cancelled:
            release_fills_of(order_id);  // fills happened before the cancel
            t->terminal = true;
            emit({Kind::cancelled,
                  t->order.client_id,
                  now,
                  {},
                  "cancelled at the broker (" + status + ")",
                  {}});
            break;
        case OrderStatus::rejected:
            release_fills_of(order_id);
            t->terminal = true;
            emit(
                {Kind::rejected, t->order.client_id, now, {}, "inactive at the broker (" + status + ")", {}});
            break;
        default:
            break;  // submitted: nothing yet; filled: the executions say it
    }
}

void IbkrBroker::on_error(const ErrorMsg& e) {
    // TWS numbers requests and orders in one field, and the client's request ids may meet
    // an order id: only the account summary's own refusals (321 bad request, 322 too many
    // summaries) are read as the summary's.
    if (summary_req_ != 0 && e.req_id == summary_req_ && (e.code == 321 || e.code == 322)) {
        // The account summary was refused: positions are still reconciled, the cash is not.
        robo::log::warn("ibkr", "account_summary_refused", {{"code", e.code}, {"text", e.message}});
        if (!summary_end_since_connect_) {
            summary_end_since_connect_ = true;
            maybe_report_positions();
        }
        return;
    }
    Track* t = track_of(e.req_id);
    if (!t || t->terminal) return;
    if (e.code >= 2100 && e.code < 2200) return;  // warnings (2109 outside RTH, ...)
    // While a modification is pending, an error for the order is its refusal (201, 103,
    // 104, 10148, ...): the order keeps working on its old terms. Cancel answers and
    // order messages are not about it.
    if (t->modify && e.code != 202 && e.code != 161 && e.code != 10147 && e.code != 399)
        return refuse_modify(*t, std::to_string(e.code) + ": " + e.message);
    auto now = wall_now();
    switch (e.code) {
        case 202:    // cancelled: the order status says it
        case 161:    // cancel attempted on an order not cancellable
        case 10147:  // cancel for an order not found
        case 399:    // order message (e.g. held until the open): a warning
            return;
        case 103:  // duplicate order id: the server did not take this order
            if (!t->accepted && !t->any_fill && t->attempt < cfg_.max_duplicate_id_retries) {
                by_id_.erase(e.req_id);
                {
                    std::lock_guard lock(mu_);
                    ++stats_.duplicate_id_retries;
                }
                robo::log::warn("ibkr", "duplicate_order_id",
                                {{"client_id", t->order.client_id}, {"order_id", e.req_id}});
                Order o = t->order;
                place(o, t->attempt + 1);
                return;
            }
            break;
        default:
            break;
    }
    if (t->accepted || t->any_fill) {
        robo::log::warn("ibkr", "order_message",
                        {{"client_id", t->order.client_id}, {"code", e.code}, {"text", e.message}});
        return;
    }
    t->terminal = true;
    exec::BrokerEvent ev{
        Kind::rejected, t->order.client_id, now, {}, std::to_string(e.code) + ": " + e.message, {}};
    ev.code = e.code;
    emit(std::move(ev));
}

void IbkrBroker::on_execution(const ExecDetails& x) {
    Track* t = track_of(x.order_id);
    if (!t) {
        // Placed under an id we no longer know (a 103 retry) or by another session.
        auto it = by_client_.find(x.order_ref);
        if (it != by_client_.end()) t = it->second.get();
    }
    if (!t) {
        std::lock_guard lock(mu_);
        ++stats_.foreign_executions;
        robo::log::warn("ibkr", "foreign_execution", {{"exec_id", x.exec_id}, {"order_ref", x.order_ref}});
        return;
    }
    Fill f;
    try {
        f = to_fill(x, {}, cfg_.exec_time_zone);
    } catch (const std::exception& e) {
        robo::log::error("ibkr", "execution_unreadable", {{"exec_id", x.exec_id}, {"what", e.what()}});
        return;
    }
    f.client_id = t->order.client_id;  // orderRef is ours, but trust our own record
    // More than the old quantity filled: the pending modification is in force. Say so
    // before this fill, so the order manager never sees an over-fill.
    if (t->modify && t->filled + f.quantity > t->order.quantity) confirm_modify(*t);
    t->any_fill = true;
    t->filled += f.quantity;
    // Complete: later status messages change nothing (unless a pending raise may apply).
    const bool raising = t->modify && t->modify->quantity > t->filled;
    if (t->filled >= t->order.quantity && !raising) t->terminal = true;
    auto pf = std::make_unique<PendingFill>(link_.io());
    pf->fill = std::move(f);
    pf->order_id = t->order_id;
    std::weak_ptr<int> alive = alive_;
    pf->timer.expires_after(cfg_.commission_wait);
    pf->timer.async_wait([this, alive, id = x.exec_id](const boost::system::error_code& ec) {
        if (ec || alive.expired() || !pending_fills_.count(id)) return;
        {
            std::lock_guard lock(mu_);
            ++stats_.commission_timeouts;
        }
        robo::log::warn("ibkr", "commission_report_missing", {{"exec_id", id}});
        release_fill(id, {});
    });
    pending_fills_[x.exec_id] = std::move(pf);
}

void IbkrBroker::release_fill(const std::string& exec_id, Money commission) {
    auto it = pending_fills_.find(exec_id);
    if (it == pending_fills_.end()) return;
    auto pf = std::move(it->second);
    pending_fills_.erase(it);
    pf->timer.cancel();
    pf->fill.commission = commission;
    {
        std::lock_guard lock(mu_);
        ++stats_.fills;
    }
    emit({Kind::fill, pf->fill.client_id, pf->fill.time, pf->fill, {}});
    if (pending_fills_.empty()) maybe_report_positions();
}

void IbkrBroker::release_fills_of(int order_id) {
    std::vector<std::string> ids;
    for (auto& [id, pf] : pending_fills_)
        if (pf->order_id == order_id) ids.push_back(id);
    for (auto& id : ids) release_fill(id, {});
}

void IbkrBroker::maybe_report_positions() {
    if (!report_wanted_ || resyncing_ || !position_end_since_connect_ || !summary_end_since_connect_ ||
        !pending_fills_.empty() || connection_.load() != exec::BrokerConnection::connected)
        return;
    report_wanted_ = false;
    exec::BrokerEvent ev;
    ev.kind = Kind::positions;
    ev.time = wall_now();
    if (cash_fresh_) ev.cash = cash_;  // once: later summaries may lag the fills
    cash_fresh_ = false;
    {
        std::lock_guard lock(mu_);
        ev.positions.assign(positions_.begin(), positions_.end());
    }
    emit(std::move(ev));
}

void IbkrBroker::finish_resync() {
    resyncing_ = false;
    auto now = wall_now();
    for (auto& [id, t] : by_id_) {
        // Still open at TWS on the old terms: a modification sent before the reconnect
        // did not take (the re-read would have confirmed it).
        if (!t->terminal && t->seen_open && t->modify && !t->modify_in_resync)
            refuse_modify(*t, "not in force at TWS after reconnecting (the open order shows the old terms)");
        if (t->terminal || t->seen_open || t->placed_in_resync) continue;
        if (t->filled >= t->order.quantity) {
            t->terminal = true;  // fully filled: its fills say so
            continue;
        }
        // Not open at the broker and not filled: it ended while we were away (or never
        // arrived). Our ledger must not keep it working.
        release_fills_of(id);
        t->terminal = true;
        {
            std::lock_guard lock(mu_);
            ++stats_.closed_by_resync;
        }
        robo::log::warn("ibkr", "order_closed_by_resync",
                        {{"client_id", t->order.client_id}, {"order_id", id}});
        emit({Kind::cancelled, t->order.client_id, now, {}, "not open at the broker after reconnecting", {}});
    }
    maybe_report_positions();  // the positions' re-read may have ended first
}

}  // namespace robo::ibkr
