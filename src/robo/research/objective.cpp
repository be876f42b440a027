// research/objective.cpp — see objective.hpp.
#include "robo/research/objective.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace robo::research {
namespace {
constexpr std::array kAll{Objective::sharpe, Objective::sortino,      Objective::cagr,
                          Objective::calmar, Objective::total_return, Objective::profit_factor};
}

std::string_view to_string(Objective o) noexcept {
    switch (o) {
        case Objective::sharpe:
            return "sharpe";
        case Objective::sortino:
            return "sortino";
        case Objective::cagr:
            return "cagr";
        case Objective::calmar:
            return "calmar";
        case Objective::total_return:
            return "total_return";
        case Objective::profit_factor:
            return "profit_factor";
    }
    return "?";
}

Objective parse_objective(const std::string& text) {
    std::string names;
    for (Objective o : kAll) {
        if (text == to_string(o)) return o;
        if (!names.empty()) names += ", ";
        names += to_string(o);
    }
    throw std::invalid_argument("--objective \"" + text + "\": expected " + names);
}

double objective_value(Objective o, const RunMetrics& m) {
    switch (o) {
        case Objective::sharpe:
            return m.sharpe;
        case Objective::sortino:
            return m.sortino;
        case Objective::cagr:
            return m.cagr;
        case Objective::calmar:
            return m.calmar;
        case Objective::total_return:
            return m.total_return;
        case Objective::profit_factor:
            return m.profit_factor;
    }
    return std::nan("");
}

bool ranks_before(const RunRecord& a, const RunRecord& b, Objective o) {
    const double x = objective_value(o, a.metrics), y = objective_value(o, b.metrics);
    if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
    if (std::isnan(x)) return a.id < b.id;
    if (x != y) return x > y;
    return a.id < b.id;
}

std::vector<size_t> ranked(const std::vector<RunRecord>& runs, Objective o) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < runs.size(); ++i)
        if (runs[i].status == RunStatus::ok) idx.push_back(i);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](size_t a, size_t b) { return ranks_before(runs[a], runs[b], o); });
    return idx;
}

}  // namespace robo::research
