// A corpus of malformed files (tests/data_files/corpus): each bad row gives one line naming
// file:line:column, what was found and what was expected; quarantine counts it, stop throws it.
#include <gtest/gtest.h>

#include <vector>

#include "helpers.hpp"

using namespace robo;
using namespace robo::data;
using namespace robo::test;

namespace {

struct BadRowCase {
    const char* file;
    size_t rows_read;
    size_t accepted;
    std::vector<std::string> issues;  // "line:column: message", path prefix added by the test
};

std::vector<std::string> issue_lines(const std::vector<RowIssue>& rejected, const std::string& path) {
    std::vector<std::string> out;
    for (const auto& issue : rejected) {
        auto text = to_string(issue);
        EXPECT_EQ(text.rfind(path + ":", 0), 0u) << text;
        out.push_back(text.substr(path.size() + 1));
    }
    return out;
}

// Reads whichever kind of file `path` holds and returns (rows_read, accepted, rejected).
struct Counts {
    size_t rows_read, accepted;
    std::vector<RowIssue> rejected;
};
Counts read_any(const std::filesystem::path& path, const ReadOptions& options = {}) {
    switch (detect_layout(path)) {
        case FileLayout::ticks: {
            auto f = read_tick_file(path, options);
            return {f.rows_read, f.ticks.size(), f.rejected};
        }
        case FileLayout::bid_ask: {
            auto f = read_quote_file(path, options);
            return {f.rows_read, f.quotes.size(), f.rejected};
        }
        default: {
            auto f = read_bar_file(path, options);
            return {f.rows_read, f.bars.size(), f.rejected};
        }
    }
}

const std::vector<BadRowCase>& bad_row_cases() {
    static const std::vector<BadRowCase> cases{
        {"bad_number.csv", 3, 2, {"3:5: expected a number for Close, found \"n/a\" (row quarantined)"}},
        {"missing_column.csv",
         3,
         2,
         {"3:8: missing column: expected 8 columns (Date,High,Low,Open,Close,Volume,Adj Close,Name), found 7 "
          "(row quarantined)"}},
        {"extra_column.csv",
         3,
         2,
         {"3:9: extra column: expected 8 columns (Date,High,Low,Open,Close,Volume,Adj Close,Name), found 9 "
          "(row quarantined)"}},
        {"bad_date.csv",
         3,
         2,
         {"3:1: expected a date like 2015-01-12 for Date, found \"2015/01/13\" (row quarantined)"}},
        {"impossible_date.csv",
         3,
         2,
         {"3:1: Date \"2015-02-30\" is not a real calendar date (row quarantined)"}},
        {"bad_time.csv", 4, 3, {"3:2: Time \"25:10:00\" is not a real time of day (row quarantined)"}},
        {"ohlc_inconsistent.csv",
         3,
         2,
         {"3:2: High 110.00 is below Open 111.43: inconsistent OHLC (row quarantined)"}},
        {"negative_price.csv",
         3,
         2,
         {"3:3: expected a positive price for Low, found \"-108.91\" (row quarantined)"}},
        {"duplicate_timestamp.csv",
         4,
         3,
         {"4:1: duplicate time: \"2015-01-13\" repeats line 3 (row quarantined)"}},
        {"out_of_order.csv",
         4,
         3,
         {"4:1: out of order: \"2015-01-13\" is earlier than line 3 (\"2015-01-14\") (row quarantined)"}},
        {"blank_line.csv", 3, 2, {"3:1: blank line: expected a row of 8 columns (row quarantined)"}},
        {"other_symbol.csv",
         3,
         2,
         {"3:8: Name \"MSFT\" differs from the file's symbol AAPL (set by line 2) (row quarantined)"}},
        {"binary_row.csv",
         3,
         2,
         {"3:3: missing column: expected 8 columns (Date,High,Low,Open,Close,Volume,Adj Close,Name), found 2 "
          "(row quarantined)"}},
        {"crossed_quote.csv", 3, 2, {"3:2: crossed quote: BID 0.5349 is above ASK 0.5347 (row quarantined)"}},
        {"tick_out_of_order.csv",
         4,
         2,
         {"4:1: out of order: \"2015-09-23T20:57:41.000\" is earlier than line 3 "
          "(\"2015-09-23T20:57:42.146\") "
          "(row quarantined)",
          "5:6: expected zero or more for Volume, found \"-2\" (row quarantined)"}},
    };
    return cases;
}

}  // namespace

