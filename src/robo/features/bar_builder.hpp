// features/bar_builder.hpp — ticks or 1-minute bars in, bars on several timeframes out.
//
// One builder per symbol turns its trades (or 1-minute, or any finer intraday, bars) into 1s, 5s, 1m, 5m,
// 15m, 30m, 1h, 1d and regular-session bars at once. Intervals are aligned to New York wall time
// (America/New_York, through ExchangeClock), so a 1h bar is 10:00-11:00 New York in summer
// and in winter, and a 1d bar runs from New York midnight to midnight (all trades of that
// date, extended hours included). The session bar holds only the regular session,
// [open, close) from the SessionHoursFn (09:30-16:00 by default; plug in the exchange
// calendar for holidays and early closes).
//
// A bar is emitted (on_bar) when it closes: when an input arrives in a later interval, when
// advance_to() passes its end, or at flush(). A bar whose interval the data did not reach
// to the end (flush at end of data, partial_bars()) is marked partial. Quiet intervals
// produce no bar unless BarBuilderConfig::emit_empty_bars, which fills gaps inside one New
// York day with flat, zero-volume bars at the previous close.
// Inputs must arrive in time order; an out-of-order, foreign-symbol or invalid input is
// refused with std::invalid_argument and changes nothing.
#pragma once
#include <functional>
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/features/exchange_time.hpp"

namespace robo::features {

struct BarBuilderConfig {
    std::vector<Timeframe> timeframes{Timeframe::s1, Timeframe::s5,  Timeframe::m1,
                                      Timeframe::m5, Timeframe::m15, Timeframe::m30,
                                      Timeframe::h1, Timeframe::day, Timeframe::session};
    bool emit_empty_bars = false;
    SessionHoursFn session_hours = nyse_session_hours();  // holidays and early closes included
};

class BarBuilder {
public:
    using OnBar = std::function<void(const Bar&)>;

    BarBuilder(Symbol symbol, BarBuilderConfig config, OnBar on_bar);

    void add_tick(const Tick& tick);
    // An intraday bar (usually 1m) covering [start, start + its timeframe); refused when a
    // configured timeframe is finer than the bar's own (1-minute bars cannot make 5s bars).
    void add_bar(const Bar& bar);
    // Closes (emits, not partial) every bar whose interval ended at or before `now`.
    void advance_to(Timestamp now);
    // End of data: emits every open bar, partial unless the data covered its whole interval.
    void flush();
    // The bars still being built, each marked partial.
    std::vector<Bar> partial_bars() const;

    const Symbol& symbol() const noexcept { return symbol_; }
    ExchangeClock& clock() noexcept { return clock_; }

private:
    struct Slot {
        Timeframe timeframe;
        bool open = false;
        Bar bar;
        Timestamp end;
    };
    struct Interval {
        bool in = false;  // false: the input is outside this timeframe (session bar off-hours)
        Timestamp start, end;
    };
    struct Input {
        Timestamp time;
        Price open, high, low, close;
        Quantity volume;
        Timestamp covered_until;  // the data has told us everything up to here
    };

    void add(const Input& input);
    Interval interval_of(Timeframe tf, Timestamp t);
    void close(Slot& slot, bool partial);
    void fill_gap(Slot& slot, Timestamp next_start);
    struct Day {
        LocalDay day;
        Timestamp start, end;  // New York midnight to midnight, in UTC
        bool has_session;
        Timestamp open, close;
    };
    const Day& day_of(LocalDay day);

    Symbol symbol_;
    BarBuilderConfig config_;
    OnBar on_bar_;
    ExchangeClock clock_;
    std::vector<Slot> slots_;
    bool has_input_ = false;
    Timestamp last_time_{}, covered_until_{};
    std::optional<Day> day_;
};

}  // namespace robo::features
