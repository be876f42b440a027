// The command line: `robo_trader import` fills the database, `robo_trader db` shows and
// exports it, and a database it cannot use is a one-line error and exit status 1.
#include <gmock/gmock.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "robo/store/sqlite.hpp"
#include "store_fixture.hpp"
#include "support/faulted_sample.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

struct Ran {
    int status = -1;
    std::string output;  // stdout and stderr
};

Ran run(const std::string& args) {
    auto r = robo::test::run_shell(robo::test::binary().string() + " " + args);
    return {r.status, std::move(r.out)};
}

}  // namespace

class Cli : public StoreTest {
protected:
    std::string db() const { return "--db " + db_path().string(); }
};

TEST_F(Cli, ImportThenStatusShowsTheSampleSeries) {
    auto imported = run("import --data " + robo::test::sample_dir().string() + " " + db());
    ASSERT_EQ(imported.status, 0) << imported.output;
    EXPECT_THAT(imported.output, HasSubstr("imported 12 files"));
    auto status = run("db " + db() + " status");
    ASSERT_EQ(status.status, 0) << status.output;
    EXPECT_THAT(status.output, HasSubstr("AAPL          1d         1259"));
    EXPECT_THAT(status.output, HasSubstr("kill switch: armed"));
}

TEST_F(Cli, PositionsOrdersFillsAndRunsPrintExactDecimals) {
    {
        Writer w(db_path());
        Order o;
        o.client_id = "o-1";
        o.symbol = Symbol("AAPL");
        o.type = OrderType::limit;
        o.quantity = Quantity::parse("10");
        o.limit = Price::parse("189.37");
        o.created = at_second(100);
        o.strategy = "sma_cross";
        Fill f{"o-1",
               "x-1",
               Symbol("AAPL"),
               Side::buy,
               Quantity::parse("10"),
               Price::parse("189.365"),
               Money::parse("0.35"),
               at_second(101)};
        ASSERT_TRUE(
            write_all(w, RunRecord{"bt-1", "backtest", at_second(99), R"({"symbols":["AAPL"]})"},
                      OrderRecord{"bt-1", o, OrderStatus::submitted},
                      OrderEventRecord{"o-1", at_second(101), OrderStatus::filled, Quantity::parse("10"), ""},
                      FillRecord{"bt-1", f},
                      PositionRecord{"bt-1",
                                     {Symbol("AAPL"), Quantity::parse("10"), Price::parse("189.4"), Money{}},
                                     at_second(101)}));
    }
    auto positions = run("db positions " + db());  // --db after the view works too
    ASSERT_EQ(positions.status, 0) << positions.output;
    EXPECT_THAT(positions.output, HasSubstr("bt-1  AAPL    10        189.4"));
    auto orders = run("db " + db() + " orders");
    EXPECT_THAT(orders.output, HasSubstr("189.37"));
    EXPECT_THAT(orders.output, HasSubstr("filled"));
    auto fills = run("db " + db() + " fills --run bt-1");
    EXPECT_THAT(fills.output, HasSubstr("189.365"));
    EXPECT_THAT(fills.output, HasSubstr("0.35"));
    auto runs = run("db " + db() + " runs");
    // A readable table (not the config JSON): the run and its symbols; no summary yet.
    EXPECT_THAT(runs.output, HasSubstr("run   kind      status"));
    EXPECT_THAT(runs.output, HasSubstr("bt-1  backtest"));
    EXPECT_THAT(runs.output, HasSubstr("AAPL"));
    EXPECT_THAT(runs.output, Not(HasSubstr("{")));
}

TEST_F(Cli, ExportWritesTheCsvFileAndSaysHowManyRows) {
    ASSERT_EQ(run("import --data " + robo::test::sample_dir().string() + " " + db()).status, 0);
    auto out = dir() / "msft.csv";
    auto r = run("db " + db() + " export bars --symbol msft --from 2019-01-01 --to 2019-02-01 --out " +
                 out.string());
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output,
                HasSubstr("wrote 22 bars rows for MSFT"));  // --to 2019-02-01 included, as in backtest
    std::ifstream in(out);
    std::string header, first;
    std::getline(in, header);
    std::getline(in, first);
    EXPECT_EQ(header, "time_utc,symbol,timeframe,open,high,low,close,volume,adj_close");
    EXPECT_THAT(first, HasSubstr("2019-01-02T05:00:00.000000Z,MSFT,1d,"));
}

