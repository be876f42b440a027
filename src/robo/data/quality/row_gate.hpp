// data/quality/row_gate.hpp — the causal quality gate every command puts a file's rows through.
//
// Given the records of one file as the reader kept them (in file order), decides for each one,
// from it and the records before it only (never the ones after), whether it may be used:
//   ohlc_inconsistent, non_positive_*, absurd_* — values that contradict themselves;
//   outlier           — intraday bars, ticks, quotes: outside the robust band of the recent
//                       prices (robust_band.hpp); daily bars: a close-to-close move far outside
//                       the robust band of the recent daily returns (DailyMoveRules);
//   future_timestamp  — later than `now` + 5 s (wall clock: a replay is judged against now too);
//   outside_session   — off the calendar: a daily bar on a closed NYSE day, an intraday bar
//                       outside NYSE extended hours (files judged with the calendar, see below);
//   split             — daily bars: the jump from the previous usable close to this open is a
//                       usual split ratio, confirmed by the Adj Close factor (or, without Adj
//                       Close, by the day's volume): the prices are not split-adjusted. The bar is
//                       quarantined and the series goes on from it on its new share basis;
//   out_of_order, duplicate — as the streaming gate (validator.hpp) judges them.
// Quarantined records never reach a strategy, a store or a feature; each is counted by reason
// and described as "FILE:LINE: SYMBOL TIME reason: detail".
// `validate`, `backtest`, `run`, `import` and `features` all call this one function, so the same
// row gets the same verdict everywhere. The only whole-file decision is which calendar an intraday
// file is judged with (CalendarChoice::automatic: NYSE when 99 % of its bars fall inside NYSE
// extended hours), a property of the file, not of a row.
// Gaps, zero volume and dividends are information (flagged or passed), never a reason here.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "robo/data/files/readers.hpp"
#include "robo/data/quality/corporate_actions.hpp"
#include "robo/data/quality/validator.hpp"

namespace robo::data::quality {

enum class CalendarChoice { automatic, nyse, none };

// Daily bars: the close-to-close log return from the last usable close is an outlier when it is
// more than `k` robust sigmas (1.4826 MAD of the last `window` usable returns, once
// `min_samples` are known) from their median and larger than `min_move`, or, at any time, larger
// than `max_move`. Two outliers in a row that agree with each other (within the same bound) are a
// new level: the second is used. Measured on the 63 real daily histories of ../shared/data
// (89 298 returns): the largest real move is 0.43 (20 sigma at most, one of them 0.14), so
// k = 20 and min_move = 0.15 pass every real day while a x1.6 print on a stock moving 1-2 % a
// day is 25-40 sigma.
struct DailyMoveRules {
    bool enabled = true;
    int window = 64;
    int min_samples = 16;
    double k = 20.0;
    double min_move = 0.15;    // log return
    double max_move = 1.0986;  // log(3): a close tripling, or falling to a third, in one day
};

struct GateOptions {
    QualityRules rules{};  // its causal outlier bands are on (intraday bars, ticks, quotes)
    DailyMoveRules daily_moves{};
    CorporateActionRules corporate{};
    CalendarChoice calendar = CalendarChoice::automatic;
    double auto_min_in_hours = 0.99;
};

struct QuarantinedRow {
    size_t index = 0;  // record number among the records the reader kept (0-based)
    size_t line = 0;   // 1-based line in the file
    Check reason{};
    Symbol symbol;
    std::optional<Timeframe> timeframe;  // bars only
    Timestamp time{};
    std::string text;  // "FILE:LINE: SYMBOL TIME reason: detail"
};

using ReasonCounts = std::array<uint64_t, check_count>;

struct GateVerdicts {
    std::vector<bool> usable;  // one per record the reader kept
    std::vector<QuarantinedRow> quarantined;
    ReasonCounts by_reason{};
    bool calendar_used = false;
    std::string note;  // why an intraday file is judged without the calendar (automatic choice)

    size_t count() const noexcept { return quarantined.size(); }
};

// `now` bounds "in the future".
GateVerdicts gate_rows(const BarFile& file, Timestamp now, const GateOptions& options = {});
GateVerdicts gate_rows(const TickFile& file, Timestamp now, const GateOptions& options = {});
GateVerdicts gate_rows(const QuoteFile& file, Timestamp now, const GateOptions& options = {});

// 1-based file line of each record a reader kept: data starts on line 2, rejected lines skipped.
std::vector<size_t> record_lines(size_t records, const std::vector<RowIssue>& rejected);

// "outlier 1, future_timestamp 1" (reasons with a count, in Check order); "" when none.
std::string format_reasons(const ReasonCounts& counts);

}  // namespace robo::data::quality
