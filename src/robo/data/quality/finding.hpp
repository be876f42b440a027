// data/quality/finding.hpp — what a data-quality check found, where, and what was done.
//
// Every record that fails or raises a check produces one Finding; the FindingLog keeps
// them (up to a cap, past which it still counts) together with per-check and per-action
// totals, so a report can always say how many records were passed, flagged or quarantined.
// A quarantined record never reaches downstream consumers; a flagged one does, marked.
// Findings hold no strings (cheap on the hot path); describe() renders the one-line text.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/symbol.hpp"
#include "robo/core/time.hpp"

namespace robo::data::quality {

enum class Check : uint8_t {
    non_positive_price,  // price, bid, ask or OHLC <= 0
    absurd_price,        // above QualityLimits::max_price
    non_positive_size,   // trade size <= 0, quote sizes < 0, bar volume < 0
    absurd_size,         // above QualityLimits::max_size
    crossed_quote,       // bid > ask
    locked_quote,        // bid == ask
    out_of_order,        // time earlier than the previous record of the same series
    duplicate,           // same time and same values as the previous record
    future_timestamp,    // later than now + tolerance
    stale,               // older than now - stale_after when it arrives
    outlier,             // outside the robust band around recent prices
    ohlc_inconsistent,   // low above open/close, or high below them, or low > high
    zero_volume,         // zero volume inside the regular session on a series that has volume
    gap,                 // missing bars/days against the expected cadence
    outside_session,     // a daily bar on a closed day, an intraday bar outside the session
    split,               // corporate action: forward or reverse split
    dividend,            // corporate action: cash dividend (from Close / Adj Close)
    count_
};
inline constexpr size_t check_count = static_cast<size_t>(Check::count_);

enum class Action : uint8_t { passed, flagged, quarantined };

std::string_view to_string(Check c) noexcept;
std::string_view to_string(Action a) noexcept;

struct Finding {
    Check check;
    Action action;
    Symbol symbol;
    Timestamp time;       // the record's own time (for a gap: the start of the hole)
    int64_t index = -1;   // record number in its series or file (0-based), -1 if unknown
    double value = 0;     // what was found (price, ratio, count, seconds, ...)
    double expected = 0;  // the limit or reference it was compared with

    // "AAPL 2019-07-03T13:31:00.000000Z #42 outlier: 212.4 vs band 198.2 (quarantined)"
    std::string describe() const;
};

// What the finding's value and expected mean, as words: "split 4-for-1 (price before / after = 4)".
std::string describe_detail(const Finding& f);

// Collects findings and counts. `max_kept` bounds memory on a long live session; counts
// are always exact.
class FindingLog {
public:
    explicit FindingLog(size_t max_kept = 100'000) : max_kept_(max_kept) {}

    void add(const Finding& f) {
        ++by_check_[static_cast<size_t>(f.check)];
        ++by_action_[static_cast<size_t>(f.action)];
        if (findings_.size() < max_kept_)
            findings_.push_back(f);
        else
            ++overflow_;
    }
    void merge(const FindingLog& other);
    void clear();

    const std::vector<Finding>& findings() const noexcept { return findings_; }
    uint64_t count(Check c) const noexcept { return by_check_[static_cast<size_t>(c)]; }
    uint64_t count(Action a) const noexcept { return by_action_[static_cast<size_t>(a)]; }
    uint64_t total() const noexcept;
    // Findings counted but not kept because max_kept was reached.
    uint64_t not_kept() const noexcept { return overflow_; }

private:
    size_t max_kept_;
    std::vector<Finding> findings_;
    std::array<uint64_t, check_count> by_check_{};
    std::array<uint64_t, 3> by_action_{};
    uint64_t overflow_ = 0;
};

}  // namespace robo::data::quality