TEST_F(Cli, NewerDatabaseIsAOneLineErrorAndExitStatusOne) {
    { open_for_writing(db_path()).exec("PRAGMA user_version = 42"); }
    auto r = run("db " + db() + " runs");
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.output, HasSubstr("schema version 42 is newer"));
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

TEST_F(Cli, MissingDatabaseIsAnErrorNotANewEmptyFile) {
    auto r = run("db " + db() + " positions");
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.output, HasSubstr("no database here"));
    EXPECT_FALSE(std::filesystem::exists(db_path()));
}

TEST_F(Cli, MigrateUpgradesAnOlderDatabase) {
    { open_for_writing(db_path(), {.migrate_up_to = 1}); }
    EXPECT_EQ(run("db " + db() + " runs").status, 1);
    auto r = run("db " + db() + " migrate");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("schema version " + std::to_string(latest_schema_version())));
    EXPECT_EQ(run("db " + db() + " runs").status, 0);
}

TEST_F(Cli, ImportOfAMissingFolderIsAnErrorAndCreatesNoDatabase) {
    auto r = run("import --data " + (dir() / "nowhere").string() + " " + db());
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.output, HasSubstr("nowhere: not a folder"));
    EXPECT_FALSE(std::filesystem::exists(db_path()));
}

// The quality gate on import: the rows `validate` quarantines are not stored, are counted by
// reason and recorded in quality_findings; DATA_ON_BAD_ROW=stop ends the import at the first one.
TEST_F(Cli, ImportLeavesOutTheRowsTheQualityGateQuarantinesAndRecordsWhy) {
    robo::test::write_faulted_aapl(dir() / "data");
    auto r = run("import --data " + (dir() / "data").string() + " " + db());
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("2 quarantined, not stored (future_timestamp 1, outlier 1"));
    Connection sql(db_path(), Connection::Mode::read_only);
    EXPECT_EQ(sql.query_int("SELECT count(*) FROM bars"), 1259 - 1);  // the x1000 bar is not stored
    EXPECT_EQ(sql.query_int("SELECT count(*) FROM bars WHERE start_ns > 4000000000000000000"),
              0);  // nor 2100
    EXPECT_THAT(sql.query_text("SELECT detail FROM quality_findings WHERE kind = 'outlier'"),
                HasSubstr("AAPL.csv:" + std::to_string(robo::test::kThousandfoldLine) + ": AAPL"));
    EXPECT_EQ(sql.query_int("SELECT count(*) FROM quality_findings WHERE kind = 'future_timestamp'"), 1);
}

TEST_F(Cli, ImportWithDataOnBadRowStopEndsAtTheFirstBadRowNamingIt) {
    robo::test::write_faulted_aapl(dir() / "data");
    auto r = robo::test::run_shell("DATA_ON_BAD_ROW=stop " + robo::test::binary().string() +
                                   " import --data " + (dir() / "data").string() + " " + db());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_THAT(r.out, HasSubstr("AAPL.csv:" + std::to_string(robo::test::kThousandfoldLine) + ": AAPL"));
    EXPECT_THAT(r.out, HasSubstr("outlier"));
    EXPECT_THAT(r.out, HasSubstr("DATA_ON_BAD_ROW=stop"));
}

TEST_F(Cli, ARecordedBacktestWritesItsQuarantinedRowsToQualityFindings) {
    robo::test::write_faulted_aapl(dir() / "data");
    auto r = run("backtest --quiet --data " + (dir() / "data").string() + " " + db() + " --out " +
                 (dir() / "out").string());
    ASSERT_EQ(r.status, 0) << r.output;
    Connection sql(db_path(), Connection::Mode::read_only);
    EXPECT_EQ(sql.query_int("SELECT count(*) FROM quality_findings WHERE source LIKE 'run %'"), 2);
    EXPECT_THAT(sql.query_text("SELECT detail FROM quality_findings WHERE kind = 'outlier'"),
                HasSubstr("AAPL.csv:" + std::to_string(robo::test::kThousandfoldLine) + ": AAPL"));
}
