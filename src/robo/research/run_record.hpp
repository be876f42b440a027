// research/run_record.hpp — what a sweep keeps of one run: its id, strategy and
// parameters, how it ended, the metrics of results.csv, the digest of its daily returns
// (the overfitting statistics) and, for the best few runs only, the daily equity curve (the
// report's curves). Nothing else of the session survives.
//
// to_json/record_from_json carry a record exactly (doubles round-trip, money as exact
// decimal text): the resume journal (runs.jsonl) and the Dask workers' answers use them, so
// a resumed or distributed sweep ends with the same numbers as a local one.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "robo/report/metrics.hpp"
#include "robo/research/return_digest.hpp"

namespace robo::research {

enum class RunStatus { ok, failed, skipped };
std::string_view to_string(RunStatus s) noexcept;

// The metrics a sweep reports per run (report/metrics.hpp has their conventions).
struct RunMetrics {
    Money initial_equity, final_equity;
    double total_return = 0, cagr = 0, sharpe = 0, sortino = 0, max_drawdown = 0, calmar = 0;
    int64_t trades = 0;
    double win_rate = 0, profit_factor = 0, exposure = 0;
};
RunMetrics run_metrics(const report::Metrics& m);

using Params = std::vector<std::pair<std::string, std::string>>;  // name -> value text, in grid order

struct RunRecord {
    std::string id;  // "r0007": the combination's position among all the grids' combinations
    std::string strategy;
    Params params;
    RunStatus status = RunStatus::ok;
    std::string reason;  // why it failed or was skipped; empty when ok
    RunMetrics metrics;
    std::vector<report::DailyPoint> daily;  // last equity of each New York day; empty once let go
    std::optional<ReturnDigest> digest;     // of the daily returns (digest_of), set when `daily` may go
};

nlohmann::json to_json(const RunRecord& r);
// Throws std::invalid_argument naming the field that is missing or malformed.
RunRecord record_from_json(const nlohmann::json& j);

// Returns of the daily equity, the first against the initial equity (0 after a day without
// positive equity): the series whose mean over standard deviation x sqrt(252) is the run's
// Sharpe ratio.
std::vector<double> daily_returns(const RunRecord& r);
// The digest of daily_returns(r), its days hashed so that runs on other days are told apart.
ReturnDigest digest_of(const RunRecord& r, int partitions);
// Sets r.digest and lets r.daily go (a sweep's run outside the best few).
void keep_digest_only(RunRecord& r, int partitions);

}  // namespace robo::research
