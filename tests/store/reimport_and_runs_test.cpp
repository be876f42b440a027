// tests/store — what the store keeps across commands: a re-import adds no findings, a killed
// run says "aborted" the next time the database is opened, two imports into one new file take
// turns, `db export trades` exports a run's trades and `--to` includes its day.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "store/store_fixture.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using ::testing::HasSubstr;

namespace {

robo::test::ShellResult robo_trader(const std::string& args) {
    return robo::test::run_shell(robo::test::binary().string() + " " + args);
}

// A pid that is certainly not running: a child that has exited and been reaped.
pid_t finished_pid() {
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

}  // namespace

class StoreAcrossCommands : public StoreTest {
protected:
    std::string db() const { return "--db " + db_path().string(); }
    void write_data(const std::string& name, const std::string& text) {
        std::filesystem::create_directories(dir() / "data");
        std::ofstream(dir() / "data" / name) << text;
    }
    int64_t count(const std::string& sql) {
        return Connection(db_path(), Connection::Mode::read_only).query_int(sql);
    }
};

TEST_F(StoreAcrossCommands, ReimportingAFileDoesNotDuplicateItsQualityFindings) {
    write_data("AAA.csv",
               "Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,x,11,9,10.5,1\n"
               "2024-01-04,10,11,9,10.6,100\n");
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(robo_trader("import --data " + (dir() / "data").string() + " " + db()).status, 0);
    EXPECT_EQ(count("SELECT count(*) FROM quality_findings"), 1);
}

TEST_F(StoreAcrossCommands, ARunWhoseProcessIsGoneIsMarkedAbortedWhenTheDatabaseIsNextOpened) {
    const std::string killed = "backtest-20260101T000000Z-" + std::to_string(finished_pid());
    const std::string alive = "paper-20260101T000000Z-" + std::to_string(::getpid());
    {
        Writer w(db_path());
        ASSERT_TRUE(write_all(w, RunRecord{killed, "backtest", at_second(1), "{}"},
                              RunRecord{alive, "paper", at_second(2), "{}"}));
    }
    EXPECT_THAT(robo_trader("db " + db() + " runs").out, HasSubstr("aborted"));  // shown at once
    { Writer reopened(db_path()); }                                              // and recorded
    Reader reader(db_path());
    for (const auto& r : reader.runs()) {
        if (r.run_id == killed) {
            EXPECT_EQ(r.status, "aborted");
            EXPECT_TRUE(r.ended.has_value());
        }
        if (r.run_id == alive) {
            EXPECT_EQ(r.status, "running") << "a live process's run is left alone";
        }
    }
}

TEST_F(StoreAcrossCommands, TwoImportsIntoANewDatabaseBothSucceed) {
    const std::string sample = robo::test::sample_dir().string();
    for (int attempt = 0; attempt < 3; ++attempt) {
        std::filesystem::remove(db_path());
        auto both = robo::test::run_shell(
            "(" + robo::test::binary().string() + " import --data " + sample + " " + db() + " > " +
            (dir() / "a.log").string() + " 2>&1; echo a=$? >> " + (dir() / "status").string() + ") & (" +
            robo::test::binary().string() + " import --data " + sample + " " + db() + " > " +
            (dir() / "b.log").string() + " 2>&1; echo b=$? >> " + (dir() / "status").string() +
            ") & wait; cat " + (dir() / "status").string() + " " + (dir() / "a.log").string() + " " +
            (dir() / "b.log").string() + "; rm " + (dir() / "status").string());
        EXPECT_THAT(both.out, HasSubstr("a=0")) << both.out;
        EXPECT_THAT(both.out, HasSubstr("b=0")) << both.out;
        EXPECT_THAT(both.out, ::testing::Not(HasSubstr("not a robo_trader database"))) << both.out;
    }
}

TEST_F(StoreAcrossCommands, ExportTradesWritesTheExecutionsOfARunNotMarketTicks) {
    {
        Writer w(db_path());
        Fill buy;  // 10 AAPL at 189.365, then 4 sold at the same price
        buy.client_id = "o-1", buy.exec_id = "x-1", buy.symbol = Symbol("AAPL"), buy.side = Side::buy;
        buy.quantity = Quantity::parse("10"), buy.price = Price::parse("189.365");
        buy.commission = Money::parse("0.35"), buy.time = at_second(101);
        Fill sell = buy;
        sell.exec_id = "x-2";
        sell.side = Side::sell;
        sell.quantity = Quantity::parse("4");
        sell.time = at_second(102);
        Tick print{Symbol("AAPL"), at_second(50), Price::parse("1"), Quantity::parse("1")};
        ASSERT_TRUE(write_all(w, RunRecord{"bt-1", "backtest", at_second(99), "{}"}, FillRecord{"bt-1", buy},
                              FillRecord{"bt-1", sell}, TickRecord{print, 0}));
    }
    auto out = dir() / "trades.csv";
    auto r = robo_trader("db " + db() + " export trades --run bt-1 --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out, HasSubstr("wrote 2 trades of run bt-1"));
    std::ifstream in(out);
    std::string header, first, second;
    std::getline(in, header), std::getline(in, first), std::getline(in, second);
    EXPECT_EQ(header,
              "time_utc,run_id,symbol,side,quantity,price,commission,position,strategy,exec_id,client_id");
    EXPECT_EQ(first, "1970-01-01T00:01:41.000000Z,bt-1,AAPL,buy,10,189.365,0.35,10,,x-1,o-1");
    EXPECT_EQ(second, "1970-01-01T00:01:42.000000Z,bt-1,AAPL,sell,4,189.365,0.35,6,,x-2,o-1");
}

TEST_F(StoreAcrossCommands, ExportToIncludesItsDayAsInBacktest) {
    ASSERT_EQ(robo_trader("import --data " + robo::test::sample_dir().string() + " " + db()).status, 0);
    auto out = dir() / "aapl.csv";
    auto r = robo_trader(
        "db " + db() + " export bars --symbol AAPL --from 2019-01-02 --to 2019-01-02 --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out, HasSubstr("wrote 1 bars rows for AAPL"));
}
