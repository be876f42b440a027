// store/session_recorder.cpp — see session_recorder.hpp.
//
// Where each row comes from: orders and their non-fill transitions from the order
// manager's audit records (created, submitted, accepted, cancelled, rejected, expired),
// read back from the manager itself so prices stay exact; modifications applied or
// refused as order events whose detail carries the terms (the request is on the audit
// trail); fill transitions, fills and the
// position after each fill from the engine's order event (the manager audits a fill
// before it adds the quantity, the engine reports after); refusals and kill-switch
// changes from the gate's and the trader's audit records.
#include "robo/store/session_recorder.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace robo::store {

std::string make_run_id(std::string_view kind, Timestamp started) {
    auto secs = std::chrono::floor<std::chrono::seconds>(started);
    auto day = std::chrono::floor<std::chrono::days>(secs);
    std::chrono::year_month_day ymd{day};
    std::chrono::hh_mm_ss hms{secs - day};
    return fmt::format("{}-{:04}{:02}{:02}T{:02}{:02}{:02}Z-{}", kind, int(ymd.year()), unsigned(ymd.month()),
                       unsigned(ymd.day()), hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       ::getpid());
}

SessionRecorder::SessionRecorder(Writer& writer, RunRecord run, RecorderPolicy policy)
    : writer_(writer),
      run_id_(run.run_id),
      moves_kill_switch_(policy.moves_kill_switch),
      features_on_full_(policy.features_on_full) {
    auto s = writer_.submit(std::move(run), OnFull::block);
    if (!s.ok())
        throw StoreError(writer_.file().string() + ": cannot record run " + run_id_ +
                         ": the writer refused it (" +
                         (writer_.stats().failure.empty() ? "queue full" : writer_.stats().failure) + ")");
    ++submitted_;
}

void SessionRecorder::attach(const exec::OrderManager& orders, const exec::Portfolio& portfolio) {
    orders_ = &orders;
    portfolio_ = &portfolio;
}

void SessionRecorder::put(Record r) {
    if (writer_.submit(std::move(r), OnFull::drop).ok())
        ++submitted_;
    else
        ++dropped_;
}

Timestamp SessionRecorder::time_of(const nlohmann::json& fields) const {
    Timestamp t;
    auto it = fields.find("time");
    if (it != fields.end() && it->is_string() && try_parse_timestamp(it->get_ref<const std::string&>(), t))
        return t;
    return last_time_;
}

void SessionRecorder::order_event(OrderEventRecord r, bool movable) {
    auto [it, fresh] = last_order_event_.try_emplace(r.client_id, r.time, r.status);
    if (!fresh) {
        // A stop placed and tightened at the same data time: both rows kept, in order.
        if (movable && it->second.second == r.status && r.time <= it->second.first)
            r.time = it->second.first + std::chrono::nanoseconds(1);
        if (r.time >= it->second.first) it->second = {r.time, r.status};
    }
    put(std::move(r));
}

void SessionRecorder::position(Symbol s, Timestamp t) {
    if (!portfolio_) return;
    if (const auto* book = portfolio_->position(s)) put(PositionRecord{run_id_, book->as_position(), t});
}

void SessionRecorder::risk_event(Timestamp t, std::string kind, std::string symbol,
                                 std::optional<double> value, std::optional<double> limit,
                                 std::string detail) {
    put(RiskEventRecord{run_id_, t, std::move(kind), std::move(symbol), value, limit, std::move(detail)});
}

void SessionRecorder::on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& mo) {
    if (ev.kind != exec::BrokerEvent::Kind::fill) return;  // the audit record carries the others
    try {
        const Fill& f = ev.fill;
        last_time_ = f.time;
        order_event(OrderEventRecord{
            key(f.client_id), f.time, mo.status, mo.filled,
            fmt::format("fill {} {} @ {}", f.exec_id, f.quantity.to_string(), f.price.to_string())});
        Fill stored = f;
        stored.client_id = key(f.client_id);
        stored.exec_id = key(f.exec_id);
        put(FillRecord{run_id_, std::move(stored)});
        position(f.symbol, f.time);
    } catch (...) {
        ++dropped_;  // an allocation failure must not stop the engine
    }
}

void SessionRecorder::on_step(Timestamp t, const exec::Portfolio& portfolio, const engine::PreTradeGate&) {
    last_time_ = t;
    try {
        const auto& curve = portfolio.equity_curve();
        if (!curve.empty() && curve.back().time == t) {
            const auto& p = curve.back();
            put(EquityRecord{run_id_, t, p.cash, p.equity, std::nullopt, p.gross_exposure});
        } else {
            put(EquityRecord{run_id_, t, portfolio.cash(), portfolio.equity(), std::nullopt,
                             portfolio.gross_exposure()});
        }
    } catch (...) {
        ++dropped_;
    }
}

FeatureSubmissions submit_features(Writer& writer, const features::FeatureSnapshot& snap, OnFull on_full) {
    FeatureSubmissions n;
    const Bar& bar = snap.bar;
    const auto names = snap.features.names();
    const auto values = snap.features.values();
    for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
        if (!std::isfinite(values[i])) continue;  // warming up: no value yet
        if (writer.submit(FeatureRecord{bar.symbol, bar.timeframe, bar.start, names[i], values[i]}, on_full)
                .ok())
            ++n.accepted;
        else
            ++n.refused;
    }
    return n;
}

