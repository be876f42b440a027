// report/outputs.hpp — the files a run leaves behind: trades.csv, fills.csv,
// equity.csv and a self-contained HTML report.
//
// CSVs are written from the exact ledger values (Money and Price as decimals, times as
// ISO 8601 UTC with microseconds), in ledger order, so the same run gives byte-identical
// files. The HTML report is one file with inline SVG charts (equity curve, drawdown,
// monthly returns heat map) and tables, no scripts and nothing fetched from the network:
// it opens in any browser, offline. Each writer throws std::runtime_error naming the path
// when it cannot write.
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "robo/exec/portfolio.hpp"
#include "robo/report/metrics.hpp"

namespace robo::report {

void write_trades_csv(const std::filesystem::path& path, const exec::Portfolio& p);
void write_fills_csv(const std::filesystem::path& path, const exec::Portfolio& p);
void write_equity_csv(const std::filesystem::path& path, const exec::Portfolio& p);

struct ReportInfo {
    std::string title;                                       // "Backtest: sma_crossover"
    std::vector<std::pair<std::string, std::string>> facts;  // run settings shown at the top
};

void write_html_report(const std::filesystem::path& path, const Metrics& m, const ReportInfo& info);

// The metrics as "name: value" lines, for terminals (also used by the commands).
std::string format_summary(const Metrics& m);
std::string format_symbol_table(const Metrics& m);

}  // namespace robo::report
