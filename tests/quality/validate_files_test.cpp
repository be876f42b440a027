// tests/quality — validate_files (what `robo_trader validate` runs) on a folder with one clean
// real file, one header-only file and one file with a bad row: each is judged on its own and
// the totals say which failed and why.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "robo/data/quality/validate_files.hpp"
#include "support/paths.hpp"

using namespace robo;
using namespace robo::data::quality;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST(ValidateFiles, EachFileIsJudgedAndTheTotalsSayWhichFailedAndWhy) {
    auto dir = fresh_dir("validate-files");
    std::filesystem::copy_file(test::sample_dir() / "daily" / "AAPL.csv", dir / "AAPL.csv");
    std::ofstream(dir / "EMPTY.csv") << "Date,Open,High,Low,Close,Volume\n";
    std::ofstream(dir / "BAD.csv") << "Date,Open,High,Low,Close,Volume\n"
                                   << "2020-01-02,10,11,9,10.5,1000\n"
                                   << "2020-01-03,10,9,11,10.5,1000\n"  // high below low
                                   << "2020-01-06,10.5,11,10,10.8,1200\n";
    const auto loaded = data::load_data_path(dir);
    ASSERT_EQ(loaded.bar_files.size(), 3u);

    std::ostringstream out;
    ValidateOptions options;
    options.max_error_rate = 0.001;
    const ValidateTotals t = validate_files(loaded, options, wall_now(), out);
    EXPECT_EQ(t.files, 3u);
    EXPECT_EQ(t.without_rows, 1u) << out.str();  // EMPTY.csv: no rows, not quality 100 %
    EXPECT_EQ(t.over_limit, 1u) << out.str();    // BAD.csv: 1 of 3 rows unusable
    EXPECT_EQ(t.unreadable, 0u);
    EXPECT_GE(t.errors, 1u);
    EXPECT_FALSE(t.passed());
    EXPECT_NE(out.str().find("FAIL: no data rows to judge"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("is above --max-error-rate"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("total: 3 files"), std::string::npos) << out.str();

    // The clean real file alone passes.
    std::filesystem::remove(dir / "EMPTY.csv");
    std::filesystem::remove(dir / "BAD.csv");
    std::ostringstream clean;
    EXPECT_TRUE(validate_files(data::load_data_path(dir), options, wall_now(), clean).passed())
        << clean.str();
    std::filesystem::remove_all(dir);
}

TEST(ValidateFiles, TheCalendarChoiceIsOneOfThreeWordsOrAnErrorSayingWhich) {
    EXPECT_EQ(parse_calendar_choice("auto"), CalendarChoice::automatic);
    EXPECT_EQ(parse_calendar_choice("nyse"), CalendarChoice::nyse);
    EXPECT_EQ(parse_calendar_choice("none"), CalendarChoice::none);
    try {
        parse_calendar_choice("NYSE ");
        FAIL() << "accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("expected auto, nyse or none"), std::string::npos);
    }
}
