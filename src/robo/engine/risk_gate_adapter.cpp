#include "robo/engine/risk_gate_adapter.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "robo/data/calendar.hpp"

namespace robo::engine {

namespace {
int64_t ny_day(Timestamp t) {
    return std::chrono::sys_days(data::ExchangeCalendar::nyse().local_date(t)).time_since_epoch().count();
}
}  // namespace

// The ledger and the order manager as the risk gate sees them. Rebuilt before each use
// in which the ledger or the orders may have changed (their generations): positions change
// on fills and marks on every event, but the checks of one slice's orders and the monitor
// before them see the same books.
class RiskGateAdapter::View final : public risk::PortfolioView {
public:
    View(const exec::Portfolio& p, const exec::OrderManager& o, double leverage)
        : p_(p), o_(o), leverage_(leverage) {}

    void refresh() {
        const Seen now{p_.generation(), o_.generation()};
        if (seen_ && *seen_ == now) return;
        seen_ = now;
        positions_.clear();
        for (const auto& b : p_.books()) {
            if (b.flat()) continue;
            risk::PositionView v;
            v.symbol = b.symbol;
            v.quantity = b.quantity;
            v.average_cost = b.average_cost().value_or(Price{});
            v.mark = b.mark;
            auto stop = stops_.find(b.symbol);
            if (stop != stops_.end()) v.stop = stop->second;
            positions_.push_back(v);
        }
        working_.clear();
        for (const auto* mo : o_.working()) {
            working_.push_back({mo->order.client_id, mo->order.symbol, mo->order.side, mo->remaining()});
            if (mo->order.type == OrderType::stop && mo->order.stop)
                stops_[mo->order.symbol] = *mo->order.stop;
        }
    }
    void roll_day(Money equity) {
        day_start_ = equity;
        daily_notional_ = Money{};
    }
    void add_notional(Money m) { daily_notional_ += m; }
    void observe_equity(Money e) {
        if (e > peak_) peak_ = e;
    }
    void forget_stop(Symbol s) {
        stops_.erase(s);
        seen_.reset();  // the positions' stops are rebuilt at the next refresh
    }

    std::span<const risk::PositionView> positions() const override { return positions_; }
    std::span<const risk::WorkingOrder> working_orders() const override { return working_; }
    Money cash() const override { return p_.cash(); }
    Money equity() const override { return p_.equity(); }
    Money equity_peak() const override { return std::max(peak_, p_.equity()); }
    Money day_start_equity() const override { return day_start_; }
    Money daily_notional() const override { return daily_notional_; }
    Money buying_power() const override {
        return risk::buying_power(p_.equity(), p_.gross_exposure(), leverage_);
    }

private:
    const exec::Portfolio& p_;
    const exec::OrderManager& o_;
    double leverage_;
    std::vector<risk::PositionView> positions_;
    std::vector<risk::WorkingOrder> working_;
    std::unordered_map<Symbol, Price> stops_;
    Money peak_, day_start_, daily_notional_;
    using Seen = std::pair<uint64_t, uint64_t>;  // the ledger's and the orders' generations
    std::optional<Seen> seen_;                   // at the last refresh
};

int64_t RiskGateAdapter::day_of(Timestamp t) {
    if (t != day_asked_) {
        day_asked_ = t;
        day_answer_ = ny_day(t);
    }
    return day_answer_;
}

RiskGateAdapter::RiskGateAdapter(RiskGateOptions options, const exec::Portfolio& portfolio,
                                 const exec::OrderManager& orders, log::AuditSink& audit)
    : options_(std::move(options)), portfolio_(portfolio), orders_(orders) {
    if (auto problem = options_.limits.validate(); !problem.empty()) throw std::invalid_argument(problem);
    view_ = std::make_unique<View>(portfolio_, orders_, options_.limits.max_leverage);
    view_->roll_day(portfolio_.equity());
    view_->observe_equity(portfolio_.equity());
    risk::KillSwitchOptions ks;
    ks.violations = options_.limits.kill_switch_violations;
    ks.window = std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(options_.limits.kill_switch_window_seconds));
    // A backtest or a replay keeps its switch in memory: it must never trip (or be blocked
    // by) the operator's persisted one. A session through a broker is given that file.
    ks.state_file = options_.kill_switch_file;
    ks.routine = options_.routine_kill_switch;
    if (!ks.state_file.empty() && options_.reset_kill_switch_daily)
        throw std::invalid_argument(
            "the operator's persisted kill switch is reset only by an operator, never daily by a session");
    kill_switch_ = std::make_unique<risk::KillSwitch>(ks, audit);
    // Tripped before the session (the operator's file): not a trip of this session.
    was_tripped_ = kill_switch_->tripped();
    if (options_.track_correlation) tracker_ = std::make_unique<risk::CorrelationTracker>();
    risk::MarketOpenFn open = options_.check_market_hours
                                  ? risk::nyse_regular_hours()
                                  : risk::MarketOpenFn([](Timestamp) { return true; });
    gate_ = std::make_unique<risk::RiskGate>(options_.limits, options_.sectors, std::move(open),
                                             *kill_switch_, audit, tracker_.get());
    gate_->set_multipliers(options_.multipliers);
}

