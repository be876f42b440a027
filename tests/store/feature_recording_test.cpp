// A session asked to record its feature values (--record-features) fills the features
// table with what its feature stage computed for each bar, and `db export features` gives
// them back: the same numbers `robo_trader features` computes for the same symbol and bars,
// exactly. A session that does not ask records none; recording the same bars again does not
// duplicate a row.
#include <gmock/gmock.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "robo/session/builder.hpp"
#include "robo/session/feature_table.hpp"
#include "robo/store/csv_export.hpp"
#include "store_fixture.hpp"
#include "support/config.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using ::testing::HasSubstr;

namespace {

namespace fs = std::filesystem;

using robo::test::config_without_environment;

// A backtest of AAPL's daily bars from the bundled sample, recorded in `db`.
void backtest(const fs::path& db, const fs::path& out, bool record_features) {
    session::SessionRequest r;
    r.data = (robo::test::sample_dir() / "daily").string();
    r.symbols = {"AAPL"};
    r.db = db.string();
    r.record_features = record_features;
    r.out = out.string();
    r.write_files = false;
    session::SessionBuilder b(session::plan_session(config_without_environment(), std::move(r)));
    std::ostringstream sink;
    b.assemble(sink);
    b.run(sink);
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
}

// time -> feature name -> value, for the non-empty cells of a wide CSV whose first
// `skip` columns are the time and other fields.
using WideTable = std::map<std::string, std::map<std::string, double>>;

WideTable read_wide(std::istream& in, size_t skip) {
    WideTable t;
    std::string line;
    std::getline(in, line);
    const auto header = split(line);
    while (std::getline(in, line)) {
        const auto cells = split(line);
        for (size_t c = skip; c < cells.size() && c < header.size(); ++c)
            if (!cells[c].empty()) t[cells[0]][header[c]] = std::strtod(cells[c].c_str(), nullptr);
    }
    return t;
}

size_t feature_rows(const fs::path& db) {
    Reader reader(db);
    return static_cast<size_t>(reader.connection().query_int("SELECT count(*) FROM features"));
}

}  // namespace

class FeatureRecording : public StoreTest {};

TEST_F(FeatureRecording, ABacktestRecordsWhatTheFeaturesCommandComputes) {
    const fs::path db = dir() / "run.db";
    backtest(db, dir() / "out", true);

    ExportRange range;
    range.symbol = Symbol("AAPL");
    range.timeframe = Timeframe::day;
    Reader reader(db);
    std::stringstream exported;
    const size_t rows = export_features_csv(reader, range, exported);
    ASSERT_GT(rows, 1000u);                             // about 1,250 trading days in the sample
    const WideTable recorded = read_wide(exported, 3);  // time_utc,symbol,timeframe
    EXPECT_EQ(recorded.size(), rows);

    session::FeatureTableRequest fr;
    fr.data = (robo::test::sample_dir() / "daily" / "AAPL.csv").string();
    fr.out = (dir() / "features.csv").string();
    const auto table = session::write_feature_table(config_without_environment(), fr);
    ASSERT_GT(table.rows, 1000u);
    std::ifstream in(fr.out);
    const WideTable computed = read_wide(in, 9);  // time,symbol,timeframe,open,...,volume,partial

    // Every value the command computed was recorded, exactly, and nothing else was.
    size_t values = 0;
    for (const auto& [time, features] : computed) {
        auto it = recorded.find(time);
        ASSERT_NE(it, recorded.end()) << time;
        EXPECT_EQ(it->second.size(), features.size()) << time;
        for (const auto& [name, value] : features) {
            auto v = it->second.find(name);
            ASSERT_NE(v, it->second.end()) << time << " " << name;
            EXPECT_EQ(v->second, value) << time << " " << name;  // exact, not near
            ++values;
        }
    }
    EXPECT_EQ(recorded.size(), computed.size());
    EXPECT_EQ(values, feature_rows(db));
    // The common ones are among them, with real values.
    const auto& last = recorded.rbegin()->second;
    for (const char* name : {"sma_20", "rsi_14", "macd_12_26_9", "atr_14", "obv"}) {
        ASSERT_TRUE(last.count(name)) << name;
        EXPECT_NE(last.at(name), 0.0) << name;
    }
}

TEST_F(FeatureRecording, ARunThatDoesNotAskRecordsNoFeatures) {
    const fs::path db = dir() / "plain.db";
    backtest(db, dir() / "out", false);
    Reader reader(db);
    EXPECT_EQ(reader.connection().query_int("SELECT count(*) FROM runs"), 1);
    EXPECT_EQ(feature_rows(db), 0u);
}

