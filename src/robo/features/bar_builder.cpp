#include "robo/features/bar_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace robo::features {

namespace {
constexpr int64_t kSecond = 1'000'000'000LL;

bool is_fixed(Timeframe tf) { return tf != Timeframe::day && tf != Timeframe::session; }

std::string where(const Symbol& s, Timestamp t) {
    return fmt::format("bar builder {} at {}", s.view(), format_iso_micros(t));
}
}  // namespace

BarBuilder::BarBuilder(Symbol symbol, BarBuilderConfig config, OnBar on_bar)
    : symbol_(symbol), config_(std::move(config)), on_bar_(std::move(on_bar)) {
    if (!on_bar_) throw std::invalid_argument("bar builder: on_bar callback is empty");
    if (!config_.session_hours) throw std::invalid_argument("bar builder: session_hours callback is empty");
    auto tfs = config_.timeframes;
    std::sort(tfs.begin(), tfs.end());  // finer first: closes are emitted fine to coarse
    tfs.erase(std::unique(tfs.begin(), tfs.end()), tfs.end());
    for (Timeframe tf : tfs) slots_.push_back(Slot{tf, false, Bar{}, Timestamp{}});
}

void BarBuilder::add_tick(const Tick& tick) {
    if (tick.symbol != symbol_)
        throw std::invalid_argument(fmt::format("{}: tick for {} refused (builder is for {})",
                                                where(symbol_, tick.time), tick.symbol.view(),
                                                symbol_.view()));
    if (tick.price.raw() <= 0 || tick.size.raw() < 0)
        throw std::invalid_argument(
            fmt::format("{}: tick price must be > 0 and size >= 0, found {} x {} (refused)",
                        where(symbol_, tick.time), tick.price.to_string(), tick.size.to_string()));
    add(Input{tick.time, tick.price, tick.price, tick.price, tick.price, tick.size, tick.time});
}

void BarBuilder::add_bar(const Bar& b) {
    const std::string at = where(symbol_, b.start);
    if (b.symbol != symbol_)
        throw std::invalid_argument(
            fmt::format("{}: bar for {} refused (builder is for {})", at, b.symbol.view(), symbol_.view()));
    if (!is_fixed(b.timeframe))
        throw std::invalid_argument(fmt::format(
            "{}: expected an intraday bar (1s to 1h), found a {} bar (refused)", at, to_string(b.timeframe)));
    for (const Slot& s : slots_)
        if (is_fixed(s.timeframe) && timeframe_seconds(s.timeframe) < timeframe_seconds(b.timeframe))
            throw std::invalid_argument(
                fmt::format("{}: {} bars cannot make {} bars; configure timeframes of {} "
                            "and longer",
                            at, to_string(b.timeframe), to_string(s.timeframe), to_string(b.timeframe)));
    if (b.low.raw() <= 0 || b.high < b.low || b.open < b.low || b.open > b.high || b.close < b.low ||
        b.close > b.high || b.volume.raw() < 0)
        throw std::invalid_argument(fmt::format("{}: bar O {} H {} L {} C {} V {} is inconsistent (refused)",
                                                at, b.open.to_string(), b.high.to_string(), b.low.to_string(),
                                                b.close.to_string(), b.volume.to_string()));
    add(Input{b.start, b.open, b.high, b.low, b.close, b.volume,
              b.start + std::chrono::seconds(timeframe_seconds(b.timeframe))});
}

void BarBuilder::add(const Input& in) {
    if (has_input_ && in.time < last_time_)
        throw std::invalid_argument(
            fmt::format("{}: input is earlier than the previous one at {} (out of order, "
                        "refused)",
                        where(symbol_, in.time), format_iso_micros(last_time_)));
    has_input_ = true;
    last_time_ = in.time;
    covered_until_ = std::max(covered_until_, in.covered_until);
    for (Slot& slot : slots_) {
        if (slot.open && in.time < slot.end) {  // still inside the open bar: the common case
            Bar& b = slot.bar;
            b.high = std::max(b.high, in.high);
            b.low = std::min(b.low, in.low);
            b.close = in.close;
            b.volume = b.volume + in.volume;
            continue;
        }
        const Interval iv = interval_of(slot.timeframe, in.time);
        if (slot.open) {
            close(slot, false);
            if (iv.in && config_.emit_empty_bars && is_fixed(slot.timeframe)) fill_gap(slot, iv.start);
        }
        if (!iv.in) continue;
        slot.open = true;
        slot.end = iv.end;
        slot.bar =
            Bar{symbol_, slot.timeframe, iv.start, in.open, in.high, in.low, in.close, in.volume, true};
    }
}

BarBuilder::Interval BarBuilder::interval_of(Timeframe tf, Timestamp t) {
    if (is_fixed(tf)) {
        // Offsets of New York are whole hours, so flooring wall time to the interval and
        // shifting back gives intervals aligned to New York clock time on both sides of a
        // daylight-saving change.
        const int64_t offset = clock_.offset(t).count() * kSecond;
        const int64_t len = timeframe_seconds(tf) * kSecond;
        const int64_t local = unix_nanos(t) + offset;
        const int64_t start_local = local - ((local % len) + len) % len;
        const Timestamp start = from_unix_nanos(start_local - offset);
        return Interval{true, start, start + Duration(len)};
    }
    const Day& d = day_of(clock_.local_day(t));
    if (tf == Timeframe::day) return Interval{true, d.start, d.end};
    if (!d.has_session || t < d.open || t >= d.close) return Interval{};
    return Interval{true, d.open, d.close};
}

// A New York day's boundaries and session, computed once per day (the time-zone lookups
// and the calendar callback are far slower than the per-tick work).
const BarBuilder::Day& BarBuilder::day_of(LocalDay day) {
    if (!day_ || day_->day != day) {
        Day d{day, clock_.utc_of(day, 0), clock_.utc_of(day + 1, 0), false, {}, {}};
        if (const auto hours = config_.session_hours(day)) {
            d.has_session = true;
            d.open = clock_.utc_of(day, hours->open_minute);
            d.close = clock_.utc_of(day, hours->close_minute);
        }
        day_ = d;
    }
    return *day_;
}

void BarBuilder::close(Slot& slot, bool partial) {
    slot.open = false;
    slot.bar.partial = partial;
    on_bar_(slot.bar);
}

void BarBuilder::fill_gap(Slot& slot, Timestamp next_start) {
    // Flat bars only inside one New York day: no overnight or weekend bars are invented.
    const Duration len = std::chrono::seconds(timeframe_seconds(slot.timeframe));
    if (clock_.local_day(slot.bar.start) != clock_.local_day(next_start)) return;
    const Price last = slot.bar.close;
    for (Timestamp s = slot.end; s < next_start; s += len) {
        on_bar_(Bar{symbol_, slot.timeframe, s, last, last, last, last, Quantity{}, false});
    }
}

void BarBuilder::advance_to(Timestamp now) {
    for (Slot& slot : slots_)
        if (slot.open && slot.end <= now) close(slot, false);
}

void BarBuilder::flush() {
    for (Slot& slot : slots_)
        if (slot.open) close(slot, slot.end > covered_until_);
}

std::vector<Bar> BarBuilder::partial_bars() const {
    std::vector<Bar> out;
    for (const Slot& slot : slots_)
        if (slot.open) {
            out.push_back(slot.bar);
            out.back().partial = true;
        }
    return out;
}

}  // namespace robo::features