TEST(Corpus, QuarantineCountsEachBadRowWithFileLineAndColumn) {
    for (const auto& c : bad_row_cases()) {
        SCOPED_TRACE(c.file);
        auto path = corpus(c.file);
        auto counts = read_any(path);
        EXPECT_EQ(counts.rows_read, c.rows_read);
        EXPECT_EQ(counts.accepted, c.accepted);
        EXPECT_EQ(counts.rows_read, counts.accepted + counts.rejected.size());
        EXPECT_EQ(issue_lines(counts.rejected, path.string()), c.issues);
    }
}

TEST(Corpus, StopThrowsTheFirstBadRowAndSaysReadingStopped) {
    for (const auto& c : bad_row_cases()) {
        SCOPED_TRACE(c.file);
        auto path = corpus(c.file);
        try {
            read_any(path, stopping());
            ADD_FAILURE() << "expected DataFileError";
        } catch (const DataFileError& e) {
            std::string expected = c.issues.front();
            expected.replace(expected.find("(row quarantined)"), std::string::npos, "(reading stopped)");
            EXPECT_EQ(std::string(e.what()), path.string() + ":" + expected);
            EXPECT_EQ(e.issue().file, path.string());
            EXPECT_EQ(e.issue().line, std::stoul(expected));
        }
    }
}

TEST(Corpus, HeaderOnlyFileHasNoRowsAndNoIssues) {
    auto f = read_bar_file(corpus("header_only.csv"), stopping());
    EXPECT_EQ(f.rows_read, 0u);
    EXPECT_TRUE(f.bars.empty());
    EXPECT_TRUE(f.rejected.empty());
    EXPECT_EQ(f.layout, FileLayout::daily_ohlcv_name);
}

TEST(Corpus, EmptyFileIsUnreadableWithItsReason) {
    auto path = corpus("empty.csv").string();
    try {
        read_bar_file(path);
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(
                      path + ":1:1: file is empty: expected a header line naming the columns", 0),
                  0u)
            << e.what();
    }
}

TEST(Corpus, UnknownHeaderNamesWhatWasFoundAndTheKnownHeaders) {
    auto path = corpus("unknown_header.csv").string();
    try {
        read_bar_file(path, {});
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        // What was found, what is missing, how to map other names, and the known headers.
        EXPECT_EQ(std::string(e.what()),
                  path +
                      ":1:1: unknown header \"Day,Px,Qty\": no Open, "
                      "High, Low, Close columns; name other columns with --columns "
                      "date=...,open=...,high=...,low=...,close=... (docs/data-files.md); known headers: " +
                      known_headers_description());
    }
}

TEST(Corpus, BinaryGarbageIsAnUnknownHeaderShownAsEscapedText) {
    auto path = corpus("binary_garbage.csv").string();
    try {
        detect_layout(path);
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        std::string what = e.what();
        EXPECT_EQ(what.rfind(path + ":1:1: unknown header \"", 0), 0u) << what;
        for (unsigned char c : what)
            EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "raw byte " << int(c) << " in message";
        EXPECT_NE(what.find("\\x00"), std::string::npos);  // the NUL byte is shown, not printed
    }
}

TEST(Corpus, MissingFileSaysItCannotBeOpened) {
    auto path = corpus("no_such_file.csv").string();
    EXPECT_THROW(
        {
            try {
                read_bar_file(path);
            } catch (const DataFileError& e) {
                EXPECT_EQ(std::string(e.what()), path + ": cannot open: No such file or directory");
                throw;
            }
        },
        DataFileError);
}

TEST(Corpus, ReadingWithTheWrongReaderNamesTheRightOne) {
    auto path = corpus("crossed_quote.csv").string();
    try {
        read_bar_file(path);
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path + ":1:1: this file holds bid_ask; read it with read_quote_file");
    }
}
