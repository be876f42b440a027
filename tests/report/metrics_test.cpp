#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "robo/report/metrics.hpp"
#include "robo/report/outputs.hpp"

using namespace robo;
using namespace robo::report;

namespace {
// 16:00 New York on 2024-01-(d), in UTC.
Timestamp close_of(int d) { return from_civil(2024, 1, unsigned(d), 21); }
Fill fill(Side side, int qty, const char* price, int d) {
    std::string exec_id = "x";  // (appended: g++ 12 warns falsely about "x" + ...)
    exec_id += std::to_string(d);
    exec_id += to_string(side);
    return Fill{"o",     exec_id,    Symbol("AAA"), side, Quantity::from_units(qty), Price::parse(price),
                Money{}, close_of(d)};
}
}  // namespace

TEST(Metrics, HandComputedReturnsDrawdownAndTrades) {
    exec::Portfolio p(Money::from_units(100));
    const Symbol aaa("AAA");
    p.apply(fill(Side::buy, 1, "50", 1));  // cash 50, one share
    p.mark(aaa, Price::parse("50"));
    p.record(close_of(1));  // 100
    p.mark(aaa, Price::parse("60"));
    p.record(close_of(2));  // 110 (peak)
    p.mark(aaa, Price::parse("49"));
    p.record(close_of(3));                  // 99: 10% below the peak
    p.apply(fill(Side::sell, 1, "71", 4));  // +21 realized, flat
    p.record(close_of(4));                  // 121
    auto m = compute_metrics(p);
    EXPECT_NEAR(m.total_return, 0.21, 1e-12);
    EXPECT_NEAR(m.max_drawdown, 0.10, 1e-12);
    EXPECT_EQ(m.max_drawdown_peak, close_of(2));
    EXPECT_EQ(m.max_drawdown_trough, close_of(3));
    EXPECT_TRUE(m.recovered);
    EXPECT_EQ(m.max_drawdown_recovery, close_of(4));
    EXPECT_NEAR(m.max_drawdown_days, 2.0, 1e-9);
    ASSERT_EQ(m.daily.size(), 4u);
    // Daily returns 0, +10%, -10%, +22.2...%: sample sd and Sharpe by hand.
    const double r[] = {0.0, 0.1, 99.0 / 110 - 1, 121.0 / 99 - 1};
    double mean = (r[0] + r[1] + r[2] + r[3]) / 4, var = 0, down = 0;
    for (double x : r) var += (x - mean) * (x - mean), down += std::min(x, 0.0) * std::min(x, 0.0);
    const double sd = std::sqrt(var / 3);
    EXPECT_NEAR(m.volatility, sd * std::sqrt(252.0), 1e-12);
    EXPECT_NEAR(m.sharpe, mean / sd * std::sqrt(252.0), 1e-12);
    EXPECT_NEAR(m.sortino, mean / std::sqrt(down / 4) * std::sqrt(252.0), 1e-12);
    EXPECT_EQ(m.trades, 1);
    EXPECT_NEAR(m.win_rate, 1.0, 1e-12);
    EXPECT_TRUE(std::isinf(m.profit_factor));  // no losing trade
    EXPECT_NEAR(m.exposure, 0.75, 1e-12);      // invested at 3 of 4 points
    EXPECT_NEAR(m.turnover, (50.0 + 71.0) / ((100 + 110 + 99 + 121) / 4.0), 1e-12);
}

TEST(Metrics, ProfitFactorIsGrossWinsOverGrossLosses) {
    exec::Portfolio p(Money::from_units(1000));
    p.apply(fill(Side::buy, 1, "100", 1));
    p.apply(fill(Side::sell, 1, "130", 2));  // +30
    p.apply(fill(Side::buy, 1, "100", 3));
    p.apply(fill(Side::sell, 1, "90", 4));  // -10
    p.apply(fill(Side::buy, 1, "100", 5));
    p.apply(fill(Side::sell, 1, "95", 6));  // -5
    p.record(close_of(6));
    auto m = compute_metrics(p);
    EXPECT_EQ(m.trades, 3);
    EXPECT_NEAR(m.win_rate, 1.0 / 3, 1e-12);
    EXPECT_NEAR(m.profit_factor, 2.0, 1e-12);  // 30 / 15
}

