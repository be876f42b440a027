// Sessions and the database: a backtest (and the feature engine) run from an imported
// database gives byte for byte what it gives from the CSV files, and a session with a
// database records itself (run, orders and their transitions, fills, positions, equity,
// risk events) so `robo_trader db` shows it; the recorder never blocks the engine and
// counts what it had to drop.
#include <gmock/gmock.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <latch>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "robo/engine/observer_fanout.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/store/session_recorder.hpp"
#include "store_fixture.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
// session/policy.hpp's recording rows for a backtest and for a session in market time.
constexpr RecorderPolicy kBacktest{.moves_kill_switch = false, .features_on_full = OnFull::block};
constexpr RecorderPolicy kSession{.moves_kill_switch = true, .features_on_full = OnFull::drop};

struct Ran {
    int status = -1;
    std::string output;  // stdout and stderr
};

// Runs robo_trader with `args`, after `env` (e.g. "DATA_DB_PATH=x.db"), in the test's
// folder so no .env or config.toml of the developer's is read.
Ran robo_trader_in(const std::filesystem::path& cwd, const std::string& args, const std::string& env = "") {
    auto r = robo::test::run_shell("cd " + cwd.string() + " && env " + env + " " +
                                   robo::test::binary().string() + " " + args);
    return {r.status, std::move(r.out)};
}

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

}  // namespace

class SessionDb : public StoreTest {
protected:
    // data/sample imported once for the suite; each test works on its own copy.
    static std::filesystem::path imported() {
        static const std::filesystem::path file = [] {
            auto dir = std::filesystem::temp_directory_path() /
                       ("robo_session_sample_" + std::to_string(::getpid()));
            std::filesystem::create_directories(dir);
            auto db = dir / "sample.db";
            std::filesystem::remove(db);
            auto r = robo_trader_in(
                dir, "import --data " + robo::test::sample_dir().string() + " --db " + db.string());
            EXPECT_EQ(r.status, 0) << r.output;
            return db;
        }();
        return file;
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(imported().parent_path()); }

    std::string sample() const { return robo::test::sample_dir().string(); }
    std::string db() const { return "--db " + db_path().string(); }
    Ran in_dir(const std::string& args, const std::string& env = "") {
        return robo_trader_in(dir(), args, env);
    }
    void import_sample() {
        // The import is checkpointed on close: the database is the one file.
        ASSERT_TRUE(std::filesystem::copy_file(imported(), db_path()));
    }
    int64_t count(const std::string& sql) { return Reader(db_path()).connection().query_int(sql); }
};

TEST_F(SessionDb, BacktestFromTheDatabaseEqualsBacktestFromTheCsvFilesByteForByte) {
    import_sample();
    auto csv = in_dir("backtest --quiet --data " + sample() + " --out csv");
    ASSERT_EQ(csv.status, 0) << csv.output;
    auto fromdb = in_dir("backtest --quiet " + db() + " --out db");
    ASSERT_EQ(fromdb.status, 0) << fromdb.output;
    EXPECT_THAT(fromdb.output, HasSubstr("from " + db_path().string()));
    for (const char* f : {"trades.csv", "equity.csv", "fills.csv"}) {
        auto a = slurp(dir() / "csv" / f), b = slurp(dir() / "db" / f);
        EXPECT_GT(a.size(), 1000u) << f;
        EXPECT_TRUE(a == b) << f << " differs between the CSV and the database backtest";
    }
}

TEST_F(SessionDb, SelectionBySymbolsAndDaysIsTheSameFromBothSources) {
    import_sample();
    const std::string pick = " --symbols AAPL,MSFT --from 2017-03-01 --to 2018-06-30";
    ASSERT_EQ(in_dir("backtest --quiet --no-record --data " + sample() + pick + " --out csv").status, 0);
    auto r = in_dir("backtest --quiet --no-record " + db() + pick + " --out db");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("2 symbols"));
    EXPECT_EQ(slurp(dir() / "csv" / "trades.csv"), slurp(dir() / "db" / "trades.csv"));
    EXPECT_EQ(slurp(dir() / "csv" / "equity.csv"), slurp(dir() / "db" / "equity.csv"));
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 0);  // --no-record
}

