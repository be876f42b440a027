#include "robo/risk/risk_gate.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "robo/data/calendar.hpp"
#include "robo/log/compact_record.hpp"
#include "robo/log/log.hpp"
#include "robo/risk/notional.hpp"

namespace robo::risk {

namespace {
using V = Violation;
constexpr Duration kRateWindow = std::chrono::seconds(60);

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

// Open risk of a holding to its stop; without a stop, stop_loss_pct of its exposure.
// (mark - stop) * signed quantity is the loss if the stop is hit, for longs and shorts alike;
// a stop already beyond the mark carries no further risk.
Money open_risk(Price mark, Quantity qty, const std::optional<Price>& stop, double stop_loss_pct) {
    if (stop) {
        Money r = notional(mark - *stop, qty);
        return r.is_negative() ? Money{} : r;
    }
    return Money::from_double(notional(mark, qty).abs().to_double() * stop_loss_pct);
}

// The New York calendar day of an instant, as days since the epoch (the trading day).
int64_t ny_day(Timestamp t) {
    return std::chrono::sys_days(data::ExchangeCalendar::nyse().local_date(t)).time_since_epoch().count();
}

// How old a price may be at `now` before it is stale, in seconds (see risk_gate.hpp): for a
// bar, until the next bar is one interval overdue, the next bar coming with the next
// regular session when the market has closed in between.
double allowed_age(const MarketInfo& m, double max_quote_age) {
    if (m.interval <= Duration::zero()) return max_quote_age;
    const auto session = data::ExchangeCalendar::nyse().next_session(m.time);
    Timestamp next_due = m.time + m.interval;
    if (session) {
        if (m.interval >= std::chrono::days(1))
            next_due = session->close;  // the next session's daily bar
        else if (m.time < session->open)
            next_due = session->open + m.interval;  // the first bar of the next session
    }
    return seconds(next_due - m.time) + seconds(m.interval) + max_quote_age;
}

// a + b, inline when it cannot overflow; otherwise core's checked sum (which throws).
Money plus(Money a, Money b) {
    int64_t sum;
    if (__builtin_add_overflow(a.raw(), b.raw(), &sum)) return a + b;
    return Money::from_raw(sum);
}

bool is_exit(Quantity held, const Order& order) {
    if (held.is_zero()) return false;
    const bool reduces_long = held.is_positive() && order.side == Side::sell;
    const bool reduces_short = held.is_negative() && order.side == Side::buy;
    return (reduces_long || reduces_short) && order.quantity <= held.abs();
}
}  // namespace

MarketOpenFn nyse_regular_hours() {
    const data::ExchangeCalendar& calendar = data::ExchangeCalendar::nyse();
    return [&calendar](Timestamp t) { return calendar.is_regular_open(t); };
}

RiskGate::RiskGate(RiskLimits limits, SectorMap sectors, MarketOpenFn market_open, KillSwitch& kill_switch,
                   log::AuditSink& audit, const CorrelationTracker* tracker)
    : limits_(std::move(limits)),
      sectors_(std::move(sectors)),
      market_open_(std::move(market_open)),
      kill_switch_(kill_switch),
      audit_(audit),
      tracker_(tracker) {
    if (auto problem = limits_.validate(); !problem.empty()) throw std::invalid_argument(problem);
    if (!market_open_)
        throw std::invalid_argument("risk: the gate needs a market calendar (market_open callback)");
}

void RiskGate::set_multipliers(ContractMultipliers multipliers) {
    multipliers_ = std::move(multipliers);
    scaled_ = !multipliers_.trivial();
    holdings_.clear();  // their exposures and risks were measured with the old multipliers
    pass_.valid = false;
}

Money RiskGate::value(Symbol symbol, Price price, Quantity quantity) const {
    return notional(price, scaled_ ? contract_units(quantity, multipliers_.of(symbol)) : quantity);
}

RiskGate::SymbolInfo& RiskGate::info(Symbol symbol) const {
    if (last_info_ == nullptr || !same_symbol(symbol, last_symbol_)) {
        auto [info, inserted] = info_.try_emplace(symbol);
        if (inserted) info->sector = sectors_.sector_of(symbol);
        last_symbol_ = symbol;
        last_info_ = info;
    }
    SymbolInfo& s = *last_info_;
    // The tracker may learn a symbol after we first saw it.
    if (s.corr_index < 0 && tracker_)
        if (auto i = tracker_->index_of(symbol)) s.corr_index = *i;
    return s;
}

void RiskGate::update_market(Symbol symbol, Price last, Timestamp time, double average_volume,
                             Duration interval) {
    SymbolInfo& s = info(symbol);
    s.has_market = true;
    s.market = {last, time, average_volume, interval};
}

const MarketInfo* RiskGate::market(Symbol symbol) const {
    const SymbolInfo* info = info_.find(symbol);
    return info && info->has_market ? &info->market : nullptr;
}

void RiskGate::breaches(const PortfolioView& pf, std::vector<Violation>& out, Symbol symbol) const {
    const Money equity = pf.equity();
    const Money day_start = pf.day_start_equity();
    const Money peak = pf.equity_peak();
    auto make = [&](V::Kind k, double value, double limit) {
        V v;
        v.kind = k;
        v.value = value;
        v.limit = limit;
        v.symbol = symbol;
        out.push_back(v);
    };
    if (day_start.is_positive()) {
        const double loss = ratio(day_start - equity, day_start);
        if (loss > limits_.max_daily_loss_pct) make(V::DailyLoss, loss, limits_.max_daily_loss_pct);
    }
    if (peak.is_positive()) {
        const double dd = ratio(peak - equity, peak);
        if (dd > limits_.max_drawdown_pct) make(V::Drawdown, dd, limits_.max_drawdown_pct);
    }
}

RiskGate::Holding& RiskGate::remeasure(Holding& h, const PositionView& p) const {
    h.info = nullptr;  // not valid until measured (value() may throw)
    const Quantity units = scaled_ ? contract_units(p.quantity, multipliers_.of(p.symbol)) : p.quantity;
    h.exposure = value(p.symbol, p.mark, p.quantity).abs();
    h.risk = open_risk(p.mark, units, p.stop, limits_.stop_loss_pct);
    h.symbol = p.symbol;
    h.quantity = p.quantity;
    h.mark = p.mark;
    h.stop = p.stop;
    h.corr_self = -1;
    h.info = &info(p.symbol);
    return h;
}

const RiskGate::HoldingsPass& RiskGate::holdings_pass(Symbol symbol, const SymbolInfo& si,
                                                      std::span<const PositionView> positions) const {
    const int sector = si.sector;
    const int corr_self = tracker_ ? si.corr_index : -1;
    const uint64_t generation = tracker_ ? tracker_->generation() : 0;
    HoldingsPass& r = pass_;
    if (r.valid && r.count == positions.size() && same_symbol(r.symbol, symbol) && r.sector == sector &&
        r.corr_self == corr_self && r.generation == generation && holdings_unchanged(positions))
        return r;
    r = HoldingsPass{};  // invalid until the pass completes (value() may throw)
    if (holdings_.size() < positions.size()) holdings_.resize(positions.size());
    for (size_t k = 0; k < positions.size(); ++k) {
        const PositionView& p = positions[k];
        if (p.quantity.is_zero()) {
            holdings_[k].info = nullptr;
            continue;
        }
        ++r.open;
        Holding& h = holding(k, p);
        r.gross = plus(r.gross, h.exposure);
        if (same_symbol(p.symbol, symbol)) continue;  // replaced by the position after the order
        r.heat_others = plus(r.heat_others, h.risk);
        const SymbolInfo& pi = *h.info;
        if (pi.sector == sector) r.sector_others = plus(r.sector_others, h.exposure);
        if (corr_self >= 0 && pi.corr_index >= 0) {
            if (h.corr_self != corr_self || h.corr_generation != generation) {
                h.corr = tracker_->correlation(corr_self, pi.corr_index);
                h.corr_self = corr_self;
                h.corr_generation = generation;
            }
            const double c = h.corr;
            if (std::abs(c) > std::abs(r.worst_corr)) {  // NaN (unknown) never compares greater
                r.worst_corr = c;
                r.worst_with = p.symbol;
            }
        }
    }
    r.symbol = symbol;
    r.sector = sector;
    r.corr_self = corr_self;
    r.generation = generation;
    r.count = positions.size();
    r.valid = true;
    return r;
}

bool RiskGate::holdings_unchanged(std::span<const PositionView> positions) const {
    for (size_t k = 0; k < positions.size(); ++k) {
        const PositionView& p = positions[k];
        const Holding& h = holdings_[k];
        if (p.quantity.is_zero() ? h.info != nullptr : !measured(h, p)) return false;
    }
    return true;
}

Verdict RiskGate::evaluate(const Order& order, const PortfolioView& pf, Timestamp now) const {
    Verdict verdict;
    auto add = [&](V::Kind k, double value, double limit) -> Violation& {
        V v;
        v.kind = k;
        v.value = value;
        v.limit = limit;
        v.symbol = order.symbol;
        return verdict.add(v);
    };
    if (!order.validate().empty()) {
        add(V::InvalidOrder, 0, 0);
        return verdict;
    }
    const PositionView* pos = pf.find(order.symbol);
    const Quantity held = pos ? pos->quantity : Quantity{};
    const bool exit = is_exit(held, order);
    if (kill_switch_.tripped() && !(exit && limits_.allow_exits_when_tripped)) {
        add(V::KillSwitch, 1, 0);
        return verdict;
    }
    if (!market_open_(now)) add(V::MarketClosed, 0, 0);
    // Every order counts against the rate and the day's count; exits have an allowance
    // beyond both, so a position can be closed, but not an unbounded one. The rate is
    // measured only where the data is finer than its window (risk_gate.hpp).
    const SymbolInfo& si = info(order.symbol);
    const bool rate_applies = !si.has_market || si.market.interval < kRateWindow;
    auto order_counts = [&](int allowance) {
        int recent = 0;
        for (std::size_t i = 0; i < accepted_times_.size(); ++i) {
            const Timestamp t = accepted_times_.from_back(i);
            if (!(now - t < kRateWindow)) break;
            if (t <= now) ++recent;
        }
        if (rate_applies && recent + 1 > limits_.max_orders_per_minute + allowance)
            add(V::OrderRate, recent + 1, limits_.max_orders_per_minute + allowance);
        if (limits_.max_daily_trades > 0) {
            const int today = trade_day_ == ny_day(now) ? trades_today_ : 0;
            if (today + 1 > limits_.max_daily_trades + allowance)
                add(V::DailyTrades, today + 1, limits_.max_daily_trades + allowance);
        }
    };
    if (exit) {
        order_counts(limits_.exit_order_allowance);
        return verdict;
    }

    // --- market: a fresh price to measure the order with -------------------------------
    std::optional<Price> ref = order.limit;
    if (!si.has_market) {
        add(V::StalePrice, -1, limits_.max_quote_age_seconds);
    } else {
        const double age = seconds(now - si.market.time);
        const double max_age = allowed_age(si.market, limits_.max_quote_age_seconds);
        if (age > max_age) add(V::StalePrice, age, max_age);
        if (!ref) ref = si.market.last;
        if (si.market.average_volume < limits_.min_volume)
            add(V::MinVolume, si.market.average_volume, limits_.min_volume);
    }
    order_counts(0);
    if (!ref) return verdict;  // a market order with no price: nothing more can be measured
    const Price price = *ref;
    if (price < limits_.min_price) add(V::MinPrice, price.to_double(), limits_.min_price.to_double());

    // --- the account ---------------------------------------------------------------------
    const Money equity = pf.equity();
    if (!equity.is_positive()) {
        add(V::NoEquity, equity.to_double(), 0);
        return verdict;
    }
    {
        std::vector<Violation> b;
        breaches(pf, b, order.symbol);
        for (const auto& v : b) verdict.add(v);
    }

    // --- the order itself ----------------------------------------------------------------
    const Quantity signed_qty = order.side == Side::buy ? order.quantity : -order.quantity;
    const Quantity after = held + signed_qty;
    if (after.is_negative() && !limits_.short_selling) add(V::ShortSelling, after.to_double(), 0);
    const Money order_notional = value(order.symbol, price, order.quantity);
    // Open risk is measured on the units the contracts stand for.
    auto units = [this](Symbol s, Quantity q) { return scaled_ ? contract_units(q, multipliers_.of(s)) : q; };
    if (order_notional > limits_.max_order_notional)
        add(V::OrderNotional, order_notional.to_double(), limits_.max_order_notional.to_double());
    const Money day_notional = pf.daily_notional() + order_notional;
    if (day_notional > limits_.max_daily_notional)
        add(V::DailyNotional, day_notional.to_double(), limits_.max_daily_notional.to_double());

    // --- one pass over the holdings: exposure, sector, heat, correlation -----------------
    const int sector = si.sector;
    const HoldingsPass& pass = holdings_pass(order.symbol, si, pf.positions());
    Money gross = pass.gross, sector_others = pass.sector_others, heat_others = pass.heat_others;
    int open = pass.open;
    const double worst_corr = pass.worst_corr;
    const Symbol worst_with = pass.worst_with;
    // Entries already sent but not filled are positions in the making: a slice's
    // simultaneous entries must not each see the book as it was before all of them.
    for (const WorkingOrder& w : pf.working_orders()) {
        if (w.symbol == order.symbol || !w.remaining.is_positive()) continue;
        const PositionView* p = pf.find(w.symbol);
        const Quantity q = p ? p->quantity : Quantity{};
        if (!q.is_zero() && q.is_positive() != (w.side == Side::buy)) continue;  // an exit or a stop
        const MarketInfo* m = market(w.symbol);
        if (q.is_zero()) ++open;
        if (!m) continue;
        const Money exposure = value(w.symbol, m->last, w.remaining).abs();
        gross += exposure;
        if (info(w.symbol).sector == sector) sector_others += exposure;
    }
    const Money held_exposure = pos ? value(order.symbol, pos->mark, held).abs() : Money{};
    const Money exposure_after = value(order.symbol, price, after).abs();
    const Money gross_after = gross - held_exposure + exposure_after;

    const double position_share = ratio(exposure_after, equity);
    if (position_share > limits_.max_position_pct)
        add(V::PositionSize, position_share, limits_.max_position_pct);
    if (exposure_after > limits_.max_position_notional)
        add(V::PositionNotional, exposure_after.to_double(), limits_.max_position_notional.to_double());
    if (held.is_zero() && open + 1 > limits_.max_open_positions)
        add(V::OpenPositions, open + 1, limits_.max_open_positions);
    const Money added = gross_after - gross;
    const Money buying_power = pf.buying_power();
    if (added > buying_power) add(V::BuyingPower, added.to_double(), buying_power.to_double());
    const double leverage = ratio(gross_after, equity);
    if (leverage > limits_.max_leverage) add(V::Leverage, leverage, limits_.max_leverage);
    const double sector_share = ratio(sector_others + exposure_after, equity);
    if (sector_share > limits_.max_sector_exposure)
        add(V::SectorExposure, sector_share, limits_.max_sector_exposure).set_sector(sectors_.name(sector));
    std::optional<Price> stop = order.protective_stop;
    if (!stop && pos) stop = pos->stop;
    const Money heat_after =
        heat_others + open_risk(price, units(order.symbol, after), stop, limits_.stop_loss_pct);
    const double heat = ratio(heat_after, equity);
    if (heat > limits_.max_portfolio_heat) add(V::PortfolioHeat, heat, limits_.max_portfolio_heat);
    if (std::abs(worst_corr) > limits_.correlation_limit)
        add(V::Correlation, worst_corr, limits_.correlation_limit).other = worst_with;
    return verdict;
}

Verdict RiskGate::check(const Order& order, const PortfolioView& pf, Timestamp now) {
    while (!accepted_times_.empty() && now - accepted_times_.front() >= kRateWindow)
        accepted_times_.pop_front();
    Verdict verdict = evaluate(order, pf, now);
    if (verdict.accepted()) {
        accepted_times_.push_back(now);
        if (limits_.max_daily_trades > 0) {
            const int64_t day = ny_day(now);
            if (day != trade_day_) trade_day_ = day, trades_today_ = 0;
            ++trades_today_;
        }
    }
    audit_verdict(order, verdict, now);
    if (verdict.rejected() && verdict.violation().kind != V::KillSwitch) {
        // A breach of the account itself stops trading at once; other rejections count.
        monitor(pf, now);
        if (counts_towards_kill_switch(verdict, now))
            kill_switch_.record_violation(to_string(verdict.violation().kind), now);
    }
    return verdict;
}

bool RiskGate::counts_towards_kill_switch(const Verdict& verdict, Timestamp now) {
    const bool only_stale = std::all_of(verdict.violations().begin(), verdict.violations().end(),
                                        [](const V& v) { return v.kind == V::StalePrice; });
    if (only_stale || last_counted_ == now) return false;
    last_counted_ = now;
    return true;
}

std::vector<Violation> RiskGate::monitor(const PortfolioView& pf, Timestamp now) {
    std::vector<Violation> out;
    const Symbol none;
    breaches(pf, out, none);
    const Money equity = pf.equity();
    Money gross;
    for (const auto& p : pf.positions()) gross += value(p.symbol, p.mark, p.quantity).abs();
    if (equity.is_positive()) {
        const double lev = ratio(gross, equity);
        if (lev > limits_.max_leverage) {
            V v;
            v.kind = V::Leverage;
            v.value = lev;
            v.limit = limits_.max_leverage;
            out.push_back(v);
        }
    } else if (!gross.is_zero() || !equity.is_zero()) {
        V v;
        v.kind = V::NoEquity;
        v.value = equity.to_double();
        out.push_back(v);
    }
    if (!out.empty() && !kill_switch_.tripped()) {
        const V& first = out.front();
        kill_switch_.trip(to_string(first.kind), first.describe(), now);
    }
    return out;
}

// The record's values are copied as they are; the audit trail renders them (time as
// format_iso_micros, quantity and limit as Decimal::to_string()) off the engine thread.
namespace {
// A rejection's violations, rendered with their messages on the audit trail's writer thread
// (formatting them was most of a rejection's cost on the engine thread).
class ViolationsJson final : public log::DeferredJson {
public:
    explicit ViolationsJson(const std::vector<Violation>& violations) : violations_(violations) {}
    nlohmann::json render() const override {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& v : violations_) list.push_back(v.to_json());
        return list;
    }

private:
    std::vector<Violation> violations_;
};
}  // namespace

