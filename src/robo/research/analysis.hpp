// research/analysis.hpp — what a finished sweep found: the best run by the objective, how
// many runs finished, failed or were skipped, and the overfitting statistics over the
// finished runs' daily returns (overfitting.hpp; the returns are aligned on the days every
// finished run has).
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "robo/research/objective.hpp"
#include "robo/research/overfitting.hpp"
#include "robo/research/run_record.hpp"

namespace robo::research {

struct SweepSummary {
    Objective objective = Objective::sharpe;
    size_t runs = 0, ok = 0, failed = 0, skipped = 0;
    std::vector<size_t> ranking;  // finished runs, best first (objective.hpp)
    std::optional<size_t> best;   // index of the best run
    DeflatedSharpe deflated_sharpe;
    Pbo pbo;
};

SweepSummary summarize(const std::vector<RunRecord>& runs, Objective objective, int partitions);

// The daily returns of `which` runs on the days all of them have, each series starting
// from its run's initial equity.
std::vector<std::vector<double>> aligned_returns(const std::vector<RunRecord>& runs,
                                                 const std::vector<size_t>& which);

// summary.json's "best", "runs", "deflated_sharpe" and "pbo" (NaN as null).
nlohmann::json summary_json(const SweepSummary& s, const std::vector<RunRecord>& runs);

}  // namespace robo::research
