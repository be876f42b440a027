// Import loads CSV history into the database exactly as the readers see it, records every
// rejected row, and is safe to repeat; export writes exact decimal CSV.
#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

#include "robo/data/files/readers.hpp"
#include "robo/store/as_loaded_data.hpp"
#include "robo/store/csv_export.hpp"
#include "robo/store/import.hpp"
#include "store_fixture.hpp"
#include "support/paths.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using ::testing::HasSubstr;

class ImportExport : public StoreTest {
protected:
    void write_file(const std::string& name, const std::string& text) {
        std::filesystem::create_directories(dir() / "data");
        std::ofstream(dir() / "data" / name) << text;
    }
    ImportReport import_folder(const std::filesystem::path& folder) {
        Writer w(db_path());
        auto report = import_directory(folder, w);
        w.close();
        last_stats = w.stats();
        return report;
    }
    WriterStats last_stats;
};

TEST_F(ImportExport, SampleFolderLandsInBarsTicksAndQuotesExactlyAsRead) {
    auto report = import_folder(robo::test::sample_dir());
    EXPECT_TRUE(report.failures.empty());
    auto aapl = data::read_bar_file(robo::test::sample_dir() / "daily" / "AAPL.csv");
    Reader reader(db_path());
    auto bars = reader.bars(Symbol("AAPL"), Timeframe::day);
    ASSERT_EQ(bars.size(), aapl.bars.size());
    for (size_t i = 0; i < bars.size(); ++i) {
        ASSERT_EQ(bars[i].start, aapl.bars[i].start) << i;
        ASSERT_EQ(bars[i].open, aapl.bars[i].open) << i;
        ASSERT_EQ(bars[i].close, aapl.bars[i].close) << i;
        ASSERT_EQ(bars[i].volume, aapl.bars[i].volume) << i;
    }
    EXPECT_EQ(reader.adjusted_closes(Symbol("AAPL"), Timeframe::day), aapl.adjusted_close);
    auto ticks = data::read_tick_file(robo::test::sample_dir() / "intraday" / "ticksample.csv");
    EXPECT_EQ(reader.ticks(ticks.symbol).size(), ticks.ticks.size());
    EXPECT_FALSE(reader.quotes(Symbol("BIDASK-SAMPLE")).empty());
}

TEST_F(ImportExport, ReimportReplacesBarsAndAddsNoRows) {
    import_folder(robo::test::sample_dir());
    auto bars = last_stats.tables[static_cast<size_t>(Table::bars)];
    import_folder(robo::test::sample_dir());
    auto again = last_stats.tables[static_cast<size_t>(Table::bars)];
    EXPECT_EQ(again.inserted, 0u);
    EXPECT_EQ(again.replaced, bars.inserted);
    EXPECT_EQ(last_stats.tables[static_cast<size_t>(Table::ticks)].inserted, 0u);
    EXPECT_GT(last_stats.tables[static_cast<size_t>(Table::ticks)].ignored, 0u);
}

TEST_F(ImportExport, RejectedRowsAndUnreadableFilesAreRecordedAsQualityFindings) {
    write_file("ko.csv",
               "Date,Open,High,Low,Close,Adj Close,Volume\n"
               "2020-01-02,10,11,9,10.5,10.5,100\n"
               "2020-01-03,10,11,9,n/a,10.5,100\n");
    write_file("junk.csv", "what,is,this\n1,2,3\n");
    auto report = import_folder(dir() / "data");
    EXPECT_EQ(report.rejected, 1u);
    ASSERT_EQ(report.failures.size(), 1u);
    EXPECT_THAT(report.failures[0].message, HasSubstr("junk.csv"));
    Connection db(db_path(), Connection::Mode::read_only);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM bars"), 1);
    EXPECT_THAT(db.query_text("SELECT detail FROM quality_findings WHERE kind = 'rejected_row'"),
                HasSubstr("ko.csv:3:5"));
    EXPECT_EQ(db.query_int("SELECT count(*) FROM quality_findings WHERE kind = 'unreadable_file'"), 1);
}