void RiskGate::audit_verdict(const Order& order, const Verdict& verdict, Timestamp now) {
    log::CompactRecord record =
        verdict.accepted() ? log::CompactRecord("risk_accepted") : log::CompactRecord("risk_rejected");
    record.text("client_id", order.client_id)
        .text("symbol", order.symbol.view())
        .text("side", to_string(order.side))
        .text("type", to_string(order.type))
        .decimal("quantity", order.quantity)
        .text("strategy", order.strategy)
        .time("time", now);
    if (order.limit) record.decimal("limit", *order.limit);
    if (verdict.rejected())
        record.deferred("violations", std::make_shared<ViolationsJson>(verdict.violations()));
    audit_.record(record);
}

EmergencyActions RiskGate::emergency_actions(const PortfolioView& pf, Timestamp now) const {
    EmergencyActions actions;
    if (!kill_switch_.tripped()) return actions;
    for (const auto& w : pf.working_orders()) actions.cancel.push_back(w.client_id);
    if (!limits_.flatten_on_trip) return actions;
    for (const auto& p : pf.positions()) {
        if (p.quantity.is_zero()) continue;
        Order o;
        o.client_id = fmt::format("flatten-{}-{}", p.symbol.view(), unix_nanos(now));
        o.symbol = p.symbol;
        o.side = p.quantity.is_positive() ? Side::sell : Side::buy;
        o.type = OrderType::market;
        o.quantity = p.quantity.abs();
        o.created = now;
        o.strategy = "kill_switch";
        actions.flatten.push_back(std::move(o));
    }
    return actions;
}