TEST_F(SessionDb, FeaturesFromTheDatabaseEqualFeaturesFromTheFile) {
    import_sample();
    ASSERT_EQ(in_dir("features --data " + sample() + "/daily/KO.csv --out a.csv").status, 0);
    auto r = in_dir("features " + db() + " --symbols KO --out b.csv");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(slurp(dir() / "a.csv"), slurp(dir() / "b.csv"));
    // Aggregated intraday bars too (1m -> 15m).
    ASSERT_EQ(in_dir("features --data " + sample() +
                     "/intraday/index-future-2006-01-03-1min.csv --timeframe 15m --out c.csv")
                  .status,
              0);
    ASSERT_EQ(in_dir("features " + db() + " --symbols INDEX-FUTURE --timeframe 15m --out d.csv").status, 0);
    EXPECT_EQ(slurp(dir() / "c.csv"), slurp(dir() / "d.csv"));
    EXPECT_GT(lines(dir() / "d.csv").size(), 50u);
}

TEST_F(SessionDb, RecordedBacktestHoldsEveryFillOrderTransitionAndEquityPoint) {
    import_sample();
    auto r = in_dir("backtest --quiet " + db() + " --out bt");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("0 dropped"));
    Reader reader(db_path());
    auto runs = reader.runs();
    ASSERT_EQ(runs.size(), 1u);
    const std::string id = runs[0].run_id;
    EXPECT_EQ(runs[0].kind, "backtest");
    EXPECT_EQ(runs[0].status, "completed");
    EXPECT_THAT(runs[0].summary_json, HasSubstr(R"("stop_reason":"end of data")"));
    EXPECT_THAT(runs[0].config_json, HasSubstr(R"("command":"backtest")"));

    // Every fill of fills.csv is in the database, exactly (price, quantity, commission).
    auto csv_fills = lines(dir() / "bt" / "fills.csv");
    ASSERT_GT(csv_fills.size(), 10u);
    EXPECT_EQ(count("SELECT count(*) FROM fills"), int64_t(csv_fills.size() - 1));
    auto stored = reader.fills(id, 1'000'000);
    std::set<std::string> stored_rows;
    for (const auto& f : stored)
        stored_rows.insert(format_iso_micros(f.fill.time) + "," + f.fill.client_id.substr(id.size() + 1) +
                           "," + f.fill.exec_id.substr(id.size() + 1) + "," + f.fill.symbol.str() + "," +
                           std::string(to_string(f.fill.side)) + "," + f.fill.quantity.to_string() + "," +
                           f.fill.price.to_string() + "," + f.fill.commission.to_string(2));
    for (size_t i = 1; i < csv_fills.size(); ++i)
        EXPECT_TRUE(stored_rows.count(csv_fills[i])) << csv_fills[i];

    // Each order went created -> submitted -> accepted -> filled, and says so.
    const int64_t orders = count("SELECT count(*) FROM orders");
    EXPECT_GT(orders, 10);
    EXPECT_EQ(count("SELECT count(*) FROM orders WHERE status = 'filled'"), orders);
    for (const char* status : {"submitted", "accepted", "filled"})
        EXPECT_EQ(count(std::string("SELECT count(*) FROM order_events WHERE status = '") + status + "'"),
                  orders)
            << status;

    // One equity point per distinct time of equity.csv, the last one equal.
    auto eq = lines(dir() / "bt" / "equity.csv");
    std::set<std::string> times;
    for (size_t i = 1; i < eq.size(); ++i) times.insert(eq[i].substr(0, eq[i].find(',')));
    EXPECT_EQ(count("SELECT count(*) FROM equity_snapshots"), int64_t(times.size()));
    const auto& last = eq.back();  // time,cash,market_value,equity,gross_exposure
    size_t c1 = last.find(','), c2 = last.find(',', c1 + 1), c3 = last.find(',', c2 + 1),
           c4 = last.find(',', c3 + 1);
    EXPECT_EQ(count("SELECT equity_e8 FROM equity_snapshots ORDER BY time_ns DESC LIMIT 1"),
              Money::parse(last.substr(c3 + 1, c4 - c3 - 1)).raw());

    // Positions at the end: the net of the fills, per symbol.
    for (const auto& p : reader.positions(id)) {
        int64_t net = count(
            "SELECT coalesce(sum(CASE side WHEN 'buy' THEN quantity_e4 ELSE -quantity_e4 END), 0) "
            "FROM fills WHERE symbol = '" +
            p.position.symbol.str() + "'");
        EXPECT_EQ(p.position.quantity.raw(), net) << p.position.symbol.str();
    }
    // The gate's refusals are risk events with their number and limit.
    EXPECT_GT(count("SELECT count(*) FROM risk_events WHERE value IS NOT NULL AND limit_value IS NOT NULL"),
              0);
}

