// Two files holding one symbol (an old history and a recent download): reported with their
// ranges and the gap, and merged into one series only when asked (DATA_MERGE_SAME_SYMBOL);
// otherwise only the file whose data ends last is used, whatever the files are called.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "backtest/load_dir.hpp"

using namespace robo;
using ::testing::HasSubstr;

namespace {

// AAA in two files, January (old.csv) and March 2024 (`recent_name`), named by a Name column.
std::filesystem::path two_files_of_one_symbol(const std::string& test, const std::string& recent_name) {
    const auto dir = std::filesystem::temp_directory_path() / ("robo_same_symbol_" + test);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto write = [&](const std::string& name, int month, int days) {
        std::ofstream out(dir / name);
        out << "Date,Open,High,Low,Close,Volume,Name\n";
        for (int d = 1; d <= days; ++d)
            out << "2024-0" << month << "-" << (d < 10 ? "0" : "") << d << ",10,11,9,10.5,100000,AAA\n";
    };
    write("old.csv", 1, 20);
    write(recent_name, 3, 10);
    return dir;
}

engine::LoadedFeed load(const std::filesystem::path& dir, bool merge) {
    return test::load_dir(dir, [&](engine::DataSelection& sel) { sel.merge_same_symbol = merge; });
}

TEST(SameSymbolFiles, AreNotMergedUnlessAskedAndTheFileWithTheLatestDataIsUsed) {
    // "a-recent.csv" sorts before "old.csv": the choice does not follow the names.
    const auto dir = two_files_of_one_symbol("default", "a-recent.csv");
    const auto loaded = load(dir, false);
    EXPECT_EQ(loaded.bars, 6u);  // the trading days of March 1-10 (the gate quarantines the weekends)
    EXPECT_EQ(loaded.left_out_bars, 20u);
    ASSERT_EQ(loaded.same_symbol_files.size(), 1u);
    EXPECT_THAT(
        loaded.same_symbol_files[0],
        HasSubstr("AAA: old.csv 2024-01-01..2024-01-20, a-recent.csv 2024-03-01..2024-03-10 (gap of 41 "
                  "days); only a-recent.csv is used"));
    EXPECT_THAT(loaded.same_symbol_files[0], HasSubstr("DATA_MERGE_SAME_SYMBOL=true merges them"));
    std::filesystem::remove_all(dir);
}

TEST(SameSymbolFiles, AreMergedIntoOneSeriesWhenAsked) {
    const auto dir = two_files_of_one_symbol("merge", "recent.csv");
    const auto loaded = load(dir, true);
    EXPECT_EQ(loaded.bars, 19u);  // and the 13 trading days of January 1-20
    EXPECT_EQ(loaded.left_out_bars, 0u);
    ASSERT_EQ(loaded.same_symbol_files.size(), 1u);
    EXPECT_THAT(loaded.same_symbol_files[0], HasSubstr("merged into one series"));
    std::filesystem::remove_all(dir);
}

}  // namespace
