// research/analysis.cpp — see analysis.hpp.
#include "robo/research/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace robo::research {
namespace {

nlohmann::json finite(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

}  // namespace

std::vector<std::vector<double>> aligned_returns(const std::vector<RunRecord>& runs,
                                                 const std::vector<size_t>& which) {
    std::map<Timestamp, size_t> seen;
    for (size_t i : which)
        for (const auto& d : runs[i].daily) ++seen[d.day];
    std::vector<std::vector<double>> out;
    for (size_t i : which) {
        std::vector<double> r;
        double prev = runs[i].metrics.initial_equity.to_double();
        for (const auto& d : runs[i].daily) {
            if (seen[d.day] != which.size()) continue;
            r.push_back(prev > 0 ? d.equity / prev - 1 : 0);
            prev = d.equity;
        }
        out.push_back(std::move(r));
    }
    return out;
}

SweepSummary summarize(const std::vector<RunRecord>& runs, Objective objective, int partitions) {
    SweepSummary s;
    s.objective = objective;
    s.runs = runs.size();
    for (const auto& r : runs) {
        s.ok += r.status == RunStatus::ok;
        s.failed += r.status == RunStatus::failed;
        s.skipped += r.status == RunStatus::skipped;
    }
    s.ranking = ranked(runs, objective);
    if (s.ranking.empty()) {
        s.deflated_sharpe.value = s.pbo.value = std::nan("");
        s.deflated_sharpe.note = s.pbo.note = "no finished run";
        return s;
    }
    s.best = s.ranking.front();
    // Every finished run is a trial; the chosen one is the best by the objective. Each run's
    // returns come as a digest (a sweep lets most curves go) or from its curve.
    std::vector<size_t> finished;
    for (size_t i = 0; i < runs.size(); ++i)
        if (runs[i].status == RunStatus::ok) finished.push_back(i);
    std::vector<ReturnDigest> digests;
    bool every_curve = true;
    for (size_t i : finished) {
        const RunRecord& r = runs[i];
        const bool has_curve = !r.digest || !r.daily.empty();
        every_curve = every_curve && has_curve;
        if (r.digest && r.digest->partitions == partitions)
            digests.push_back(*r.digest);
        else if (has_curve)
            digests.push_back(digest_of(r, partitions));
        else
            digests.push_back({});  // cut for other partitions and its curve gone: told below
    }
    const auto differs = [&](size_t k) {
        return !digests[k].same_days(digests.front()) || digests[k].partitions != partitions;
    };
    size_t odd = 0;
    for (size_t k = 1; k < digests.size() && !odd; ++k)
        if (differs(k)) odd = k;
    if (odd || digests.front().partitions != partitions) {
        if (every_curve) {
            // Runs on different days (a walk-forward window's edges, say): the days all share.
            const auto returns = aligned_returns(runs, finished);
            for (size_t k = 0; k < finished.size(); ++k) digests[k] = digest_returns(returns[k], partitions);
        } else {
            s.deflated_sharpe.value = s.pbo.value = std::nan("");
            s.deflated_sharpe.note = s.pbo.note =
                fmt::format("runs {} and {} differ in their days or partitions and their curves are gone",
                            runs[finished.front()].id, runs[finished[odd]].id);
            return s;
        }
    }
    std::vector<double> sharpes;
    std::vector<const std::vector<BlockSums>*> blocks;
    const Moments* chosen = nullptr;
    for (size_t k = 0; k < finished.size(); ++k) {
        sharpes.push_back(digests[k].moments.sharpe());
        blocks.push_back(&digests[k].blocks);
        if (finished[k] == *s.best) chosen = &digests[k].moments;
    }
    s.deflated_sharpe = deflated_sharpe_from_moments(sharpes, *chosen);
    s.pbo = probability_of_backtest_overfitting(blocks, digests.front().observations, partitions);
    return s;
}

void CurveKeeper::admit(size_t i) {
    RunRecord& r = runs_[i];
    if (r.status != RunStatus::ok) return;
    if (!r.digest || r.digest->partitions != policy_.partitions) r.digest = digest_of(r, policy_.partitions);
    const auto at = std::find_if(kept_.begin(), kept_.end(),
                                 [&](size_t k) { return ranks_before(r, runs_[k], policy_.objective); });
    kept_.insert(at, i);
    if (kept_.size() > policy_.keep) {
        keep_digest_only(runs_[kept_.back()], policy_.partitions);
        kept_.pop_back();
    }
}

nlohmann::json summary_json(const SweepSummary& s, const std::vector<RunRecord>& runs) {
    using nlohmann::json;
    json best = nullptr;
    if (s.best) {
        const RunRecord& r = runs[*s.best];
        json params = json::object();
        for (const auto& [k, v] : r.params) params[k] = v;
        best = {{"run_id", r.id},
                {"strategy", r.strategy},
                {"params", params},
                {"objective_value", finite(objective_value(s.objective, r.metrics))},
                {"metrics", to_json(r).at("metrics")}};
    }
    const auto& d = s.deflated_sharpe;
    const auto& p = s.pbo;
    return {{"objective", to_string(s.objective)},
            {"best", best},
            {"runs", {{"total", s.runs}, {"done", s.ok}, {"failed", s.failed}, {"skipped", s.skipped}}},
            {"deflated_sharpe",
             {{"value", finite(d.value)},
              {"sharpe_per_day", finite(d.sharpe)},
              {"expected_max_sharpe_per_day", finite(d.expected_max_sharpe)},
              {"sharpe_variance", finite(d.sharpe_variance)},
              {"skewness", finite(d.skewness)},
              {"kurtosis", finite(d.kurtosis)},
              {"trials", d.trials},
              {"observations", d.observations},
              {"note", d.note}}},
            {"pbo",
             {{"value", finite(p.value)},
              {"partitions", p.partitions},
              {"splits", p.splits},
              {"observations", p.observations},
              {"runs", p.runs},
              {"note", p.note}}}};
}

}  // namespace robo::research
