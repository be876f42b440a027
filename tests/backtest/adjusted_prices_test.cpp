// DATA_ADJUSTED_PRICES: a backtest trades total return when asked, on prices times Adj Close /
// Close; otherwise the prices as they are; and asking for it of files without Adj Close is an
// error, not a run that quietly trades the raw prices.
#include <gtest/gtest.h>

#include <fstream>

#include "backtest/load_dir.hpp"

using namespace robo;

namespace {

// Five trading days of AAA at 100 whose Adj Close is 50 (a 2-for-1 split or dividends later).
std::filesystem::path one_file(const std::string& test, bool with_adj_close) {
    const auto dir = std::filesystem::temp_directory_path() / ("robo_adjusted_prices_" + test);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream out(dir / "AAA.csv");
    out << (with_adj_close ? "Date,Open,High,Low,Close,Adj Close,Volume\n"
                           : "Date,Open,High,Low,Close,Volume\n");
    for (int d = 8; d <= 12; ++d)
        out << "2024-01-" << (d < 10 ? "0" : "") << d << ",100,102,98,100" << (with_adj_close ? ",50" : "")
            << ",100000\n";
    return dir;
}

engine::LoadedFeed load(const std::filesystem::path& dir, bool adjusted) {
    return test::load_dir(dir, [&](engine::DataSelection& sel) { sel.adjusted_prices = adjusted; });
}

Bar first_bar(engine::LoadedFeed& loaded) {
    engine::MarketEvent ev;
    EXPECT_TRUE(loaded.feed.next(ev));
    return std::get<Bar>(ev.data);
}

TEST(AdjustedPrices, WhenAskedEveryPriceIsOnTheAdjCloseBasis) {
    const auto dir = one_file("asked", true);
    auto loaded = load(dir, true);
    EXPECT_EQ(loaded.adjusted_bars, 5u);
    const Bar b = first_bar(loaded);
    EXPECT_EQ(b.open, Price::parse("50"));
    EXPECT_EQ(b.high, Price::parse("51"));
    EXPECT_EQ(b.low, Price::parse("49"));
    EXPECT_EQ(b.close, Price::parse("50"));
    EXPECT_EQ(b.volume, Quantity::parse("100000"));
    std::filesystem::remove_all(dir);
}

TEST(AdjustedPrices, OtherwiseThePricesAreTradedAsTheyAre) {
    const auto dir = one_file("not_asked", true);
    auto loaded = load(dir, false);
    EXPECT_EQ(loaded.adjusted_bars, 0u);
    EXPECT_EQ(first_bar(loaded).close, Price::parse("100"));
    std::filesystem::remove_all(dir);
}

TEST(AdjustedPrices, AskingWithoutAnAdjCloseColumnIsAnError) {
    const auto dir = one_file("no_column", false);
    try {
        load(dir, true);
        ADD_FAILURE() << "loaded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no bar has an Adj Close"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
