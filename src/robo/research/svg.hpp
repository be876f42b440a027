// research/svg.hpp — the charts of a sweep's report, as inline SVG (no scripts, nothing
// fetched): lines over time, a heatmap of the objective over two parameters, and parallel
// coordinates for more. Colours run from red (worst) through white to green (best) of what
// the chart shows; cells without a value are grey.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace robo::research {

std::string escape_html(const std::string& s);

struct Line {
    std::string label;
    std::vector<double> x, y;  // x: days since the first point of any line
};
// `x_first`, `x_last`: the dates under the ends of the x axis.
std::string svg_lines(const std::string& title, const std::vector<Line>& lines, const std::string& x_first,
                      const std::string& x_last);

struct Heatmap {
    std::string title, row_name, column_name;
    std::vector<std::string> rows, columns;
    std::vector<std::vector<std::optional<double>>> cells;  // [row][column]
    std::vector<std::vector<std::string>> notes;            // tooltip per cell
};
std::string svg_heatmap(const Heatmap& h);

struct Parallel {
    std::string title;
    std::vector<std::string> axes;           // parameters, then the objective last
    std::vector<std::vector<double>> lines;  // one value per axis
};
std::string svg_parallel(const Parallel& p);

}  // namespace robo::research
