// tests/validate — `robo_trader validate` end to end on copies of the real daily data:
// clean data passes, a faulted copy names the bad lines and fails the threshold, a split
// left in the prices is reported with its date and ratio.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace robo::test {
namespace {

struct Run {
    int exit_code;
    std::string out;
};

Run run_validate(const std::string& args) {
    const std::string cmd = binary().string() + " validate " + args + " 2>&1";
    Run r{-1, {}};
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return r;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) r.out.append(buf, n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::vector<std::string> lines_of(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

// Daily layout: Date,High,Low,Open,Close,Volume,Adj Close,Name.
std::string scale_row(const std::string& row, double price_factor, double volume_factor) {
    std::vector<std::string> f;
    std::stringstream ss(row);
    for (std::string c; std::getline(ss, c, ',');) f.push_back(c);
    for (int i : {1, 2, 3, 4})
        f[static_cast<size_t>(i)] = std::to_string(std::stod(f[static_cast<size_t>(i)]) * price_factor);
    f[5] = std::to_string(std::stod(f[5]) * volume_factor);
    std::string out;
    for (size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
    return out;
}

class ValidateCommand : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("robo_validate_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    void write(const std::string& name, const std::vector<std::string>& lines) {
        std::ofstream out(dir_ / name);
        for (const auto& l : lines) out << l << "\n";
    }
    std::filesystem::path dir_;
};

TEST_F(ValidateCommand, CleanRealDataPassesWithFullQuality) {
    ROBO_REQUIRE_SHARED_DATA();
    write("AAPL.csv", lines_of(shared_data_dir() / "daily" / "AAPL.csv"));
    const auto r = run_validate("--data " + dir_.string());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("AAPL bars 1d, 1259 rows, quality 100.000%"), std::string::npos) << r.out;
}

TEST_F(ValidateCommand, SpikeAndDuplicateAreNamedByLineAndFailTheThreshold) {
    ROBO_REQUIRE_SHARED_DATA();
    auto lines = lines_of(shared_data_dir() / "daily" / "AAPL.csv");
    lines[500] = scale_row(lines[500], 1.6, 1.0);   // file line 501: a bad print
    lines.insert(lines.begin() + 801, lines[800]);  // file line 802 repeats line 801
    write("AAPL.csv", lines);
    const auto r = run_validate("--data " + dir_.string());
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("AAPL.csv:501: AAPL"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("outlier"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("AAPL.csv:802:"), std::string::npos) << r.out;  // rejected by the reader
    EXPECT_NE(r.out.find("errors 2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("FAIL: error rate"), std::string::npos) << r.out;
    // A looser threshold lets the same file pass.
    EXPECT_EQ(run_validate("--data " + dir_.string() + " --max-error-rate 0.01").exit_code, 0);
}

TEST_F(ValidateCommand, ASplitLeftInThePricesIsReportedWithDateAndRatio) {
    ROBO_REQUIRE_SHARED_DATA();
    auto lines = lines_of(shared_data_dir() / "daily" / "MSFT.csv");
    for (size_t i = 1; i < 600; ++i) lines[i] = scale_row(lines[i], 4.0, 0.25);  // file lines 2..600
    // ...so file line 601 (lines[600]) is the first day on the new basis: a 4-for-1 split.
    write("MSFT.csv", lines);
    const auto r = run_validate("--data " + dir_.string());
    EXPECT_EQ(r.exit_code, 0) << r.out;  // a split is flagged, not an error
    const std::string date = lines[600].substr(0, 10);
    EXPECT_NE(r.out.find("MSFT.csv:601: MSFT " + date), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("split 4-for-1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("splits 1"), std::string::npos) << r.out;
}

TEST_F(ValidateCommand, AMissingFolderIsAUsageError) {
    const auto r = run_validate("--data " + (dir_ / "nope").string());
    EXPECT_EQ(r.exit_code, 2) << r.out;
}

TEST(ValidateSharedData, TheWholeSharedDataSetMeetsTheQualityBar) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto r = run_validate("--data " + shared_data_dir().string());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("total: 67 files"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace robo::test
