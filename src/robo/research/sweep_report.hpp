// research/sweep_report.hpp — report.html of a sweep or a walk-forward: one file with inline
// SVG and tables, no scripts, opens offline. A sweep's report shows the objective over each
// grid (a heatmap for two varying parameters or one, parallel coordinates for more), the top
// runs' equity curves, the overfitting statistics each with one sentence on what it means,
// and the best runs' rows; a walk-forward's shows the stitched out-of-sample equity and the
// windows. Throws std::runtime_error naming the path when it cannot write.
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "robo/research/analysis.hpp"
#include "robo/research/sweep.hpp"
#include "robo/research/walkforward.hpp"

namespace robo::research {

struct ReportInput {
    std::string title;
    std::vector<std::pair<std::string, std::string>> facts;
    const Sweep* sweep = nullptr;  // with runs and summary: a sweep's sections
    const std::vector<RunRecord>* runs = nullptr;
    const SweepSummary* summary = nullptr;
    const WalkForwardResult* walkforward = nullptr;
};

void write_sweep_report(const std::filesystem::path& path, const ReportInput& in);

// The sentences the report puts under each statistic (also printed by the commands).
std::string explain_deflated_sharpe(const DeflatedSharpe& d);
std::string explain_pbo(const Pbo& p);

}  // namespace robo::research