void SessionRecorder::on_features(const features::FeatureSnapshot& snap) {
    try {
        const auto n = submit_features(writer_, snap, features_on_full_);
        submitted_ += n.accepted;
        features_submitted_ += n.accepted;
        dropped_ += n.refused;
    } catch (...) {
        ++dropped_;
    }
}

void SessionRecorder::record(std::string_view kind, const nlohmann::json& fields) {
    try {
        if (kind == "order_created" || kind == "order_transition") {
            if (!orders_) return;
            const auto* mo = orders_->find(fields.value("client_id", std::string()));
            if (!mo) return;
            if (kind == "order_created") {
                Order o = mo->order;
                o.client_id = key(o.client_id);
                put(OrderRecord{run_id_, std::move(o), OrderStatus::created});
                return;
            }
            // Fills are recorded from the engine's event, once the filled quantity is known.
            if (mo->status == OrderStatus::filled || mo->status == OrderStatus::partially_filled) return;
            order_event(OrderEventRecord{key(mo->order.client_id), mo->updated, mo->status, mo->filled,
                                         fields.value("reason", std::string())});
        } else if (kind == "order_modified" || kind == "order_modify_rejected") {
            if (!orders_) return;
            const auto* mo = orders_->find(fields.value("client_id", std::string()));
            if (!mo) return;
            // "modified: quantity 100 stop 101.5"
            auto terms = [&](const std::string& prefix) {
                std::string s = "quantity " + fields.value(prefix + "quantity", std::string());
                for (const char* price : {"limit", "stop"})
                    if (fields.contains(prefix + price))
                        s += std::string(" ") + price + " " + fields.value(prefix + price, std::string());
                return s;
            };
            std::string detail = kind == "order_modified"
                                     ? "modified: " + terms("")
                                     : "modify rejected: " + fields.value("reason", std::string()) +
                                           " (kept " + terms("") + ")";
            order_event(OrderEventRecord{key(mo->order.client_id), mo->updated, mo->status, mo->filled,
                                         std::move(detail)},
                        true);
        } else if (kind == "risk_rejected") {
            const Timestamp t = time_of(fields);
            const std::string symbol = fields.value("symbol", std::string());
            auto v = fields.find("violations");
            if (v != fields.end() && v->is_array()) {
                // The risk gate's record: one row per limit broken, with its number and limit.
                for (const auto& x : *v) {
                    std::optional<double> value, limit;
                    if (x.contains("value") && x["value"].is_number()) value = x["value"].get<double>();
                    if (x.contains("limit") && x["limit"].is_number()) limit = x["limit"].get<double>();
                    std::string detail = x.value("message", std::string());
                    if (fields.contains("client_id"))
                        detail += " (order " + fields.value("client_id", std::string()) + ")";
                    risk_event(t, x.value("kind", std::string("violation")), x.value("symbol", symbol), value,
                               limit, std::move(detail));
                }
                refusal_detailed_ = true;
            } else {
                // The trader's one-line refusal: kept when no gate record detailed it (the
                // basic gate), skipped after the risk gate's own (a kill-switch trip may
                // come between the two).
                if (!refusal_detailed_)
                    risk_event(t, "order_refused", symbol, std::nullopt, std::nullopt,
                               fields.value("reason", std::string()));
                refusal_detailed_ = false;
            }
        } else if (kind == "kill_switch_tripped" || kind == "kill_switch_reset") {
            const Timestamp t = time_of(fields);
            const bool tripped = kind == "kill_switch_tripped";
            std::string reason = fields.value("reason", std::string());
            std::string by = tripped ? fields.value("trigger", std::string("unknown")) : "operator";
            risk_event(t, std::string(kind), {}, std::nullopt, std::nullopt,
                       tripped ? by + ": " + reason : reason);
            if (moves_kill_switch_)
                put(KillSwitchRecord{tripped, tripped ? reason : std::string(), t, run_id_ + " " + by});
        }
    } catch (...) {
        ++dropped_;  // a malformed record or an allocation failure must not stop the session
    }
}

bool SessionRecorder::finish(std::string status, nlohmann::json summary, Timestamp ended) {
    if (portfolio_)
        for (const auto& book : portfolio_->books()) {
            if (writer_.submit(PositionRecord{run_id_, book.as_position(), last_time_}, OnFull::block).ok())
                ++submitted_;
            else
                ++dropped_;
        }
    summary["recorder"] = {{"records", submitted_ + 1}, {"dropped", dropped_}};
    if (features_submitted_) summary["recorder"]["features"] = features_submitted_;
    bool ok =
        writer_.submit(RunEndRecord{run_id_, ended, std::move(status), summary.dump()}, OnFull::block).ok();
    if (ok)
        ++submitted_;
    else
        ++dropped_;
    return writer_.flush() && ok;
}

}  // namespace robo::store