TEST_F(SessionDb, RunFromTheDatabaseTradesAsFromFilesAndDbCommandsShowIt) {
    import_sample();
    ASSERT_EQ(in_dir("run --quiet " + db() + " --out run").status, 0);
    // The paper replay from the database trades as the one from the files does.
    ASSERT_EQ(in_dir("run --quiet --data " + sample() + " --out runcsv").status, 0);
    EXPECT_EQ(slurp(dir() / "run" / "trades.csv"), slurp(dir() / "runcsv" / "trades.csv"));
    EXPECT_EQ(slurp(dir() / "run" / "equity.csv"), slurp(dir() / "runcsv" / "equity.csv"));
    auto runs = in_dir("db " + db() + " runs");
    EXPECT_THAT(runs.output, HasSubstr("replay-"));
    EXPECT_THAT(runs.output, HasSubstr("completed"));
    auto orders = in_dir("db " + db() + " orders --limit 3");
    EXPECT_THAT(orders.output, HasSubstr("/paper-sma_crossover-"));
    EXPECT_THAT(orders.output, HasSubstr("filled"));
    auto fills = in_dir("db " + db() + " fills --limit 3");
    EXPECT_THAT(fills.output, HasSubstr("/paper-"));
    auto positions = in_dir("db " + db() + " positions");
    EXPECT_THAT(positions.output, HasSubstr("AAPL"));
    EXPECT_THAT(positions.output, HasSubstr("XOM"));
}

TEST_F(SessionDb, TwoRunsInOneDatabaseKeepTheirOwnOrders) {
    import_sample();
    ASSERT_EQ(in_dir("backtest --quiet " + db() + " --symbols KO --out a").status, 0);
    ASSERT_EQ(in_dir("backtest --quiet " + db() + " --symbols KO --out b").status, 0);
    auto runs = Reader(db_path()).runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_NE(runs[0].run_id, runs[1].run_id);
    EXPECT_EQ(count("SELECT count(DISTINCT run_id) FROM orders"), 2);
    EXPECT_EQ(count("SELECT count(*) FROM orders WHERE run_id = '" + runs[0].run_id + "'"),
              count("SELECT count(*) FROM orders WHERE run_id = '" + runs[1].run_id + "'"));
}

TEST_F(SessionDb, RunConfigurationIsStoredWithSecretsRedacted) {
    import_sample();
    auto r = in_dir("backtest --quiet " + db() + " --symbols KO --out bt",
                    "IBKR_ACCOUNT=DU7654321 MONITORING_CONTROL_TOKEN=s3cr3t-token");
    ASSERT_EQ(r.status, 0) << r.output;
    auto config = Reader(db_path()).runs().at(0).config_json;
    EXPECT_THAT(config, HasSubstr("<redacted>"));
    EXPECT_THAT(config, HasSubstr("IBKR_ACCOUNT"));
    EXPECT_THAT(config, Not(HasSubstr("DU7654321")));
    EXPECT_THAT(config, Not(HasSubstr("s3cr3t-token")));
}

TEST_F(SessionDb, DataDbPathIsTheDefaultForImportDbAndBacktest) {
    const std::string env = "DATA_DB_PATH=" + db_path().string();
    auto imported = in_dir("import --data " + sample(), env);
    ASSERT_EQ(imported.status, 0) << imported.output;
    EXPECT_THAT(imported.output, HasSubstr("into " + db_path().string()));
    auto status = in_dir("db status", env);
    ASSERT_EQ(status.status, 0) << status.output;
    EXPECT_THAT(status.output, HasSubstr("KO            1d"));
    // --db without a value, and a CSV backtest recorded because DATA_DB_PATH is set.
    ASSERT_EQ(in_dir("backtest --quiet --db --symbols KO --out a", env).status, 0);
    ASSERT_EQ(in_dir("backtest --quiet --data " + sample() + " --symbols KO --out b", env).status, 0);
    EXPECT_EQ(Reader(db_path()).runs().size(), 2u);
    // Without DATA_DB_PATH a CSV backtest records nothing.
    ASSERT_EQ(in_dir("backtest --quiet --data " + sample() + " --symbols KO --out c").status, 0);
    EXPECT_EQ(Reader(db_path()).runs().size(), 2u);
}