TEST_F(FeatureRecording, RecordingTheSameBarsAgainDuplicatesNothing) {
    const fs::path db = dir() / "twice.db";
    backtest(db, dir() / "out1", true);
    const size_t once = feature_rows(db);
    ASSERT_GT(once, 0u);
    backtest(db, dir() / "out2", true);
    EXPECT_EQ(feature_rows(db), once);  // the same keys: replaced, not added
}

TEST_F(FeatureRecording, TheFlagIsRefusedWhenNothingIsRecorded) {
    session::SessionRequest r;
    r.data = (robo::test::sample_dir() / "daily").string();
    r.record_features = true;  // no --db, DATA_DB_PATH not set
    EXPECT_THROW(session::plan_session(config_without_environment(), r), std::invalid_argument);
    r.db = (dir() / "x.db").string();
    r.no_record = true;
    EXPECT_THROW(session::plan_session(config_without_environment(), r), std::invalid_argument);
}

// End to end through the binary: backtest --record-features, then db export features over
// one year, against `robo_trader features` over the same days.
TEST_F(FeatureRecording, TheCommandLineRecordsAndExports) {
    const std::string bin = robo::test::binary().string();
    const std::string daily = (robo::test::sample_dir() / "daily").string();
    const fs::path db = dir() / "cli.db";
    auto in_dir = [&](const std::string& args) {
        return robo::test::run_shell("cd " + dir().string() + " && " + bin + " " + args);
    };
    auto r = in_dir("backtest --quiet --data " + daily + " --symbols AAPL --db " + db.string() +
                    " --record-features --out out");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out, HasSubstr("feature values"));

    r = in_dir("db --db " + db.string() +
               " export features --symbol AAPL --from 2017-01-01 --to 2017-12-29 --out f.csv");
    ASSERT_EQ(r.status, 0) << r.out;
    r = in_dir("features --data " + daily + "/AAPL.csv --from 2017-01-01 --to 2017-12-29 --out g.csv");
    ASSERT_EQ(r.status, 0) << r.out;
    std::ifstream f(dir() / "f.csv"), g(dir() / "g.csv");
    const WideTable exported = read_wide(f, 3), computed = read_wide(g, 9);
    ASSERT_GT(exported.size(), 200u);  // 2017's trading days, the 29th included
    EXPECT_EQ(exported, computed);
    EXPECT_EQ(exported.rbegin()->first.substr(0, 10), "2017-12-29");

    // Without the flag: nothing recorded, and the export says why it is empty.
    const fs::path plain = dir() / "plain.db";
    r = in_dir("backtest --quiet --data " + daily + " --symbols AAPL --db " + plain.string() + " --out out2");
    ASSERT_EQ(r.status, 0) << r.out;
    r = in_dir("db --db " + plain.string() + " export features --symbol AAPL --out h.csv");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out, HasSubstr("wrote 0 features rows"));
    EXPECT_THAT(r.out, HasSubstr("--record-features"));

    // The flag with nothing to record into is refused, not ignored.
    r = in_dir("backtest --quiet --data " + daily + " --symbols AAPL --record-features --no-record --db " +
               plain.string() + " --out out3");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_THAT(r.out, HasSubstr("--record-features"));
}

// The second writer: `robo_trader features --record DB` stores the table it writes, and
// `db export features` gives the same values back.
TEST_F(FeatureRecording, TheFeaturesCommandRecordsItsTable) {
    const std::string bin = robo::test::binary().string();
    const fs::path db = dir() / "features.db";
    auto in_dir = [&](const std::string& args) {
        return robo::test::run_shell("cd " + dir().string() + " && " + bin + " " + args);
    };
    auto r = in_dir("features --data " + (robo::test::sample_dir() / "daily" / "MSFT.csv").string() +
                    " --from 2018-01-01 --record " + db.string() + " --out g.csv");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_THAT(r.out, HasSubstr("recorded "));
    EXPECT_THAT(r.out, HasSubstr(" feature values in " + db.string()));
    r = in_dir("db --db " + db.string() + " export features --symbol MSFT --out f.csv");
    ASSERT_EQ(r.status, 0) << r.out;
    std::ifstream f(dir() / "f.csv"), g(dir() / "g.csv");
    const WideTable exported = read_wide(f, 3), computed = read_wide(g, 9);
    ASSERT_GT(computed.size(), 200u);
    EXPECT_EQ(exported, computed);  // only the rows written (from 2018): the warm-up is not stored
    EXPECT_EQ(exported.begin()->first.substr(0, 4), "2018");
}