RiskSnapshot RiskGate::snapshot(const PortfolioView& pf, Timestamp now) const {
    RiskSnapshot s;
    s.time = now;
    s.equity = pf.equity();
    s.cash = pf.cash();
    s.daily_notional = pf.daily_notional();
    std::vector<Money> by_sector(static_cast<size_t>(sectors_.sector_count()));
    std::vector<Symbol> held;
    std::vector<std::pair<Symbol, double>> weights;
    for (const auto& p : pf.positions()) {
        if (p.quantity.is_zero()) continue;
        ++s.open_positions;
        const Money worth = value(p.symbol, p.mark, p.quantity);
        s.gross_exposure += worth.abs();
        s.net_exposure += worth;
        s.heat +=
            open_risk(p.mark, scaled_ ? contract_units(p.quantity, multipliers_.of(p.symbol)) : p.quantity,
                      p.stop, limits_.stop_loss_pct);
        by_sector[static_cast<size_t>(info(p.symbol).sector)] += worth.abs();
        held.push_back(p.symbol);
        weights.emplace_back(p.symbol, worth.abs().to_double());
    }
    const bool has_equity = s.equity.is_positive();
    s.leverage = has_equity ? ratio(s.gross_exposure, s.equity) : NAN;
    s.heat_pct = has_equity ? ratio(s.heat, s.equity) : NAN;
    const Money peak = pf.equity_peak(), day_start = pf.day_start_equity();
    s.drawdown_pct = peak.is_positive() ? ratio(peak - s.equity, peak) : 0;
    s.daily_pnl = s.equity - day_start;
    s.daily_pnl_pct = day_start.is_positive() ? ratio(s.daily_pnl, day_start) : 0;
    for (size_t i = 0; i < by_sector.size(); ++i)
        if (!by_sector[i].is_zero())
            s.sectors.push_back({sectors_.name(static_cast<int>(i)), by_sector[i],
                                 has_equity ? ratio(by_sector[i], s.equity) : NAN});
    std::sort(s.sectors.begin(), s.sectors.end(),
              [](const auto& a, const auto& b) { return a.gross > b.gross; });
    if (tracker_) {
        s.effective_bets = held.empty() ? 0 : tracker_->effective_bets(held);
        s.average_correlation = tracker_->weighted_average_correlation(weights);
    } else {
        s.effective_bets = NAN;
        s.average_correlation = NAN;
    }
    s.kill_switch_tripped = kill_switch_.tripped();
    s.kill_switch_trigger = kill_switch_.state().trigger;
    s.kill_switch_reason = kill_switch_.state().reason;
    s.violations_in_window = kill_switch_.violations_in_window(now);
    return s;
}