TEST_F(SessionDb, MissingOrForeignDatabaseIsAOneLineErrorAndStatusOne) {
    auto missing = in_dir("backtest --quiet --db " + (dir() / "nope.db").string());
    EXPECT_EQ(missing.status, 1);
    EXPECT_THAT(missing.output, HasSubstr("nope.db: no database here"));
    EXPECT_FALSE(std::filesystem::exists(dir() / "nope.db"));
    std::ofstream(dir() / "prices.csv") << "Date,Close\n2020-01-02,1\n";
    auto foreign = in_dir("backtest --quiet --db " + (dir() / "prices.csv").string());
    EXPECT_EQ(foreign.status, 1);
    EXPECT_THAT(foreign.output, HasSubstr("prices.csv: not a robo_trader database"));
    std::ofstream(dir() / "empty.db").flush();
    auto empty = in_dir("features --db " + (dir() / "empty.db").string() + " --symbols KO --out x.csv");
    EXPECT_EQ(empty.status, 1);
    EXPECT_THAT(empty.output, HasSubstr("empty.db: not a robo_trader database (an empty file)"));
}

// A writer whose thread is held inside its first commit: the queue fills and stays full.
class HeldWriter : public StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        WriterOptions o;
        o.queue_capacity = 4;
        o.max_batch_delay = std::chrono::milliseconds(1);
        o.on_commit = [this](const CommitReport&) {
            if (first_.exchange(false)) {
                in_commit_.count_down();
                release_.wait();
            }
        };
        writer_ = std::make_unique<Writer>(db_path(), o);
    }
    void TearDown() override {
        writer_.reset();
        StoreTest::TearDown();
    }
    std::atomic<bool> first_{true};
    std::latch in_commit_{1}, release_{1};
    std::unique_ptr<Writer> writer_;
};

TEST_F(HeldWriter, RecorderDropsAndCountsInsteadOfBlockingTheEngine) {
    SessionRecorder rec(*writer_, RunRecord{"bt-held", "backtest", at_second(1), "{}"}, kBacktest);
    in_commit_.wait();  // the run's row is committed; the writer now waits in on_commit
    exec::Portfolio portfolio(Money::from_units(1000));
    engine::BasicGate gate;
    for (int i = 0; i < 10; ++i) rec.on_step(at_second(10 + i), portfolio, gate);  // returns at once
    EXPECT_EQ(rec.dropped(), 6u);                                                  // 4 fit in the queue
    release_.count_down();
    ASSERT_TRUE(rec.finish("completed", nlohmann::json::object(), at_second(100)));
    Reader reader(db_path());
    EXPECT_EQ(reader.connection().query_int("SELECT count(*) FROM equity_snapshots"), 4);
    EXPECT_THAT(reader.runs().at(0).summary_json, HasSubstr(R"("dropped":6)"));
    EXPECT_EQ(writer_->stats().dropped_full, 6u);
}

struct CountingObserver : engine::EngineObserver {
    int steps = 0;
    void on_step(Timestamp, const exec::Portfolio&, const engine::PreTradeGate&) override { ++steps; }
};

TEST(ObserverFanout, EveryObserverSeesEveryCallOnce) {
    CountingObserver a, b;
    engine::ObserverFanout fan;
    fan.add(&a);
    fan.add(&b);
    fan.add(&a);  // added twice: still called once
    exec::Portfolio portfolio(Money::from_units(1000));
    engine::BasicGate gate;
    fan.on_step(at_second(1), portfolio, gate);
    fan.remove(&b);
    fan.on_step(at_second(2), portfolio, gate);
    EXPECT_EQ(a.steps, 2);
    EXPECT_EQ(b.steps, 1);
}

