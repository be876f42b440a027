// data/quality/history.hpp — validating a recorded series (a file, a backfill) end to end.
//
// Runs the streaming gate (validator.hpp) record by record, then the checks that need the
// whole series: two-sided spikes (spikes.hpp) instead of the causal band, and, for daily
// bars, corporate actions (corporate_actions.hpp). The report holds every finding, the
// action per record and the tallies; nothing is dropped without a finding saying so.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "robo/data/quality/corporate_actions.hpp"
#include "robo/data/quality/spikes.hpp"
#include "robo/data/quality/validator.hpp"

namespace robo::data::quality {

struct HistoryRules {
    QualityRules gate{};  // its streaming outlier bands are switched off here
    SpikeRules spikes{};
    CorporateActionRules corporate{};
    bool detect_corporate_actions = true;  // daily bars only
    bool adjust_splits = false;            // fill HistoryReport::adjusted when a split is found
};

struct HistoryReport {
    FindingLog findings;
    std::vector<Action> actions;  // one per record, in input order
    SeriesCounts counts;
    std::vector<CorporateAction> corporate_actions;
    // With HistoryRules::adjust_splits and at least one split: the input bars with every
    // split applied to the history before it (adjust_for_splits); otherwise empty.
    std::vector<Bar> adjusted;

    double quality_score() const noexcept { return counts.quality_score(); }
    // Records that could not be used (quarantined) over all records.
    double error_rate() const noexcept {
        return counts.total == 0
                   ? 0.0
                   : static_cast<double>(counts.quarantined) / static_cast<double>(counts.total);
    }
};

// `adj_close` is empty or one per bar (daily files with Adj Close). `now` bounds "future".
HistoryReport validate_bars(std::span<const Bar> bars, std::span<const double> adj_close,
                            const HistoryRules& rules, Timestamp now);
HistoryReport validate_ticks(std::span<const Tick> ticks, const HistoryRules& rules, Timestamp now);
HistoryReport validate_quotes(std::span<const Quote> quotes, const HistoryRules& rules, Timestamp now);

}  // namespace robo::data::quality
