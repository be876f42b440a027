// research/objective.hpp — what a sweep maximises: one of the run's metrics, higher is
// better for each. A run whose objective cannot be computed (NaN: too few days, no trades
// for the profit factor) ranks after every run that has one; ties go to the lower run id.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "robo/research/run_record.hpp"

namespace robo::research {

enum class Objective { sharpe, sortino, cagr, calmar, total_return, profit_factor };

std::string_view to_string(Objective o) noexcept;
// Throws std::invalid_argument: "--objective \"x\": expected sharpe, sortino, ...".
Objective parse_objective(const std::string& text);
double objective_value(Objective o, const RunMetrics& m);

// Whether finished run `a` ranks before `b` by the rule above.
bool ranks_before(const RunRecord& a, const RunRecord& b, Objective o);
// Indices of the finished (ok) runs, best first, by the rule above.
std::vector<size_t> ranked(const std::vector<RunRecord>& runs, Objective o);

}  // namespace robo::research
