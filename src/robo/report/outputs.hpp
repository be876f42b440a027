// report/outputs.hpp — the files a run leaves behind: trades.csv, fills.csv,
// equity.csv and a self-contained HTML report.
//
// CSVs are written from the exact ledger values (Money and Price as decimals, times as
// ISO 8601 UTC with microseconds), in ledger order, so the same run gives byte-identical
// files. The HTML report is one file with inline SVG charts (equity curve with the
// buy-and-hold benchmark, drawdown, monthly returns heat map) and tables (the metrics
// against the benchmark, refusals and kill-switch trips by kind, the gate and limits in
// force), no scripts and nothing fetched from the network: it opens in any browser,
// offline. Axis ticks are round numbers; periods are New York dates. summary.json holds
// the same facts for programs. Each writer throws std::runtime_error naming the path when
// it cannot write.
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "robo/exec/portfolio.hpp"
#include "robo/report/benchmark.hpp"
#include "robo/report/metrics.hpp"

namespace robo::report {

void write_trades_csv(const std::filesystem::path& path, const exec::Portfolio& p);
void write_fills_csv(const std::filesystem::path& path, const exec::Portfolio& p);
void write_equity_csv(const std::filesystem::path& path, const exec::Portfolio& p);

// A titled two-column table of the report (refusals by kind, limits in force).
struct ReportTable {
    std::string title;
    std::vector<std::pair<std::string, std::string>> rows;
    std::string note;  // shown under the table; empty: none
};

struct ReportInfo {
    std::string title;                                       // "Backtest: sma_crossover"
    std::vector<std::pair<std::string, std::string>> facts;  // run settings shown at the top
    std::vector<ReportTable> tables;                         // after the per-symbol table
    std::optional<Benchmark> benchmark;
};

void write_html_report(const std::filesystem::path& path, const Metrics& m, const ReportInfo& info);

// The metrics (and the benchmark's, when there is one) for summary.json; NaN is null.
nlohmann::json metrics_json(const Metrics& m, const std::optional<Benchmark>& benchmark);
// summary.json: {"title", "settings" (the facts), "metrics", "benchmark"} and `details`
// merged in (refusals, kill switch, quarantined rows, ...). Keys sorted: byte-identical
// for the same run.
void write_summary_json(const std::filesystem::path& path, const Metrics& m, const ReportInfo& info,
                        const nlohmann::json& details);

// New York calendar date of an instant, "2015-10-06".
std::string ny_date(Timestamp t);

// The metrics as (label, value) rows, formatted: the one list the terminal's summary and
// the HTML report both render, so their labels and formats cannot drift apart. With a
// benchmark, its rows follow CAGR.
std::vector<std::pair<std::string, std::string>> metric_rows(const Metrics& m, const Benchmark* benchmark);
// The metrics as "name: value" lines, for terminals (also used by the commands).
std::string format_summary(const Metrics& m);
std::string format_symbol_table(const Metrics& m);

}  // namespace robo::report