TEST(Metrics, MonthlyReturnsChainFromMonthEnds) {
    exec::Portfolio p(Money::from_units(100));
    p.apply(fill(Side::buy, 1, "100", 1));  // all in
    const Symbol aaa("AAA");
    p.mark(aaa, Price::parse("110"));
    p.record(from_civil(2024, 1, 31, 21));
    p.mark(aaa, Price::parse("99"));
    p.record(from_civil(2024, 2, 29, 21));
    auto months = monthly_returns(compute_metrics(p));
    ASSERT_EQ(months.size(), 2u);
    EXPECT_EQ(months[0].month, 1u);
    EXPECT_NEAR(months[0].value, 0.10, 1e-12);
    EXPECT_NEAR(months[1].value, -0.10, 1e-12);
}

namespace {
// One share of AAA bought on day 1 and marked at a saw-tooth price for 20 days.
void hold_for_twenty_days(exec::Portfolio& p) {
    p.apply(fill(Side::buy, 1, "50", 1));
    for (int d = 1; d <= 20; ++d) {
        p.mark(Symbol("AAA"), Price::from_double(50 + d % 7));
        p.record(close_of(d));
    }
}
}  // namespace

TEST(Report, HtmlIsOneSelfContainedFileWithThreeCharts) {
    exec::Portfolio p(Money::from_units(100));
    hold_for_twenty_days(p);
    auto path = std::filesystem::temp_directory_path() / "robo_report_test" / "report.html";
    write_html_report(path, compute_metrics(p), {"Backtest: test", {{"data", "synthetic"}}});
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string html = ss.str();
    size_t svgs = 0;
    for (size_t pos = 0; (pos = html.find("<svg", pos)) != std::string::npos; ++pos) ++svgs;
    EXPECT_EQ(svgs, 3u);  // equity, drawdown, monthly heat map
    EXPECT_NE(html.find("Monthly returns"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // nothing fetched
    std::filesystem::remove_all(path.parent_path());
}

// The terminal's summary, the HTML report and summary.json come from one list of metrics:
// every row of the summary is a row of the report, the per-symbol table has the same
// columns in both, and summary.json carries a value for every metric the rows show.
TEST(Report, TheSummaryTheReportAndSummaryJsonShowTheSameMetrics) {
    exec::Portfolio p(Money::from_units(100));
    hold_for_twenty_days(p);
    p.apply(fill(Side::sell, 1, "52", 21));
    p.record(close_of(21));
    const Metrics m = compute_metrics(p);
    auto path = std::filesystem::temp_directory_path() / "robo_report_same_metrics" / "report.html";
    write_html_report(path, m, {"Backtest: test", {{"data", "synthetic"}}});
    std::stringstream html;
    html << std::ifstream(path).rdbuf();
    std::filesystem::remove_all(path.parent_path());

    auto escaped = [](const std::string& s) {
        std::string out;
        for (char c : s)
            out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
        return out;
    };
    const auto rows = metric_rows(m, nullptr);
    ASSERT_GE(rows.size(), 15u);
    for (const auto& [label, value] : rows) {
        EXPECT_NE(html.str().find("<td>" + escaped(label) + "</td><td>" + escaped(value) + "</td>"),
                  std::string::npos)
            << label << " = " << value << " is not in the report";
        EXPECT_NE(format_summary(m).find(label), std::string::npos) << label;
    }
    // The per-symbol columns, in the same order, in both.
    std::string text_header = format_symbol_table(m).substr(0, format_symbol_table(m).find('\n'));
    std::istringstream words(text_header);
    std::string html_header;
    for (std::string w; words >> w;) html_header += w;
    std::string html_row = html.str().substr(html.str().find("<tr><th>"));
    html_row = html_row.substr(0, html_row.find("</tr>"));
    std::string html_words;
    for (char c : html_row)
        if (c != ' ') html_words += c;
    for (const char* tag : {"<tr>", "<th>", "</th>"})
        for (size_t at; (at = html_words.find(tag)) != std::string::npos;) html_words.erase(at, strlen(tag));
    EXPECT_EQ(html_words, std::string("symboltradeswinratenetP&amp;Lcommissionstradedvalueposition"));
    EXPECT_EQ(html_header, "symboltradeswinratenetP&Lcommissionstradedvalueposition");

    const nlohmann::json j = metrics_json(m, std::nullopt);
    for (const char* key : {"period", "total_return", "cagr", "sharpe", "max_drawdown", "max_drawdown_period",
                            "max_drawdown_days", "trades", "turnover", "turnover_per_year", "commissions"})
        EXPECT_TRUE(j.contains(key)) << key << "\n" << j.dump(2);
    EXPECT_EQ(j["trades"], m.trades);
    EXPECT_NE(j["conventions"].get<std::string>().find("252 trading days"), std::string::npos);
}
