// Every fill of a backtest over the shared data lies within its bar's low..high: slippage
// never gives a price the market did not trade (exec/paper_broker.hpp).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "robo/data/files/inventory.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo;
using namespace robo::test;

namespace {
struct Range {
    Price low, high;
};
// (symbol, bar start as written in fills.csv) -> the bar's range; a symbol two files hold
// keeps every range (a fill must lie within one of them).
using Bars = std::multimap<std::pair<std::string, std::string>, Range>;

Bars bars_of(const std::filesystem::path& data) {
    std::vector<std::filesystem::path> one{data};
    auto loaded =
        std::filesystem::is_directory(data) ? data::load_data_directory(data) : data::load_data_files(one);
    Bars out;
    for (const auto& f : loaded.bar_files)
        for (const Bar& b : f.bars)
            out.emplace(std::pair{b.symbol.str(), format_iso_micros(b.start)}, Range{b.low, b.high});
    return out;
}

struct Outside {
    size_t fills = 0, outside = 0, unmatched = 0;
    std::string first;
};

// fills.csv: time,client_id,exec_id,symbol,side,quantity,price,commission
Outside check_fills(const std::filesystem::path& fills_csv, const Bars& bars) {
    Outside r;
    std::ifstream in(fills_csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::vector<std::string> col;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');) col.push_back(c);
        if (col.size() < 8) continue;
        ++r.fills;
        const Price price = Price::parse(col[6]);
        auto [lo, hi] = bars.equal_range({col[3], col[0]});
        if (lo == hi) {
            ++r.unmatched;
            continue;
        }
        bool inside = false;
        for (auto it = lo; it != hi; ++it) inside |= it->second.low <= price && price <= it->second.high;
        if (!inside && r.outside++ == 0) r.first = line;
    }
    return r;
}

std::filesystem::path run(const std::string& name, const std::string& args) {
    auto out = std::filesystem::temp_directory_path() / ("robo_fills_within_bar_" + name);
    std::filesystem::remove_all(out);
    auto r = run_shell(binary().string() + " backtest --quiet --no-record --slippage-bps 5 " + args +
                       " --out " + out.string());
    EXPECT_EQ(r.status, 0) << r.out;
    return out / "fills.csv";
}
}  // namespace

TEST(FillsWithinBar, EveryDailyFillOnTheSharedDataLiesWithinItsBar) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto data = shared_data_dir() / "daily";
    auto r = check_fills(run("daily", "--data " + data.string()), bars_of(data));
    EXPECT_GT(r.fills, 1000u);
    EXPECT_EQ(r.unmatched, 0u);
    EXPECT_EQ(r.outside, 0u) << "of " << r.fills << " fills; first: " << r.first;
}

TEST(FillsWithinBar, EveryOneMinuteFillOnTheSharedDataLiesWithinItsBar) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto data = shared_data_dir() / "intraday" / "index-future-2006-1min.csv";
    auto r =
        check_fills(run("1min", "--risk basic --position-pct 0.5 --max-leverage 1 --data " + data.string()),
                    bars_of(data));
    EXPECT_GT(r.fills, 1000u);
    EXPECT_EQ(r.unmatched, 0u);
    EXPECT_EQ(r.outside, 0u) << "of " << r.fills << " fills; first: " << r.first;
}