class Recorder : public StoreTest {
protected:
    int64_t count(const std::string& sql) { return Reader(db_path()).connection().query_int(sql); }
};

TEST_F(Recorder, GateViolationsAreRiskEventsWithValueAndLimitAndTheTradersEchoIsNotCountedTwice) {
    {
        Writer w(db_path());
        SessionRecorder rec(w, RunRecord{"bt-1", "backtest", at_second(1), "{}"}, kBacktest);
        nlohmann::json violation{{"kind", "position_size"},
                                 {"value", 0.12},
                                 {"limit", 0.10},
                                 {"symbol", "AAPL"},
                                 {"message", "AAPL: position 12% of equity"}};
        rec.record("risk_rejected", {{"client_id", "bt-x-1"},
                                     {"symbol", "AAPL"},
                                     {"time", "2020-01-02T15:00:00Z"},
                                     {"violations", nlohmann::json::array({violation})}});
        rec.record("kill_switch_tripped", {{"trigger", "violations"}, {"reason", "3 rejected orders"}});
        rec.record("risk_rejected",
                   {{"symbol", "AAPL"}, {"reason", "position_size"}, {"time", "2020-01-02T15:00:00Z"}});
        // The basic gate: only the trader's record, which is then the risk event.
        rec.record("risk_rejected",
                   {{"symbol", "KO"}, {"reason", "shorts not allowed"}, {"time", "2020-01-03T15:00:00Z"}});
        ASSERT_TRUE(rec.finish("completed", nlohmann::json::object(), at_second(2)));
    }
    EXPECT_EQ(count("SELECT count(*) FROM risk_events"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM risk_events WHERE kind = 'position_size' AND symbol = 'AAPL' AND "
                    "value = 0.12 AND limit_value = 0.1"),
              1);
    EXPECT_EQ(count("SELECT count(*) FROM risk_events WHERE kind = 'order_refused' AND symbol = 'KO'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM risk_events WHERE kind = 'kill_switch_tripped'"), 1);
    // A backtest's simulated kill switch does not move the system's current state.
    EXPECT_EQ(count("SELECT tripped FROM kill_switch"), 0);
}

TEST_F(Recorder, ASessionsKillSwitchTripMovesTheCurrentStateAndAResetMovesItBack) {
    Writer w(db_path());
    SessionRecorder rec(w, RunRecord{"paper-1", "replay", at_second(1), "{}"}, kSession);
    rec.record(
        "kill_switch_tripped",
        {{"trigger", "drawdown"}, {"reason", "drawdown 12% beyond 10%"}, {"time", "2020-01-02T15:00:00Z"}});
    ASSERT_TRUE(w.flush());
    auto k = Reader(db_path()).kill_switch();
    EXPECT_TRUE(k.tripped);
    EXPECT_EQ(k.reason, "drawdown 12% beyond 10%");
    EXPECT_EQ(k.changed, parse_timestamp("2020-01-02T15:00:00Z"));
    rec.record("kill_switch_reset", {{"reason", "operator checked"}, {"time", "2020-01-02T16:00:00Z"}});
    ASSERT_TRUE(rec.finish("completed", nlohmann::json::object(), at_second(2)));
    EXPECT_FALSE(Reader(db_path()).kill_switch().tripped);
}

TEST_F(SessionDb, TrailingStopModificationsAreRecordedAsOrderEventsWithTheirTerms) {
    import_sample();
    auto r =
        in_dir("backtest --quiet " + db() + " --symbols AAPL,MSFT --strategy breakout:trail=true --out bt");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("0 dropped"));
    int64_t audited = 0;
    for (const auto& line : lines(dir() / "bt" / "audit.jsonl"))
        audited += line.find(R"("kind":"order_modified")") != std::string::npos;
    ASSERT_GT(audited, 0) << "the trailing breakout moved no stop";
    EXPECT_EQ(count("SELECT count(*) FROM order_events WHERE detail LIKE 'modified: quantity % stop %'"),
              audited)
        << "every applied modification is a row, even one at the instant the stop was placed";
    // Only stop orders are modified, and each keeps one orders row.
    EXPECT_EQ(count("SELECT count(*) FROM order_events e JOIN orders o USING (client_id) "
                    "WHERE e.detail LIKE 'modified:%' AND o.type != 'stop'"),
              0);
}
