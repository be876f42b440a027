// research/sweep_report.cpp — see sweep_report.hpp.
#include "robo/research/sweep_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "robo/report/outputs.hpp"
#include "robo/research/svg.hpp"

namespace robo::research {
namespace {

constexpr size_t kTopCurves = 5, kTopRows = 20;

std::string num(double x) {
    if (std::isnan(x)) return "-";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    return fmt::format("{:.4g}", x);
}

std::string params_text(const Params& p) {
    std::string s;
    for (const auto& [k, v] : p) {
        if (!s.empty()) s += ", ";
        s.append(k).append("=").append(v);
    }
    return s;
}

double days_from(Timestamp origin, Timestamp t) {
    return std::chrono::duration<double>(t - origin).count() / 86400;
}

Line equity_line(const std::string& label, const std::vector<report::DailyPoint>& daily, Timestamp origin) {
    Line l{label, {}, {}};
    for (const auto& d : daily) {
        l.x.push_back(days_from(origin, d.day));
        l.y.push_back(d.equity);
    }
    return l;
}

// The objective over one grid: a heatmap of the first two axes with more than one value
// (the others fixed or, for more, parallel coordinates over every axis).
std::string grid_chart(const Sweep& sweep, size_t g, const std::vector<RunRecord>& runs,
                       Objective objective) {
    const StrategyGrid& grid = sweep.grids()[g];
    std::vector<size_t> varying;
    for (size_t a = 0; a < grid.axes.size(); ++a)
        if (grid.axes[a].values.size() > 1) varying.push_back(a);
    std::vector<size_t> mine;
    for (size_t i = 0; i < runs.size(); ++i)
        if (sweep.runs()[i].grid == g) mine.push_back(i);
    const std::string title = fmt::format("{} over {}", to_string(objective), grid.strategy);
    if (varying.size() <= 2) {
        Heatmap h;
        h.title = title;
        const ParamAxis none{"", {""}};
        const ParamAxis& rows = varying.empty() ? none : grid.axes[varying[0]];
        const ParamAxis& cols = varying.size() < 2 ? none : grid.axes[varying[1]];
        h.row_name = rows.name;
        h.column_name = cols.name;
        h.rows = rows.values;
        h.columns = cols.values;
        h.cells.assign(h.rows.size(), std::vector<std::optional<double>>(h.columns.size()));
        h.notes.assign(h.rows.size(), std::vector<std::string>(h.columns.size(), "not run (random search)"));
        for (size_t i : mine) {
            auto value_of = [&](const ParamAxis& axis) {
                for (const auto& [k, v] : runs[i].params)
                    if (k == axis.name) return v;
                return std::string();
            };
            const auto r = std::find(h.rows.begin(), h.rows.end(), value_of(rows)) - h.rows.begin();
            const auto c = std::find(h.columns.begin(), h.columns.end(), value_of(cols)) - h.columns.begin();
            if (size_t(r) >= h.rows.size() || size_t(c) >= h.columns.size()) continue;
            if (runs[i].status == RunStatus::ok) h.cells[r][c] = objective_value(objective, runs[i].metrics);
            h.notes[r][c] = runs[i].id + ": " + params_text(runs[i].params) + " — " +
                            (runs[i].status == RunStatus::ok
                                 ? num(objective_value(objective, runs[i].metrics))
                                 : std::string(to_string(runs[i].status)) + ": " + runs[i].reason);
        }
        return svg_heatmap(h);
    }
    Parallel p;
    p.title = title + " (one line per run, coloured by the objective)";
    for (size_t a : varying) p.axes.push_back(grid.axes[a].name);
    p.axes.push_back(std::string(to_string(objective)));
    for (size_t i : mine) {
        if (runs[i].status != RunStatus::ok) continue;
        std::vector<double> line;
        for (size_t a : varying) {
            const auto& axis = grid.axes[a];
            std::string text;
            for (const auto& [k, v] : runs[i].params)
                if (k == axis.name) text = v;
            char* end = nullptr;
            double v = std::strtod(text.c_str(), &end);
            // A value that is not a number (true/false) is placed by its position in the list.
            if (text.empty() || *end != '\0')
                v = double(std::find(axis.values.begin(), axis.values.end(), text) - axis.values.begin());
            line.push_back(v);
        }
        line.push_back(objective_value(objective, runs[i].metrics));
        p.lines.push_back(std::move(line));
    }
    return svg_parallel(p);
}

std::string sweep_sections(const Sweep& sweep, const std::vector<RunRecord>& runs, const SweepSummary& s) {
    std::string o;
    o += "<h2>Is the best result luck?</h2><table>";
    o += fmt::format("<tr><th>Deflated Sharpe Ratio</th><td>{}</td><td>{}</td></tr>",
                     num(s.deflated_sharpe.value), escape_html(explain_deflated_sharpe(s.deflated_sharpe)));
    o += fmt::format("<tr><th>Probability of backtest overfitting</th><td>{}</td><td>{}</td></tr></table>",
                     num(s.pbo.value), escape_html(explain_pbo(s.pbo)));
    o += "<h2>The objective over the parameters</h2>";
    for (size_t g = 0; g < sweep.grids().size(); ++g) o += grid_chart(sweep, g, runs, s.objective);
    if (!s.ranking.empty()) {
        std::vector<Line> lines;
        Timestamp origin =
            runs[s.ranking.front()].daily.empty() ? Timestamp{} : runs[s.ranking.front()].daily.front().day;
        for (size_t k = 0; k < s.ranking.size() && k < kTopCurves; ++k) {
            const RunRecord& r = runs[s.ranking[k]];
            if (r.daily.empty()) continue;  // a sweep asked to keep fewer curves
            lines.push_back(equity_line(r.id + " " + params_text(r.params), r.daily, origin));
        }
        const auto& best = runs[s.ranking.front()].daily;
        o += "<h2>The top runs' equity</h2>" +
             svg_lines("Equity of the best runs by " + std::string(to_string(s.objective)), lines,
                       best.empty() ? "" : report::ny_date(best.front().day),
                       best.empty() ? "" : report::ny_date(best.back().day));
    }
    o += "<h2>Best runs</h2><table><tr><th>run</th><th>parameters</th><th>objective</th><th>total return</th>"
         "<th>CAGR</th><th>Sharpe</th><th>max drawdown</th><th>trades</th></tr>";
    for (size_t k = 0; k < s.ranking.size() && k < kTopRows; ++k) {
        const RunRecord& r = runs[s.ranking[k]];
        o += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></"
            "tr>",
            escape_html(r.id), escape_html(params_text(r.params)),
            num(objective_value(s.objective, r.metrics)), report::percent(r.metrics.total_return),
            report::percent(r.metrics.cagr), num(r.metrics.sharpe), report::percent(r.metrics.max_drawdown),
            r.metrics.trades);
    }
    return o + "</table>";
}

std::string walkforward_sections(const WalkForwardResult& w) {
    std::string o = "<h2>Out-of-sample equity, stitched</h2>";
    if (!w.oos_equity.empty()) {
        const Timestamp origin = w.oos_equity.front().day;
        o += svg_lines("Out-of-sample equity (each test window from where the last ended)",
                       {equity_line("out of sample", w.oos_equity, origin)}, report::ny_date(origin),
                       report::ny_date(w.oos_equity.back().day));
    }
    o += fmt::format(
        "<p>Out of sample: total return {}, Sharpe {}; parameter stability {} (share of windows "
        "keeping the previous window's choice).</p>",
        report::percent(w.oos_total_return), num(w.oos_sharpe), num(w.stability));
    o += "<h2>Windows</h2><table><tr><th>#</th><th>train</th><th>test</th><th>chosen</th><th>in sample</th>"
         "<th>out of sample</th><th>changed</th><th>PBO (train)</th></tr>";
    for (const auto& win : w.windows)
        o += fmt::format(
            "<tr><td>{}</td><td>{} .. {}</td><td>{} .. "
            "{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            win.index + 1, win.train_from, win.train_to, win.test_from, win.test_to,
            win.chosen ? escape_html(params_text(win.chosen->params)) : escape_html(win.note),
            num(win.is_objective), num(win.oos_objective), win.params_changed, num(win.in_sample.pbo.value));
    return o + "</table>";
}

}  // namespace