TEST_F(ImportExport, BarsExportAsExactDecimalsWithUtcTimes) {
    {
        Writer w(db_path());
        auto bar =
            daily_bar("AAPL", "2024-01-02", "189.37", "190.000001", "188.5", "189.99999999", "12345.5");
        bar.adjusted_close = Price::parse("187.1");
        ASSERT_TRUE(write_all(w, bar, daily_bar("AAPL", "2024-01-03", "1", "2", "0.5", "1.5")));
    }
    Reader reader(db_path());
    std::ostringstream csv;
    EXPECT_EQ(export_bars_csv(reader, {.symbol = Symbol("AAPL")}, csv), 2u);
    EXPECT_EQ(csv.str(),
              "time_utc,symbol,timeframe,open,high,low,close,volume,adj_close\n"
              "2024-01-02T00:00:00.000000Z,AAPL,1d,189.37,190.000001,188.5,189.99999999,12345.5,187.1\n"
              "2024-01-03T00:00:00.000000Z,AAPL,1d,1,2,0.5,1.5,1000,\n");
    std::ostringstream later;
    EXPECT_EQ(
        export_bars_csv(reader, {.symbol = Symbol("AAPL"), .from = parse_timestamp("2024-01-03")}, later),
        1u);
}

TEST_F(ImportExport, FeaturesExportWideWithTheHandoffColumnsFirst) {
    {
        Writer w(db_path());
        ASSERT_TRUE(write_all(
            w, feature("AAPL", "2024-01-02", "rsi", 55.25), feature("AAPL", "2024-01-02", "vwap", 0.1),
            feature("AAPL", "2024-01-02", "obv", -3), feature("AAPL", "2024-01-03", "atr", 1.5)));
    }
    Reader reader(db_path());
    std::ostringstream csv;
    EXPECT_EQ(export_features_csv(reader, {.symbol = Symbol("AAPL")}, csv), 2u);
    EXPECT_EQ(csv.str(),
              "time_utc,symbol,timeframe,rsi,atr,vwap,obv\n"
              "2024-01-02T00:00:00.000000Z,AAPL,1d,55.25,,0.1,-3\n"
              "2024-01-03T00:00:00.000000Z,AAPL,1d,,1.5,,\n");
    // The handoff's wide table is a view away in SQL too.
    EXPECT_EQ(reader.connection().query_text("SELECT rsi FROM features_wide WHERE vwap = 0.1"), "55.25");
}

TEST_F(ImportExport, TicksExportKeepsPrintsSharingAnInstant) {
    {
        Writer w(db_path());
        ASSERT_TRUE(
            write_all(w, trade("MSFT", 1'000'000, "410.1", "5"), trade("MSFT", 1'000'000, "410.12", "1", 1)));
    }
    Reader reader(db_path());
    std::ostringstream csv;
    export_ticks_csv(reader, {.symbol = Symbol("MSFT")}, csv);
    EXPECT_EQ(csv.str(),
              "time_utc,symbol,seq,price,size\n"
              "1970-01-01T00:00:00.001000Z,MSFT,0,410.1,5\n"
              "1970-01-01T00:00:00.001000Z,MSFT,1,410.12,1\n");
}

TEST_F(ImportExport, DatabaseGivesBackWhatTheCsvLoaderGaveSoBacktestsCanReadEither) {
    import_folder(robo::test::sample_dir());
    auto from_files = data::load_data_directory(robo::test::sample_dir());
    auto from_db = load_from_database(db_path());
    ASSERT_EQ(from_db.bar_files.size(), from_files.bar_files.size());
    EXPECT_EQ(from_db.rows_read(), from_files.rows_read() - from_files.rows_rejected());
    for (const auto& db_file : from_db.bar_files) {
        auto match = std::find_if(
            from_files.bar_files.begin(), from_files.bar_files.end(),
            [&](const auto& f) { return f.symbol == db_file.symbol && f.timeframe == db_file.timeframe; });
        ASSERT_NE(match, from_files.bar_files.end()) << db_file.path;
        ASSERT_EQ(db_file.bars.size(), match->bars.size()) << db_file.path;
        EXPECT_EQ(db_file.bars.back().close, match->bars.back().close) << db_file.path;
        EXPECT_EQ(db_file.bars.front().start, match->bars.front().start) << db_file.path;
        EXPECT_EQ(db_file.adjusted_close, match->adjusted_close) << db_file.path;
    }
    auto only_aapl =
        load_from_database(db_path(), {.symbols = {Symbol("AAPL")}, .ticks = false, .quotes = false});
    ASSERT_EQ(only_aapl.bar_files.size(), 1u);
    EXPECT_TRUE(only_aapl.tick_files.empty());
}
