// `--from` warms strategies and indicators up on the data before it (#19 item 5): they see
// that history, nothing trades on it, and the equity curve and metrics start at --from.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
std::filesystem::path scratch(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("robo_warmup_test_" + name);
    std::filesystem::remove_all(p);
    return p;
}
// "2016-01-13T05:00:00Z,client,exec,MSFT,sell,..." -> "2016-01-13 MSFT sell"
std::string decision(const std::string& fill_row) {
    std::vector<std::string> f;
    std::istringstream in(fill_row);
    for (std::string x; std::getline(in, x, ',');) f.push_back(x);
    return f.size() > 4 ? f[0].substr(0, 10) + " " + f[3] + " " + f[4] : fill_row;
}
}  // namespace

TEST(Warmup, FromStartsWithWarmStrategiesThatDecideAsOverTheWholeHistory) {
    const std::string base =
        binary().string() + " backtest --quiet --data " + (sample_dir() / "daily").string() +
        " --symbols AAPL,MSFT,JPM --strategy sma_crossover:fast=10,slow=50 --to 2016-12-31";
    auto warm = scratch("warm"), whole = scratch("whole");
    auto rw = run_shell(base + " --from 2016-01-01 --out " + warm.string());
    auto rf = run_shell(base + " --out " + whole.string());
    ASSERT_EQ(rw.status, 0) << rw.out;
    ASSERT_EQ(rf.status, 0) << rf.out;
    // SMA(50) plus the crossing bar, for each of the three series.
    EXPECT_TRUE(contains(rw.out, "153 bars before --from warm the strategies up")) << rw.out;
    // Nothing before --from is traded or counted.
    const auto equity = lines(slurp(warm / "equity.csv"));
    ASSERT_GT(equity.size(), 2u);
    EXPECT_EQ(equity[1].substr(0, 10), "2016-01-04") << "the equity curve starts at --from";
    EXPECT_TRUE(contains(rw.out, "period" + std::string(21, ' ') + "2016-01-04 .. 2016-12-30")) << rw.out;
    const auto fills = lines(slurp(warm / "fills.csv"));
    ASSERT_GT(fills.size(), 2u);
    for (size_t i = 1; i < fills.size(); ++i) EXPECT_GE(fills[i].substr(0, 10), "2016-01-01") << fills[i];
    // Warm at --from: the first decision comes in January, as over the whole history (MSFT
    // is held into 2016 and sold on 2016-01-13), not in March after 50 fresh bars.
    EXPECT_LT(fills[1].substr(0, 10), "2016-02-01") << fills[1];
    std::vector<std::string> whole_2016;
    for (const auto& row : lines(slurp(whole / "fills.csv")))
        if (row.substr(0, 4) == "2016") whole_2016.push_back(decision(row));
    ASSERT_FALSE(whole_2016.empty());
    bool sold_as_whole = false;
    for (size_t i = 1; i < fills.size(); ++i)
        sold_as_whole |= decision(fills[i]) == whole_2016.front() && contains(whole_2016.front(), "sell");
    EXPECT_TRUE(sold_as_whole) << "the whole history's first 2016 exit (" << whole_2016.front()
                               << ") is made by the warmed run too";
}

TEST(Warmup, FeaturesFromStartWarm) {
    auto out = scratch("features.csv");
    auto r =
        run_shell(binary().string() + " features --data " + (sample_dir() / "daily" / "AAPL.csv").string() +
                  " --from 2016-01-01 --to 2016-03-01 --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.out;
    const auto rows = lines(slurp(out));
    ASSERT_GT(rows.size(), 2u);
    EXPECT_EQ(rows[1].substr(0, 10), "2016-01-04") << "no row before --from";
    // sma_20 (the 10th column) has a value on the first row: warmed up on 2015.
    std::vector<std::string> f;
    std::istringstream in(rows[1]);
    for (std::string x; std::getline(in, x, ',');) f.push_back(x);
    ASSERT_GT(f.size(), 9u);
    EXPECT_FALSE(f[9].empty()) << rows[0] << "\n" << rows[1];
}
