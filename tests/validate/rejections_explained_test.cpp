// tests/validate — every refusal of a data file says why, whichever command reads it:
// header-only files, files whose every row is rejected, folders without a *.csv file,
// `validate` of one file, `import` of a folder with nothing readable.
#include <gtest/gtest.h>

#include <fstream>

#include "support/paths.hpp"
#include "support/shell.hpp"

namespace robo::test {
namespace {

class RejectionsExplained : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("robo_rejections_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "data");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / "data" / name) << text;
    }
    ShellResult run(const std::string& command, const std::string& args) {
        return run_shell(binary().string() + " " + command + " --data " + (dir_ / "data").string() + " " +
                         args);
    }
    std::string out_dir() const { return (dir_ / "out").string(); }
    std::filesystem::path dir_;
};

TEST_F(RejectionsExplained, BacktestOfHeaderOnlyFileSaysItHasNoRows) {
    write("AAA.csv", "Date,Open,High,Low,Close,Volume\n");
    auto r = run("backtest", "--quiet --out " + out_dir());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("no usable market data: 1 file(s) with no data rows"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("AAA.csv: no data rows (only a header)"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("check --symbols"), std::string::npos) << r.out;
}

TEST_F(RejectionsExplained, BacktestWhereEveryRowIsRejectedGivesTheFirstReasons) {
    write("AAA.csv",
          "Date,Open,High,Low,Close,Volume\n2024-01-02,x,11,9,10.5,100\n2024-01-03,10.5,9,10,10.8,1\n");
    auto r = run("backtest", "--quiet --out " + out_dir());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("every row was rejected"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("AAA.csv:2:2: expected a number for Open, found \"x\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("AAA.csv:3:3: High 9 is below Low 10"), std::string::npos) << r.out;
}

TEST_F(RejectionsExplained, FolderWithoutCsvFilesNamesWhatItPassedOver) {
    write("prices.txt", "Date,Open,High,Low,Close\n");
    for (const char* command : {"backtest", "validate", "import"}) {
        auto r = run(command, std::string("--out ") + out_dir() + " --db " + (dir_ / "x.db").string());
        if (std::string(command) == "validate") r = run(command, "");
        if (std::string(command) == "import") r = run(command, "--db " + (dir_ / "x.db").string());
        EXPECT_NE(r.status, 0) << command;
        EXPECT_NE(r.out.find("no market-data files (*.csv) found; passed over: prices.txt: not *.csv"),
                  std::string::npos)
            << command << ": " << r.out;
    }
    EXPECT_FALSE(std::filesystem::exists(dir_ / "x.db")) << "import left a database for nothing";
}

TEST_F(RejectionsExplained, ValidateReportsAHeaderOnlyFileAsHavingNoRowsAndFails) {
    write("AAA.csv", "Date,Open,High,Low,Close,Volume\n");
    auto r = run("validate", "");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("AAA bars 1d, 0 rows: the file has a header but no data rows"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("quality 100"), std::string::npos) << r.out;
}

TEST_F(RejectionsExplained, ValidateAcceptsASingleFile) {
    write("AAA.csv", "Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n");
    auto r = run_shell(binary().string() + " validate --data " + (dir_ / "data" / "AAA.csv").string());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("AAA bars 1d, 1 rows, quality 100.000%"), std::string::npos) << r.out;
}

TEST_F(RejectionsExplained, ImportOfAFolderWithNothingReadableExitsNonZero) {
    write("AAA.csv", "Date,Open,High,Low,Close,Volume\n");
    write("BBB.csv", "Day,Px\n1,2\n");
    auto r = run("import", "--db " + (dir_ / "x.db").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("no usable market data"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("BBB.csv:1:1: unknown header"), std::string::npos) << r.out;
}

TEST_F(RejectionsExplained, ImportAndBacktestReadAnyCommonLayoutWithTheFormatFlags) {
    write("AAA.csv",
          "Date,Close/Last,Volume,Open,High,Low\n03/04/2024,$172.62,1000,$171.17,$172.62,$170.28\n");
    auto refused = run("import", "--db " + (dir_ / "x.db").string());
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.out.find("say which with --date-format mdy or --date-format dmy"), std::string::npos)
        << refused.out;
    auto imported = run("import", "--date-format mdy --db " + (dir_ / "x.db").string());
    EXPECT_EQ(imported.status, 0) << imported.out;
    auto backtest = run_shell("DATA_DATE_FORMAT=mdy " + binary().string() + " backtest --quiet --data " +
                              (dir_ / "data").string() + " --out " + out_dir());
    EXPECT_EQ(backtest.status, 0) << backtest.out;
}

}  // namespace
}  // namespace robo::test