RiskGateAdapter::~RiskGateAdapter() = default;

void RiskGateAdapter::roll_day(Timestamp now) {
    const int64_t day = day_of(now);
    if (day_ != day) {
        day_ = day;
        view_->roll_day(portfolio_.equity());
        if (options_.reset_kill_switch_daily && kill_switch_->tripped()) {
            kill_switch_->reset("no operator in a simulated session: reset at the next New York day", now);
            was_tripped_ = false;
            ++resets_;
        }
    }
}

Verdict RiskGateAdapter::check(const GateInput& in) {
    roll_day(in.now);
    view_->refresh();
    risk::Verdict v = gate_->check(in.order, *view_, in.now);
    if (v.accepted()) return Verdict::accept();
    ++tally_.refusals;
    tally_.multi_kind += v.violations().size() > 1;
    for (const auto& violation : v.violations())
        ++tally_.by_kind[std::string(risk::to_string(violation.kind))];
    return Verdict::refuse(v.violation().describe());
}

std::string RiskGateAdapter::kill_switch_state() const {
    const auto& st = kill_switch_->state();
    std::string s = st.tripped ? "tripped: " + st.trigger + " (" + st.reason + ")" : "armed";
    if (tally_.trips > 0) s += ", tripped " + std::to_string(tally_.trips) + " time(s) in this session";
    if (resets_ > 0)
        s += ", reset " + std::to_string(resets_) +
             " time(s) at the next New York day in data time (no operator in a simulated session)";
    return s;
}

bool RiskGateAdapter::sync_kill_switch(Timestamp now) {
    const auto change = kill_switch_->sync(now);
    if (change == risk::KillSwitchChange::reset) was_tripped_ = false;
    return change != risk::KillSwitchChange::none;
}

void RiskGateAdapter::on_fill(const Fill& fill) {
    view_->add_notional(fill.price * contract_units(fill.quantity, options_.multipliers.of(fill.symbol)));
    if (portfolio_.quantity(fill.symbol).is_zero()) view_->forget_stop(fill.symbol);
}

void RiskGateAdapter::on_data(Symbol symbol, Price mark, Quantity volume, Timestamp now, Duration interval) {
    DailyVolume& v = volume_[symbol];
    v.add(day_of(now), volume.to_double());
    gate_->update_market(symbol, mark, now, v.average(), interval);
    if (tracker_) tracker_->on_close(symbol, now, mark.to_double());
}

void RiskGateAdapter::monitor(Timestamp now) {
    view_->observe_equity(portfolio_.equity());
    if (tracker_) tracker_->flush();
    view_->refresh();
    gate_->monitor(*view_, now);
}

bool RiskGateAdapter::take_trip() {
    bool tripped = kill_switch_->tripped();
    bool news = tripped && !was_tripped_;
    was_tripped_ = tripped;
    if (news) {
        ++tally_.trips;
        ++tally_.trips_by_trigger[kill_switch_->state().trigger];
    }
    return news;
}

nlohmann::json RiskGateAdapter::limits_json() const {
    nlohmann::json j = risk::gate_limits_json(gate_->limits());
    j["gate"] = "risk";
    j["market_hours_checked"] = options_.check_market_hours;
    j["correlation_tracked"] = options_.track_correlation;
    return j;
}

std::string RiskGateAdapter::operator_trip(const std::string& reason, Timestamp now) {
    kill_switch_->trip("operator", reason.empty() ? "operator trip" : reason, now);
    return {};
}

std::string RiskGateAdapter::system_trip(std::string_view trigger, const std::string& reason, Timestamp now) {
    kill_switch_->trip(trigger, reason, now);
    return {};
}

std::string RiskGateAdapter::operator_reset(const std::string& reason, Timestamp now) {
    try {
        kill_switch_->reset(reason, now);
    } catch (const std::exception& e) {
        return e.what();
    }
    was_tripped_ = false;
    return {};
}

nlohmann::json RiskGateAdapter::risk_json(Timestamp now) const {
    auto snap = snapshot(now);
    auto j = snap.to_json();
    const auto& limits = gate_->limits();
    j["heat"] = snap.heat_pct;
    j["heat_limit"] = limits.max_portfolio_heat;
    j["max_leverage"] = limits.max_leverage;
    j["daily_loss_limit_pct"] = limits.max_daily_loss_pct;
    j["kill_switch_tripped"] = snap.kill_switch_tripped;
    j["kill_switch_reason"] = snap.kill_switch_reason;
    return j;
}

risk::RiskSnapshot RiskGateAdapter::snapshot(Timestamp now) const {
    view_->refresh();
    return gate_->snapshot(*view_, now);
}

}  // namespace robo::engine
