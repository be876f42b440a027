// The sector map shipped in config/sectors.csv covers every shared symbol; malformed lines
// are refused with the file, the line and what was expected.
#include <gtest/gtest.h>

#include "robo/risk/sector_map.hpp"
#include "support/paths.hpp"

namespace robo::risk {
namespace {

TEST(SectorMap, ShippedMapCoversEveryShippedAndSharedSymbol) {
    auto map = SectorMap::load(robo::test::source_dir() / "config" / "sectors.csv");
    EXPECT_EQ(map.name(map.sector_of(Symbol("AAPL"))), "Information Technology");
    EXPECT_EQ(map.name(map.sector_of(Symbol("XOM"))), "Energy");
    EXPECT_EQ(map.name(map.sector_of(Symbol("YHOO"))), "Communication Services");
    EXPECT_EQ(map.symbol_count(), 61u);  // 60 daily symbols + YHOO (NVDA and ORCL are among them)
}

TEST(SectorMap, TheBuiltInMapIsTheShippedFile) {
    auto file = SectorMap::load(robo::test::source_dir() / "config" / "sectors.csv");
    const auto& built_in = SectorMap::shipped();
    EXPECT_EQ(built_in.symbol_count(), file.symbol_count());
    EXPECT_EQ(built_in.sector_count(), file.sector_count());
    for (const char* s : {"AAPL", "XOM", "YHOO", "JPM", "KO", "NVDA"})
        EXPECT_EQ(built_in.name(built_in.sector_of(Symbol(s))), file.name(file.sector_of(Symbol(s)))) << s;
}

TEST(SectorMap, EverySharedDailySymbolHasASector) {
    ROBO_REQUIRE_SHARED_DATA();
    auto map = SectorMap::load(robo::test::source_dir() / "config" / "sectors.csv");
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(robo::test::shared_data_dir() / "daily")) {
        std::string stem = e.path().stem().string();
        if (e.path().extension() != ".csv") continue;
        ++files;
        if (stem.rfind("long-", 0) == 0) stem = stem.substr(5, stem.find('-', 5) - 5);  // long-nvda-1999-2014
        EXPECT_NE(map.sector_of(Symbol(stem)), SectorMap::unknown) << stem;
    }
    EXPECT_EQ(files, 63);
}

TEST(SectorMap, UnlistedSymbolsAreUnknown) {
    auto map = SectorMap::parse("AAPL,Tech\n");
    EXPECT_EQ(map.sector_of(Symbol("ZZZ")), SectorMap::unknown);
    EXPECT_EQ(map.name(SectorMap::unknown), "Unknown");
}

TEST(SectorMap, CommentsBlankLinesAndTheHeaderAreSkipped) {
    auto map = SectorMap::parse("# sectors\n\nsymbol,sector\r\nAAPL , Tech \nXOM,Energy\n");
    EXPECT_EQ(map.symbol_count(), 2u);
    EXPECT_EQ(map.name(map.sector_of(Symbol("AAPL"))), "Tech");
    EXPECT_EQ(map.sector_of(Symbol("AAPL")), map.sector_of(Symbol("AAPL")));
    EXPECT_NE(map.sector_of(Symbol("AAPL")), map.sector_of(Symbol("XOM")));
}

void expect_error(std::string_view text, std::string_view message) {
    try {
        SectorMap::parse(text, "sectors.csv");
        ADD_FAILURE() << "expected an error for " << text;
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), message);
    }
}

TEST(SectorMap, MalformedLinesAreNamed) {
    expect_error("AAPL,Tech\nMSFT\n", "sectors.csv:2: expected \"symbol,sector\", found \"MSFT\"");
    expect_error("AAPL,Tech,Extra\n", "sectors.csv:1: expected \"symbol,sector\", found \"AAPL,Tech,Extra\"");
    expect_error("AA PL!,Tech\n",
                 "sectors.csv:1: expected a ticker symbol in the first column, found \"AA PL!\"");
    expect_error("AAPL,\n", "sectors.csv:1: sector for AAPL is empty");
    expect_error("AAPL,Tech\naapl,Energy\n",
                 "sectors.csv:2: AAPL is listed twice (expected one sector per symbol)");
}

TEST(SectorMap, AMissingFileIsNamed) {
    EXPECT_THROW(SectorMap::load("/nonexistent/sectors.csv"), std::runtime_error);
}

}  // namespace
}  // namespace robo::risk