std::string explain_deflated_sharpe(const DeflatedSharpe& d) {
    if (std::isnan(d.value)) return "Not computed: " + d.note + ".";
    return fmt::format(
        "The probability that the chosen run's Sharpe ratio shows skill rather than the luck of keeping the "
        "best "
        "of {} trials (its daily Sharpe {:.4f} against {:.4f} expected from the best of {} trials with no "
        "skill, "
        "over {} days); 0.95 or more is the usual bar.",
        d.trials, d.sharpe, d.expected_max_sharpe, d.trials, d.observations);
}

std::string explain_pbo(const Pbo& p) {
    if (std::isnan(p.value)) return "Not computed: " + p.note + ".";
    return fmt::format(
        "In {:.0f}% of the {} ways to split the {} days into two halves ({} blocks), the run best on one "
        "half did "
        "no better than the median run on the other; near 0 the ranking carries over, 0.5 or more means "
        "choosing "
        "by this sweep is no better than choosing at random.",
        p.value * 100, p.splits, p.observations, p.partitions);
}

void write_sweep_report(const std::filesystem::path& path, const ReportInput& in) {
    std::string o = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape_html(in.title) +
                    "</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
                    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                    "text-align:left;white-space:nowrap}svg{width:100%;height:auto;margin:1em "
                    "0}.t{font-weight:bold;font-size:14px}"
                    ".a{font-size:11px;fill:#555}.c{font-size:10px}.g{stroke:#eee}</style></head><body>";
    o += "<h1>" + escape_html(in.title) + "</h1><table>";
    for (const auto& [k, v] : in.facts)
        o += "<tr><th>" + escape_html(k) + "</th><td>" + escape_html(v) + "</td></tr>";
    o += "</table>";
    if (in.sweep && in.runs && in.summary) o += sweep_sections(*in.sweep, *in.runs, *in.summary);
    if (in.walkforward) o += walkforward_sections(*in.walkforward);
    o += "</body></html>\n";
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << o;
    out.flush();
    if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

}  // namespace robo::research
