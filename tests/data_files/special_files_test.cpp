// A FIFO (or any file that is not a regular file) named *.csv: every command that reads market
// data names it and finishes at once, instead of waiting forever for a writer. Each command runs
// under `timeout`, so a regression fails here instead of hanging the test run.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "support/faulted_sample.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {

class SpecialFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("robo_special_files_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "data");
        std::filesystem::copy_file(sample_dir() / "daily" / "KO.csv", dir_ / "data" / "KO.csv");
        ASSERT_EQ(::mkfifo((dir_ / "data" / "x.csv").c_str(), 0600), 0);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    ShellResult run(const std::string& args) {
        return run_shell("timeout 20 " + binary().string() + " " + args);  // 124: it hung
    }
    std::string fifo() const { return (dir_ / "data" / "x.csv").string(); }
    std::string folder() const { return (dir_ / "data").string(); }
    std::filesystem::path dir_;
};

bool names_fifo(const ShellResult& r, const std::string& path) {
    return r.out.find(path + ": not a regular file (fifo)") != std::string::npos;
}

}  // namespace

TEST_F(SpecialFiles, DataInspectNamesAFifoInsteadOfWaitingOnIt) {
    auto r = run("data inspect " + fifo());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(names_fifo(r, fifo())) << r.out;
}

TEST_F(SpecialFiles, FeaturesNamesAFifoInsteadOfWaitingOnIt) {
    auto r = run("features --data " + fifo() + " --out " + (dir_ / "f.csv").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(names_fifo(r, fifo())) << r.out;
}

TEST_F(SpecialFiles, ValidateListsAFifoInAFolderAsUnreadable) {
    auto r = run("validate --data " + folder());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(names_fifo(r, fifo())) << r.out;
    EXPECT_NE(r.out.find("KO bars 1d"), std::string::npos) << r.out;  // the good file is still checked
}

TEST_F(SpecialFiles, BacktestNamesAFifoInItsFolderAndRefusesToTradeOnPartOfTheData) {
    auto r = run("backtest --quiet --data " + folder() + " --out " + (dir_ / "out").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(names_fifo(r, fifo())) << r.out;
    auto one = run("backtest --quiet --data " + fifo() + " --out " + (dir_ / "out").string());
    EXPECT_EQ(one.status, 1) << one.out;
    EXPECT_TRUE(names_fifo(one, fifo())) << one.out;
}

TEST_F(SpecialFiles, ImportNamesAFifoInItsFolderAsUnreadable) {
    auto r = run("import --data " + folder() + " --db " + (dir_ / "robo.db").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(names_fifo(r, fifo())) << r.out;
    EXPECT_NE(r.out.find("1 unreadable files"), std::string::npos) << r.out;
}
