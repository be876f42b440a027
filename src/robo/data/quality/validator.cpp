#include "robo/data/quality/validator.hpp"

#include <algorithm>
#include <cmath>

namespace robo::data::quality {

namespace {
using namespace std::chrono;

Action worse(Action a, Action b) noexcept { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

double seconds_of(Duration d) { return duration<double>(d).count(); }
}  // namespace

Validator::Validator(QualityRules rules, FindingLog* log) : rules_(rules) {
    if (log == nullptr) {
        own_log_ = std::make_unique<FindingLog>();
        log = own_log_.get();
    }
    log_ = log;
}

Validator::SymbolState& Validator::state(const Symbol& s) {
    if (cached_state_ != nullptr && *cached_symbol_ == s) return *cached_state_;
    auto it = symbols_.try_emplace(s).first;  // node-based: pointers stay valid
    cached_symbol_ = &it->first;
    cached_state_ = &it->second;
    return it->second;
}

SeriesCounts Validator::counts(const Symbol& symbol) const {
    auto it = symbols_.find(symbol);
    return it == symbols_.end() ? SeriesCounts{} : it->second.counts;
}

void Validator::record(Check c, Action a, const Symbol& s, Timestamp t, int64_t index, double value,
                       double expected) {
    log_->add(Finding{c, a, s, t, index, value, expected});
}

// Future and stale arrivals; returns false when the record must be quarantined.
bool Validator::time_checks(const Symbol& s, Timestamp t, Timestamp now, int64_t index, Action& worst) {
    if (t > now + rules_.future_tolerance) {
        record(Check::future_timestamp, Action::quarantined, s, t, index, seconds_of(t - now),
               seconds_of(rules_.future_tolerance));
        worst = Action::quarantined;
        return false;
    }
    if (rules_.stale_after > Duration::zero() && t < now - rules_.stale_after) {
        record(Check::stale, Action::flagged, s, t, index, seconds_of(now - t),
               seconds_of(rules_.stale_after));
        worst = worse(worst, Action::flagged);
    }
    return true;
}

Action Validator::check(const Tick& tick, Timestamp now) {
    auto& sym = state(tick.symbol);
    if (!sym.tick)
        sym.tick =
            std::make_unique<TickState>(TickState{false, {}, {}, {}, RobustBand(rules_.tick_outliers), 0});
    auto& st = *sym.tick;
    const int64_t index = st.n++;
    Action worst = Action::passed;
    auto quarantine = [&](Check c, double value, double expected) {
        record(c, Action::quarantined, tick.symbol, tick.time, index, value, expected);
        worst = Action::quarantined;
    };

    const double px = tick.price.to_double();
    if (tick.price.raw() <= 0)
        quarantine(Check::non_positive_price, px, 0);
    else if (px > rules_.max_price)
        quarantine(Check::absurd_price, px, rules_.max_price);
    if (tick.size.raw() <= 0)
        quarantine(Check::non_positive_size, tick.size.to_double(), 0);
    else if (tick.size.to_double() > rules_.max_size)
        quarantine(Check::absurd_size, tick.size.to_double(), rules_.max_size);
    if (worst == Action::quarantined) return sym.counts.add(worst), worst;

    time_checks(tick.symbol, tick.time, now, index, worst);
    if (worst != Action::quarantined && st.any) {
        if (tick.time < st.time) {
            quarantine(Check::out_of_order, seconds_of(tick.time - st.time), 0);
        } else if (tick.time == st.time && tick.price == st.price && tick.size == st.size) {
            quarantine(Check::duplicate, px, st.price.to_double());
        }
    }
    if (worst != Action::quarantined) {
        if (st.any && tick.time - st.time > rules_.session_break) st.band.rebase(px);
        const auto v = st.band.observe(px);
        if (v.outlier) {
            record(Check::outlier, rules_.outlier_action, tick.symbol, tick.time, index, px, v.center);
            worst = worse(worst, rules_.outlier_action);
        }
    }
    if (worst != Action::quarantined) {
        st.any = true;
        st.time = tick.time;
        st.price = tick.price;
        st.size = tick.size;
    }
    sym.counts.add(worst);
    return worst;
}

Action Validator::check(const Quote& q, Timestamp now) {
    auto& sym = state(q.symbol);
    if (!sym.quote)
        sym.quote = std::make_unique<QuoteState>(QuoteState{false, {}, RobustBand(rules_.tick_outliers), 0});
    auto& st = *sym.quote;
    const int64_t index = st.n++;
    Action worst = Action::passed;
    auto quarantine = [&](Check c, double value, double expected) {
        record(c, Action::quarantined, q.symbol, q.time, index, value, expected);
        worst = Action::quarantined;
    };

    const double bid = q.bid.to_double(), ask = q.ask.to_double();
    if (q.bid.raw() <= 0) quarantine(Check::non_positive_price, bid, 0);
    if (q.ask.raw() <= 0) quarantine(Check::non_positive_price, ask, 0);
    if (std::max(bid, ask) > rules_.max_price)
        quarantine(Check::absurd_price, std::max(bid, ask), rules_.max_price);
    if (q.bid_size.raw() < 0 || q.ask_size.raw() < 0)
        quarantine(Check::non_positive_size, std::min(q.bid_size.to_double(), q.ask_size.to_double()), 0);
    if (std::max(q.bid_size.to_double(), q.ask_size.to_double()) > rules_.max_size)
        quarantine(Check::absurd_size, std::max(q.bid_size.to_double(), q.ask_size.to_double()),
                   rules_.max_size);
    if (worst == Action::quarantined) return sym.counts.add(worst), worst;

    if (q.bid > q.ask)
        quarantine(Check::crossed_quote, bid, ask);
    else if (q.bid == q.ask) {
        record(Check::locked_quote, Action::flagged, q.symbol, q.time, index, bid, ask);
        worst = Action::flagged;
    }
    if (worst != Action::quarantined) time_checks(q.symbol, q.time, now, index, worst);
    if (worst != Action::quarantined && st.any) {
        if (q.time < st.last.time) {
            quarantine(Check::out_of_order, seconds_of(q.time - st.last.time), 0);
        } else if (q.time == st.last.time && q.bid == st.last.bid && q.ask == st.last.ask &&
                   q.bid_size == st.last.bid_size && q.ask_size == st.last.ask_size) {
            quarantine(Check::duplicate, bid, st.last.bid.to_double());
        }
    }
    if (worst != Action::quarantined) {
        const double mid = 0.5 * (bid + ask);
        if (st.any && q.time - st.last.time > rules_.session_break) st.band.rebase(mid);
        const auto v = st.band.observe(mid);
        if (v.outlier) {
            record(Check::outlier, rules_.outlier_action, q.symbol, q.time, index, mid, v.center);
            worst = worse(worst, rules_.outlier_action);
        }
    }
    if (worst != Action::quarantined) {
        st.any = true;
        st.last = q;
    }
    sym.counts.add(worst);
    return worst;
}

// Bar starts the cadence expected strictly between prev and bar, that are missing.
int64_t Validator::missing_bars(const Bar& prev, const Bar& bar) const {
    if (bar.timeframe == Timeframe::day || bar.timeframe == Timeframe::session) {
        if (rules_.calendar == nullptr) return 0;
        // Daily bars carry their trading date, stamped at 00:00 New York (data/files) or
        // 00:00 UTC: either way the UTC date is the trading date.
        return rules_.calendar->trading_days_between(floor<days>(prev.start), floor<days>(bar.start));
    }
    const Duration cadence = seconds{timeframe_seconds(bar.timeframe)};
    const Timestamp lo = prev.start + cadence, hi = bar.start;
    if (hi <= lo) return 0;
    if (rules_.calendar == nullptr) {
        // Unknown market: a long silence is the market being closed (night, weekend, lunch
        // break), a short one is missing bars.
        if (bar.start - prev.start > rules_.session_break) return 0;
        return (hi - lo) / cadence;
    }
    // Count cadence slots, aligned to each session's open, inside regular sessions in [lo, hi).
    int64_t n = 0;
    for (auto s = rules_.calendar->next_session(lo); s && s->open < hi;
         s = rules_.calendar->next_session(s->close)) {
        const Timestamp a = std::max(lo, s->open), b = std::min(hi, s->close);
        if (b <= a) continue;
        const auto first = (a - s->open + cadence - Duration{1}) / cadence;
        const auto end = (b - s->open + cadence - Duration{1}) / cadence;
        n += end - first;
    }
    return n;
}

void Validator::rebase_for_split(const Bar& bar, double ratio) {
    auto& slot = state(bar.symbol).bars[static_cast<size_t>(bar.timeframe)];
    if (!slot)
        slot = std::make_unique<BarState>(BarState{false, false, {}, {}, RobustBand(rules_.bar_outliers), 0});
    auto& st = *slot;
    ++st.n;
    if (ratio > 0) st.band.rescale(1.0 / ratio);
    st.seen_any = true;
    st.seen = bar.start;
    st.last = bar;
}

Action Validator::check(const Bar& bar, Timestamp now) {
    auto& sym = state(bar.symbol);
    auto& slot = sym.bars[static_cast<size_t>(bar.timeframe)];
    if (!slot)
        slot = std::make_unique<BarState>(BarState{false, false, {}, {}, RobustBand(rules_.bar_outliers), 0});
    auto& st = *slot;
    const int64_t index = st.n++;
    Action worst = Action::passed;
    auto quarantine = [&](Check c, double value, double expected) {
        record(c, Action::quarantined, bar.symbol, bar.start, index, value, expected);
        worst = Action::quarantined;
    };

    // Time first: a bar whose time is wrong says nothing about missing bars.
    time_checks(bar.symbol, bar.start, now, index, worst);
    if (worst != Action::quarantined && st.seen_any) {
        if (bar.start < st.seen)
            quarantine(Check::out_of_order, seconds_of(bar.start - st.seen), 0);
        else if (bar.start == st.seen)
            quarantine(Check::duplicate, bar.close.to_double(), st.last.close.to_double());
    }
    if (worst == Action::quarantined) return sym.counts.add(worst), worst;

    // A bar quarantined below for its values still fills its slot in time: the gap check runs
    // against the last well-timed bar, so a bad bar is reported once, not also as a hole.
    if (rules_.check_gaps && st.seen_any) {
        Bar prev = st.last;
        prev.start = st.seen;
        if (const auto missing = missing_bars(prev, bar); missing > 0) {
            record(Check::gap, Action::flagged, bar.symbol, st.seen, index, static_cast<double>(missing), 0);
            last_gap_ = Finding{
                Check::gap, Action::flagged, bar.symbol, st.seen, index, static_cast<double>(missing), 0};
            ++gaps_seen_;
            ++sym.counts.gaps;
        }
    }
    st.seen_any = true;
    st.seen = bar.start;

    const double o = bar.open.to_double(), h = bar.high.to_double(), l = bar.low.to_double(),
                 c = bar.close.to_double();
    const double lowest = std::min({o, h, l, c}), highest = std::max({o, h, l, c});
    if (lowest <= 0)
        quarantine(Check::non_positive_price, lowest, 0);
    else if (highest > rules_.max_price)
        quarantine(Check::absurd_price, highest, rules_.max_price);
    if (bar.volume.raw() < 0) quarantine(Check::non_positive_size, bar.volume.to_double(), 0);
    if (worst != Action::quarantined) {
        // value: the offending low (or high); expected: the bound it broke.
        if (l > std::min(o, c))
            quarantine(Check::ohlc_inconsistent, l, std::min(o, c));
        else if (h < std::max(o, c))
            quarantine(Check::ohlc_inconsistent, h, std::max(o, c));
    }
    if (worst == Action::quarantined) return sym.counts.add(worst), worst;

    const bool daily = bar.timeframe == Timeframe::day || bar.timeframe == Timeframe::session;
    bool in_session = true;
    if (rules_.calendar != nullptr) {
        in_session = daily ? rules_.calendar->is_trading_day(year_month_day{floor<days>(bar.start)})
                           : rules_.calendar->is_regular_open(bar.start);
        const bool outside = daily ? !in_session : !rules_.calendar->is_extended_open(bar.start);
        if (outside && rules_.outside_session_action == Action::quarantined &&
            rules_.calendar->covers(year_month_day{floor<days>(bar.start)})) {
            quarantine(Check::outside_session, 0, 0);
            return sym.counts.add(worst), worst;
        }
        if (outside) {
            record(Check::outside_session, Action::flagged, bar.symbol, bar.start, index, 0, 0);
            worst = worse(worst, Action::flagged);
        }
    }
    if (bar.volume.raw() > 0)
        st.has_volume = true;
    else if (st.has_volume && in_session && !bar.partial) {
        record(Check::zero_volume, Action::flagged, bar.symbol, bar.start, index, 0, 1);
        worst = worse(worst, Action::flagged);
    }
    if (st.seen_any && bar.start - st.last.start > rules_.session_break && !daily) st.band.rebase(c);
    const auto v = st.band.observe(c);
    if (v.outlier) {
        record(Check::outlier, rules_.outlier_action, bar.symbol, bar.start, index, c, v.center);
        worst = worse(worst, rules_.outlier_action);
    }
    if (worst != Action::quarantined) st.last = bar;
    sym.counts.add(worst);
    return worst;
}

}  // namespace robo::data::quality
