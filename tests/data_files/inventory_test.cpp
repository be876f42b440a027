// Loading a folder: every file read with the reader its header calls for, unreadable files
// listed with their reason, and `robo_trader run` / `data inspect` print it all.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <sstream>

#include "helpers.hpp"
#include "robo/data/files/inventory.hpp"

using namespace robo;
using namespace robo::data;
using namespace robo::test;

namespace {

struct Run {
    int status;
    std::string out;  // stdout and stderr together
};

Run run_binary(const std::string& args) {
    std::string command = binary().string() + " " + args + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
    Run r{-1, {}};
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) r.out.append(buf.data(), n);
    int raw = pclose(pipe.release());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST(Inventory, ListsCsvFilesRecursivelyInPathOrder) {
    auto files = list_data_files(sample_dir());
    ASSERT_EQ(files.size(), 12u);
    EXPECT_EQ(files.front(), sample_dir() / "daily" / "AAPL.csv");
    EXPECT_EQ(files.back(), sample_dir() / "intraday" / "ticksample.csv");
    EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
}

TEST(Inventory, MissingFolderIsAClearError) {
    EXPECT_THROW(list_data_files(sample_dir() / "no-such-folder"), DataFileError);
}

TEST(Inventory, SampleLoadsCompletelyIntoBarsTicksAndQuotes) {
    auto data = load_data_directory(sample_dir());
    EXPECT_TRUE(data.failures.empty());
    EXPECT_EQ(data.bar_files.size(), 10u);  // 8 daily + 1-minute day + 5-minute
    EXPECT_EQ(data.tick_files.size(), 1u);
    EXPECT_EQ(data.quote_files.size(), 1u);
    EXPECT_EQ(data.rows_rejected(), 0u);
    // 8 x 1259 daily rows except JNJ (1256), 770 one-minute, 2142 five-minute, 135 ticks, 10 quotes.
    EXPECT_EQ(data.rows_read(), 7u * 1259 + 1256 + 770 + 2142 + 135 + 10);
}

TEST(Inventory, UnreadableFileIsListedAndTheOthersStillLoad) {
    std::array paths{corpus("unknown_header.csv"), corpus("bad_number.csv")};
    auto data = load_data_files(paths);
    ASSERT_EQ(data.failures.size(), 1u);
    EXPECT_TRUE(contains(data.failures[0].message, "unknown header \"Day,Px,Qty\""));
    ASSERT_EQ(data.bar_files.size(), 1u);
    EXPECT_EQ(data.rows_rejected(), 1u);
}

TEST(Inventory, PrintsOneLinePerFileAndTotals) {
    auto data = load_data_directory(sample_dir());
    std::ostringstream out;
    print_inventory(out, data);
    std::string text = out.str();
    EXPECT_TRUE(contains(text, "daily/AAPL.csv")) << text;
    EXPECT_TRUE(contains(text, "2015-01-12")) << text;
    EXPECT_TRUE(contains(text, "intraday/index-future-2006-01-03-1min.csv")) << text;
    EXPECT_TRUE(contains(text, "2006-01-03 09:01:00")) << text;  // shown in New York time, as in the file
    EXPECT_TRUE(contains(
        text, "totals: 12 files read, 0 unreadable; 12 symbols; 13126 rows read, 13126 accepted, 0 rejected"))
        << text;
}

TEST(Inventory, PrintsOnlyTheFirstFewRejectedRowsPerFile) {
    std::string text = "Date,Open,High,Low,Close,Adj Close,Volume\n";
    for (int i = 0; i < 5; ++i) text += "2015-01-1" + std::to_string(i) + ",x,1,1,1,1,1\n";
    LoadedData data;
    data.bar_files.push_back(read_bar_text("XYZ.csv", text));
    std::ostringstream out;
    print_inventory(out, data, 2);
    EXPECT_TRUE(contains(out.str(), "XYZ.csv:3:2: expected a number for Open, found \"x\"")) << out.str();
    EXPECT_FALSE(contains(out.str(), "XYZ.csv:4:2")) << out.str();
    EXPECT_TRUE(contains(out.str(), "... and 3 more rejected rows (robo_trader data inspect XYZ.csv)"))
        << out.str();
}

TEST(RunCommand, LoadsTheSampleAndExitsZero) {
    auto r = run_binary("run --data " + sample_dir().string());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "daily/MSFT.csv")) << r.out;
    EXPECT_TRUE(contains(r.out, "13126 rows read")) << r.out;
}

TEST(RunCommand, ExitsOneWhenAFileCannotBeReadAndSaysWhy) {
    auto r = run_binary("run --data " + (source_dir() / "tests" / "data_files" / "corpus").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "UNREADABLE")) << r.out;
    EXPECT_TRUE(
        contains(r.out, "bad_number.csv:3:5: expected a number for Close, found \"n/a\" (row quarantined)"))
        << r.out;
}

TEST(RunCommand, MissingFolderExitsOne) {
    auto r = run_binary("run --data " + (sample_dir() / "nope").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "not a folder")) << r.out;
}

TEST(DataInspect, PrintsEveryRejectedRow) {
    auto r = run_binary("data inspect " + corpus("tick_out_of_order.csv").string());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "tick_out_of_order.csv:4:1: out of order")) << r.out;
    EXPECT_TRUE(contains(r.out, "tick_out_of_order.csv:5:6: expected zero or more for Volume")) << r.out;
    EXPECT_TRUE(contains(r.out, "4 rows read, 2 accepted, 2 rejected")) << r.out;
}

TEST(DataInspect, StopFlagMakesTheFirstBadRowFatal) {
    auto r = run_binary("data inspect --stop " + corpus("bad_number.csv").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(
        contains(r.out, "bad_number.csv:3:5: expected a number for Close, found \"n/a\" (reading stopped)"))
        << r.out;
}
