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

// Which curves a sweep keeps: the best `keep` finished runs by `objective` keep their daily
// equity, every other run only its digest cut for `partitions`.
struct CurvePolicy {
    Objective objective = Objective::sharpe;
    size_t keep = 5;
    int partitions = 16;
};

// Applies a CurvePolicy to `runs` as they arrive: admit(i) digests run i and lets go of the
// curve of whichever run falls out of the best. The survivors are the same whatever the
// order of arrival. `runs` may grow between calls (indices stay valid).
class CurveKeeper {
public:
    CurveKeeper(std::vector<RunRecord>& runs, CurvePolicy policy) : runs_(runs), policy_(policy) {}
    void admit(size_t i);

private:
    std::vector<RunRecord>& runs_;
    CurvePolicy policy_;
    std::vector<size_t> kept_;  // best first
};

// The daily returns of `which` runs on the days all of them have, each series starting
// from its run's initial equity.
std::vector<std::vector<double>> aligned_returns(const std::vector<RunRecord>& runs,
                                                 const std::vector<size_t>& which);

// summary.json's "best", "runs", "deflated_sharpe" and "pbo" (NaN as null).
nlohmann::json summary_json(const SweepSummary& s, const std::vector<RunRecord>& runs);

}  // namespace robo::research