RiskSnapshot RiskGate::log_snapshot(const PortfolioView& pf, Timestamp now) const {
    RiskSnapshot s = snapshot(pf, now);
    log::info("risk", "risk_snapshot", s.to_json());
    return s;
}

nlohmann::json RiskSnapshot::to_json() const {
    auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
    nlohmann::json sectors_json = nlohmann::json::array();
    for (const auto& e : sectors)
        sectors_json.push_back(
            {{"sector", e.sector}, {"gross", e.gross.to_string(2)}, {"share", num(e.share)}});
    return {{"time", format_iso_micros(time)},
            {"equity", equity.to_string(2)},
            {"cash", cash.to_string(2)},
            {"gross_exposure", gross_exposure.to_string(2)},
            {"net_exposure", net_exposure.to_string(2)},
            {"leverage", num(leverage)},
            {"heat", heat.to_string(2)},
            {"heat_pct", num(heat_pct)},
            {"drawdown_pct", num(drawdown_pct)},
            {"daily_pnl", daily_pnl.to_string(2)},
            {"daily_pnl_pct", num(daily_pnl_pct)},
            {"daily_notional", daily_notional.to_string(2)},
            {"open_positions", open_positions},
            {"sectors", sectors_json},
            {"effective_bets", num(effective_bets)},
            {"average_correlation", num(average_correlation)},
            {"kill_switch",
             {{"tripped", kill_switch_tripped},
              {"trigger", kill_switch_trigger},
              {"reason", kill_switch_reason},
              {"violations_in_window", violations_in_window}}}};
}

}  // namespace robo::risk
