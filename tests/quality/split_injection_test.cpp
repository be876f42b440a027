// tests/quality — splits found in un-adjusted histories, measured. The shared long files
// (NVDA 1999-2014, ORCL 1995-2014, YHOO 1996-2014) carry split-adjusted prices and the vendor's
// Adj Close: untouched, they hold no split. Un-adjusting them at one day (prices before it
// times the ratio, volumes divided by it: the history as it traded) puts back a split of that
// ratio, on a quiet day or on a day the stock gapped 4-10 % itself. Every usual ratio, forward
// and reverse, is injected on both kinds of day; the detectors must find it, with its ratio,
// and nothing else: the history check and the causal row gate that backtest and import run.
// With Adj Close both must be exact; without it (a price gap and the volume are all there is)
// the history check must find most of them with no false split (a 3:2 or 5:4 split on a
// large-move day cannot be told from a real 30-45 % move), and the numbers are printed: they
// are the measure of what is left to do.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "robo/data/files/readers.hpp"
#include "robo/data/quality/corporate_actions.hpp"
#include "robo/data/quality/row_gate.hpp"
#include "support/paths.hpp"

namespace robo::test {
namespace {

using data::quality::CorporateAction;

const std::vector<double> kRatios{2, 1.5, 3, 4, 1.25, 5, 7, 10, 20, 0.5, 1.0 / 3, 0.25, 0.2, 0.1, 0.05};
const std::vector<std::string> kLongFiles{"long-nvda-1999-2014.csv", "long-orcl-1995-2014.csv",
                                          "long-yhoo-1996-2014.csv"};

struct Tally {
    size_t injected = 0, found = 0, false_splits = 0;
    double recall() const { return injected ? double(found) / double(injected) : 1.0; }
    double precision() const {
        return found + false_splits ? double(found) / double(found + false_splits) : 1.0;
    }
};

double gap_of(const std::vector<Bar>& b, size_t i) {
    return std::log(b[i - 1].close.to_double() / b[i].open.to_double());
}

// Days to split on: `quiet` (gap and move under 1 %) or large gaps (4 % to 10 %), spread over the history.
std::vector<size_t> days(const std::vector<Bar>& b, bool quiet, size_t wanted) {
    std::vector<size_t> all;
    for (size_t i = 80; i + 30 < b.size(); ++i) {
        const double gap = std::fabs(gap_of(b, i));
        const double move = std::fabs(std::log(b[i].close.to_double() / b[i - 1].close.to_double()));
        if (quiet ? (gap < 0.01 && move < 0.01) : (gap >= 0.04 && gap <= 0.10)) all.push_back(i);
    }
    std::vector<size_t> out;
    for (size_t k = 0; k < wanted && !all.empty(); ++k) out.push_back(all[(k * all.size()) / wanted]);
    return out;
}

// The history as traded before a `ratio` split on day `at` (prices higher by the ratio, fewer shares).
data::BarFile unadjusted(const data::BarFile& f, size_t at, double ratio) {
    data::BarFile u = f;
    for (size_t j = 0; j < at; ++j) {
        auto& b = u.bars[j];
        b.open = Price::from_double(b.open.to_double() * ratio);
        b.high = Price::from_double(b.high.to_double() * ratio);
        b.low = Price::from_double(b.low.to_double() * ratio);
        b.close = Price::from_double(b.close.to_double() * ratio);
        b.volume = Quantity::from_double(b.volume.to_double() / ratio);
    }
    return u;
}

std::vector<double> adj_of(const data::BarFile& f) {
    std::vector<double> adj;
    for (const auto& a : f.adjusted_close) adj.push_back(a ? a->to_double() : 0.0);
    return adj;
}

// Splits found: (index, ratio) pairs, by the history check or by the causal gate.
std::vector<std::pair<size_t, double>> history_splits(const data::BarFile& f, bool with_adj) {
    std::vector<std::pair<size_t, double>> out;
    const auto adj = with_adj ? adj_of(f) : std::vector<double>{};
    for (const auto& a : data::quality::detect_corporate_actions(f.bars, adj))
        if (a.kind != CorporateAction::Kind::dividend) out.emplace_back(a.index, a.ratio);
    return out;
}
std::vector<std::pair<size_t, double>> gate_splits(data::BarFile f, bool with_adj) {
    if (!with_adj) f.adjusted_close.assign(f.bars.size(), std::nullopt);
    std::vector<std::pair<size_t, double>> out;
    const auto verdicts = data::quality::gate_rows(f, parse_timestamp("2030-01-01T00:00:00Z"));
    for (const auto& q : verdicts.quarantined)
        if (q.reason == data::quality::Check::split) out.emplace_back(q.index, 0.0);
    return out;
}

void score(Tally& t, const std::vector<std::pair<size_t, double>>& found, size_t at, double ratio) {
    ++t.injected;
    for (const auto& [index, r] : found) {
        const bool right = index == at && (r == 0.0 || std::fabs(std::log(r / ratio)) < 1e-9);
        right ? ++t.found : ++t.false_splits;
    }
}

class SplitInjection : public ::testing::Test {
protected:
    void SetUp() override {
        ROBO_REQUIRE_SHARED_DATA();
        for (const auto& name : kLongFiles)
            files_.push_back(data::read_bar_file(shared_data_dir() / "daily" / name));
    }
    std::vector<data::BarFile> files_;
};

TEST_F(SplitInjection, UntouchedHistoriesHoldNoSplit) {
    for (const auto& f : files_) {
        EXPECT_TRUE(history_splits(f, true).empty()) << f.path;
        EXPECT_TRUE(gate_splits(f, true).empty()) << f.path;
        // Without Adj Close a price gap is all there is: a 30 % crash (NVDA 2004-08-06) must not read
        // as a 3:2 split.
        const auto found = history_splits(f, false);
        EXPECT_TRUE(found.empty()) << f.path;
        EXPECT_TRUE(gate_splits(f, false).empty()) << f.path;
        std::printf("%s without Adj Close: %zu false splits (history check), %zu (causal gate)\n",
                    f.path.c_str(), found.size(), gate_splits(f, false).size());
        for (const auto& [index, ratio] : found)
            std::printf("  %s: read as ratio %.3f: previous close %s, open %s\n",
                        format_date(f.bars[index].start).c_str(), ratio,
                        f.bars[index - 1].close.to_string().c_str(), f.bars[index].open.to_string().c_str());
    }
}

TEST_F(SplitInjection, EveryRatioIsFoundOnQuietAndOnLargeMoveDays) {
    // [check][with Adj Close][large move]
    Tally tallies[2][2][2];
    for (const auto& f : files_)
        for (bool large : {false, true})
            for (size_t at : days(f.bars, !large, 4))
                for (double ratio : kRatios) {
                    const auto u = unadjusted(f, at, ratio);
                    for (bool adj : {true, false}) {
                        score(tallies[0][adj][large], history_splits(u, adj), at, ratio);
                        score(tallies[1][adj][large], gate_splits(u, adj), at, ratio);
                    }
                }
    const char* check_names[] = {"history check", "causal gate"};
    for (int check = 0; check < 2; ++check)
        for (int adj = 1; adj >= 0; --adj)
            for (int large = 0; large < 2; ++large) {
                const Tally& t = tallies[check][adj][large];
                std::printf(
                    "%-13s %-17s %-10s injected %3zu found %3zu false %2zu: recall %.1f%% precision %.1f%%\n",
                    check_names[check], adj ? "with Adj Close" : "without Adj Close",
                    large ? "large move" : "quiet day", t.injected, t.found, t.false_splits, 100 * t.recall(),
                    100 * t.precision());
                if (!adj && check == 0) {  // without it: the wide band finds most 2:1-and-beyond splits
                    EXPECT_GE(t.recall(), large ? 0.8 : 0.9) << "history check, large " << large;
                    EXPECT_EQ(t.false_splits, 0u) << "history check, large " << large;
                }
                if (adj) {  // exact with Adj Close, whatever the market did that day
                    EXPECT_EQ(t.found, t.injected)
                        << check_names[check] << " adj " << adj << " large " << large;
                    EXPECT_EQ(t.false_splits, 0u)
                        << check_names[check] << " adj " << adj << " large " << large;
                }
            }
}

// The 60 daily symbols (2015-2020, split-adjusted Close): without Adj Close no untouched file
// reads as holding a split, and splits of the common ratios injected on one quiet and one
// large-move day of each are found.
TEST(SplitInjectionDaily, SixtySymbolsWithoutAdjCloseHoldNoFalseSplitAndTheirInjectedSplitsAreFound) {
    ROBO_REQUIRE_SHARED_DATA();
    std::vector<data::BarFile> files;
    for (const auto& e : std::filesystem::directory_iterator(shared_data_dir() / "daily"))
        if (e.path().filename().string().rfind("long-", 0) != 0)
            files.push_back(data::read_bar_file(e.path()));
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    ASSERT_GE(files.size(), 60u);
    size_t untouched_false = 0;
    Tally tallies[2][2];  // [check][large move]
    for (const auto& f : files) {
        const auto found = history_splits(f, false);
        const auto gated = gate_splits(f, false);
        untouched_false += found.size() + gated.size();
        for (const auto& [index, ratio] : found)
            std::printf("%s: %s read as a split of ratio %.3f\n", f.path.c_str(),
                        format_date(f.bars[index].start).c_str(), ratio);
        for (bool large : {false, true})
            for (size_t at : days(f.bars, !large, 1))
                for (double ratio : {2.0, 3.0, 0.5, 0.1}) {
                    const auto u = unadjusted(f, at, ratio);
                    score(tallies[0][large], history_splits(u, false), at, ratio);
                    score(tallies[1][large], gate_splits(u, false), at, ratio);
                }
    }
    std::printf("60 daily symbols without Adj Close: %zu false splits on the untouched files\n",
                untouched_false);
    const char* check_names[] = {"history check", "causal gate"};
    for (int check = 0; check < 2; ++check)
        for (int large = 0; large < 2; ++large) {
            const Tally& t = tallies[check][large];
            std::printf("%-13s without Adj Close %-10s injected %3zu found %3zu false %2zu: recall %.1f%%\n",
                        check_names[check], large ? "large move" : "quiet day", t.injected, t.found,
                        t.false_splits, 100 * t.recall());
        }
    EXPECT_EQ(untouched_false, 0u);
    EXPECT_GE(tallies[0][1].recall(), 0.85) << "history check on large-move days (was 0)";
    EXPECT_EQ(tallies[0][1].false_splits, 0u);
    EXPECT_GE(tallies[1][1].recall(), 0.5) << "causal gate on large-move days (was 0)";
}

}  // namespace
}  // namespace robo::test
