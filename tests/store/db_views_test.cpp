// What `robo_trader db` shows and exports, without the command line: tables aligned, a
// run's row read from its JSON, --from/--to bounds (--to inclusive), export dispatch and the
// explanation of an empty features export.
#include <gmock/gmock.h>
#include <unistd.h>

#include <fstream>

#include "robo/store/db_views.hpp"
#include "store_fixture.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using ::testing::HasSubstr;

namespace {

size_t lines_in(const std::filesystem::path& file) {
    std::ifstream in(file);
    size_t n = 0;
    for (std::string l; std::getline(in, l);) ++n;
    return n;
}

}  // namespace

TEST(DbViews, TablesAreAlignedAndSayNoneWhenEmpty) {
    EXPECT_EQ(format_table({{"a", "bb", "c"}, {{"xxx", "y", "z"}, {"q", "r", "long"}}}),
              "a    bb  c\n"
              "xxx  y   z\n"
              "q    r   long\n");
    EXPECT_EQ(format_table({{"table", "rows"}, {}}), "table  rows\n(none)\n");
}

TEST(DbViews, BoundsAreDatesOrTimesAndToIncludesItsDay) {
    EXPECT_EQ(parse_from_bound(""), time_min);
    EXPECT_EQ(parse_to_bound(""), time_max);
    EXPECT_EQ(parse_from_bound("2020-01-02"), parse_timestamp("2020-01-02"));
    EXPECT_EQ(parse_to_bound("2020-01-02"), parse_timestamp("2020-01-03"));
    EXPECT_EQ(parse_to_bound("2020-01-02T10:00:00"), parse_timestamp("2020-01-02T10:00:00") + Duration{1});
    try {
        parse_to_bound("yesterday");
        FAIL() << "accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("--to \"yesterday\": expected a date YYYY-MM-DD"));
    }
    EXPECT_THROW(parse_from_bound("2020-13-45"), std::invalid_argument);
}

TEST(DbViews, ARunRowComesFromItsConfigAndSummary) {
    RunInfo r;
    r.run_id = "backtest-20260101T000000Z-" + std::to_string(::getpid());  // this process: alive
    r.kind = "backtest";
    r.started = parse_timestamp("2026-01-01T00:00:00");
    r.ended = r.started + std::chrono::milliseconds(2500);
    r.status = "completed";
    r.config_json =
        R"({"strategies":[{"name":"sma_crossover"},{"name":"momentum"}],"symbols":["AAPL","MSFT"],)"
        R"("initial_cash":"100000.00"})";
    r.summary_json = R"({"fills":12,"equity":"110000.00","stop_reason":"end of data"})";
    EXPECT_EQ(run_row(r), (std::vector<std::string>{r.run_id, "backtest", "completed", "2026-01-01T00:00:00Z",
                                                    "2.5s", "sma_crossover+momentum", "AAPL,MSFT", "12",
                                                    "110000.00", "+10.00%", "end of data"}));

    // Old or broken JSON: dashes, every symbol; "running" stays while its process lives.
    r.config_json = "not json";
    r.summary_json = "";
    r.ended.reset();
    r.status = "running";
    EXPECT_EQ(run_row(r), (std::vector<std::string>{r.run_id, "backtest", "running", "2026-01-01T00:00:00Z",
                                                    "-", "-", "all", "-", "-", "-", "-"}));
    // A run whose process is gone while it says "running" was aborted.
    r.run_id = "backtest-20260101T000000Z-99999999";
    EXPECT_EQ(run_row(r)[2], "aborted");
}

class DbExport : public StoreTest {};

TEST_F(DbExport, ViewsAndExportsReadTheFile) {
    {
        Writer w(db_path());
        ASSERT_TRUE(write_all(w, daily_bar("AAPL", "2020-01-02", "10", "11", "9", "10.5"),
                              daily_bar("AAPL", "2020-01-03", "10.5", "12", "10", "11.25"),
                              daily_bar("AAPL", "2020-01-06", "11", "11", "10", "10.75"),
                              feature("AAPL", "2020-01-03", "rsi_14", 55.5)));
    }
    const std::string status = show_view(db_path(), "status", "", 50);
    EXPECT_THAT(status, HasSubstr(": schema version "));
    EXPECT_THAT(status, HasSubstr("AAPL    1d         3"));
    EXPECT_THAT(status, HasSubstr("kill switch: armed"));
    EXPECT_EQ(show_view(db_path(), "runs", "", 50).substr(0, 4), "run ");
    EXPECT_THAT(show_view(db_path(), "fills", "", 50), HasSubstr("(none)"));
    EXPECT_THROW(show_view(db_path(), "nonsense", "", 50), std::invalid_argument);

    ExportRequest bars{"bars", "AAPL", "", (dir() / "bars.csv").string(), "1d", "2020-01-03", "2020-01-06"};
    EXPECT_EQ(export_csv(db_path(), bars),
              "wrote 2 bars rows for AAPL to " + bars.out + "\n");  // --to included
    EXPECT_EQ(lines_in(bars.out), 3u);

    ExportRequest features{"features", "AAPL", "", (dir() / "f.csv").string()};
    EXPECT_EQ(export_csv(db_path(), features), "wrote 1 features rows for AAPL to " + features.out + "\n");
    features.symbol = "MSFT";
    const std::string empty = export_csv(db_path(), features);
    EXPECT_THAT(empty, HasSubstr("wrote 0 features rows for MSFT"));
    EXPECT_THAT(empty, HasSubstr("--record-features"));

    ExportRequest bad = bars;
    bad.symbol = "";  // bars need a symbol
    try {
        export_csv(db_path(), bad);
        FAIL() << "exported bars of no symbol";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "export bars needs --symbol, e.g. --symbol AAPL");
    }
    bad = bars;
    bad.timeframe = "fortnight";
    EXPECT_THROW(export_csv(db_path(), bad), std::invalid_argument);
    ExportRequest trades{"trades", "", "", (dir() / "t.csv").string()};
    try {
        export_csv(db_path(), trades);
        FAIL() << "exported trades of no run";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("no runs recorded"));
    }
    EXPECT_THROW(migrate(dir() / "missing.db"), std::runtime_error);
    EXPECT_THAT(migrate(db_path()), HasSubstr(": schema version "));
}
