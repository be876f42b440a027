// data/quality/validator.hpp — the streaming quality gate for ticks, quotes and bars.
//
// Checks one record at a time, in arrival order, keeping a little state per symbol (and per
// timeframe for bars): last time and values, a robust price band, whether the series has
// ever carried volume. Each check that fires records a Finding with the action taken:
//   quarantined — the record is wrong and must not reach consumers: non-positive or absurd
//                 prices and sizes, crossed quotes, OHLC that contradict each other, times
//                 out of order, duplicates, times in the future, and (by default) outliers;
//   flagged     — the record is delivered, marked: locked quotes, stale arrivals, zero
//                 volume in the regular session, a bar outside its session;
//   gap         — a hole before the record (missing bars or trading days) is recorded as a
//                 flagged finding of its own; the record itself still passes.
// Quarantined records do not update the state (a bad print cannot become the reference the
// next one is compared with). The validator never throws on data and never allocates per
// record once a symbol has been seen. Not thread-safe: one per pipeline thread.
#pragma once
#include <array>
#include <memory>
#include <unordered_map>

#include "robo/core/market_data.hpp"
#include "robo/data/calendar.hpp"
#include "robo/data/quality/finding.hpp"
#include "robo/data/quality/robust_band.hpp"

namespace robo::data::quality {

struct QualityRules {
    double max_price = 1'000'000;   // above any listed US share (BRK.A trades near 700k)
    double max_size = 100'000'000;  // shares in one print or at one quote level
    Duration future_tolerance = std::chrono::seconds(5);        // clock skew allowed
    Duration stale_after = Duration::zero();                    // 0 = off (history, replay)
    OutlierRules tick_outliers{};                               // trade prices and quote mids
    OutlierRules bar_outliers{true, 32, 10, 4, 12.0, 2e-3, 2};  // bar closes
    Action outlier_action = Action::quarantined;
    // A bar off the calendar (daily: a closed day; intraday: outside extended hours) on a day
    // the calendar covers. Flagged by default; the row gate (row_gate.hpp) quarantines it.
    Action outside_session_action = Action::flagged;
    // Sessions and trading days for gap, zero-volume and outside-session checks. Null means
    // the data's market is unknown (e.g. a foreign index): a hole shorter than
    // session_break between two intraday bars is a gap, a longer one the market closed;
    // daily gaps are not checked, and every bar is "in session". After a silence longer
    // than session_break the outlier bands restart at the first new price (opening gaps).
    const ExchangeCalendar* calendar = &ExchangeCalendar::nyse();
    Duration session_break = std::chrono::hours(1);
    bool check_gaps = true;
};

// Per-series tallies; quality score = (passed + flagged) / total.
struct SeriesCounts {
    uint64_t total = 0, passed = 0, flagged = 0, quarantined = 0, gaps = 0;
    double quality_score() const noexcept {
        return total == 0 ? 1.0 : static_cast<double>(passed + flagged) / static_cast<double>(total);
    }
    void add(Action a) noexcept {
        ++total;
        (a == Action::passed ? passed : a == Action::flagged ? flagged : quarantined)++;
    }
};

class Validator {
public:
    explicit Validator(QualityRules rules = {}, FindingLog* log = nullptr);

    // Each returns the action for the record itself; findings go to log().
    Action check(const Tick& tick, Timestamp now);
    Action check(const Quote& quote, Timestamp now);
    Action check(const Bar& bar, Timestamp now);

    // A split moved the bar series of `bar` to a new share basis (prices / `ratio`): `bar`
    // becomes the reference of the next bar and the band moves with the prices. The bar itself
    // is not counted (the caller has judged it).
    void rebase_for_split(const Bar& bar, double ratio);

    const FindingLog& log() const noexcept { return *log_; }
    FindingLog& log() noexcept { return *log_; }
    const QualityRules& rules() const noexcept { return rules_; }
    // Tallies for one symbol across its ticks, quotes and bars (zeros if never seen).
    SeriesCounts counts(const Symbol& symbol) const;
    // Gap findings so far, and the latest one (time: the bar before the hole; value: the
    // number of missing bars), so a caller can ask for a backfill.
    uint64_t gaps_seen() const noexcept { return gaps_seen_; }
    const Finding& last_gap() const noexcept { return last_gap_; }

private:
    struct TickState {
        bool any = false;
        Timestamp time{};
        Price price;
        Quantity size;
        RobustBand band;
        int64_t n = 0;
    };
    struct QuoteState {
        bool any = false;
        Quote last{};
        RobustBand band;
        int64_t n = 0;
    };
    struct BarState {
        bool seen_any = false;
        bool has_volume = false;
        Bar last{};        // last bar that was not quarantined
        Timestamp seen{};  // start of the last well-timed bar, quarantined or not
        RobustBand band;
        int64_t n = 0;
    };
    struct SymbolState {
        std::unique_ptr<TickState> tick;
        std::unique_ptr<QuoteState> quote;
        std::array<std::unique_ptr<BarState>, 9> bars;  // by Timeframe
        SeriesCounts counts;
    };

    SymbolState& state(const Symbol& s);
    void record(Check c, Action a, const Symbol& s, Timestamp t, int64_t index, double value,
                double expected);
    bool time_checks(const Symbol& s, Timestamp t, Timestamp now, int64_t index, Action& worst);
    int64_t missing_bars(const Bar& prev, const Bar& bar) const;

    QualityRules rules_;
    std::unique_ptr<FindingLog> own_log_;
    FindingLog* log_;
    std::unordered_map<Symbol, SymbolState> symbols_;
    uint64_t gaps_seen_ = 0;
    Finding last_gap_{Check::gap, Action::flagged, {}, {}, -1, 0, 0};
    const Symbol* cached_symbol_ = nullptr;  // runs of one symbol skip the hash lookup
    SymbolState* cached_state_ = nullptr;
};

}  // namespace robo::data::quality
