// Migrations: a new file gets the latest schema; an old one is upgraded in place with its
// data; a newer or foreign one is refused with a message that says why.
#include <gmock/gmock.h>

#include "store_fixture.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using ::testing::HasSubstr;

class Schema : public StoreTest {};

TEST_F(Schema, NewDatabaseIsAtLatestVersionWithEveryMigrationRecorded) {
    auto db = open_for_writing(db_path());
    EXPECT_EQ(schema_version(db), latest_schema_version());
    EXPECT_EQ(db.query_int("SELECT count(*) FROM schema_version"), latest_schema_version());
    EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "wal");
    for (const char* table :
         {"ticks", "quotes", "bars", "features", "runs", "orders", "order_events", "fills", "positions",
          "equity_snapshots", "risk_events", "kill_switch", "quality_findings"})
        EXPECT_EQ(
            db.query_int(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table + "'"), 1)
            << table;
}

TEST_F(Schema, VersionOneDatabaseIsUpgradedKeepingItsRows) {
    {
        auto v1 = open_for_writing(db_path(), {.migrate_up_to = 1});
        ASSERT_EQ(schema_version(v1), 1);
        v1.exec(
            "INSERT INTO bars VALUES ('AAPL', '1d', 0, 18937000000, 19000000000, 18800000000, "
            "18900000000, 10000000, NULL)");
        EXPECT_EQ(v1.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'orders'"), 0);
    }
    auto db = open_for_writing(db_path());
    EXPECT_EQ(schema_version(db), latest_schema_version());
    EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'orders'"), 1);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM schema_version"), latest_schema_version());
    Reader reader(db_path());
    auto bars = reader.bars(Symbol("AAPL"), Timeframe::day);
    ASSERT_EQ(bars.size(), 1u);
    EXPECT_EQ(bars[0].open, Price::parse("189.37"));
}

TEST_F(Schema, NewerDatabaseIsRefusedNamingBothVersions) {
    { open_for_writing(db_path()).exec("PRAGMA user_version = 99"); }
    try {
        open_for_writing(db_path());
        FAIL() << "a newer schema was accepted";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("schema version 99 is newer"));
        EXPECT_THAT(e.what(), HasSubstr("(" + std::to_string(latest_schema_version()) + ")"));
        EXPECT_THAT(e.what(), HasSubstr(db_path().string()));
    }
    EXPECT_THROW(Reader{db_path()}, StoreError);
}

TEST_F(Schema, ForeignSqliteFileIsRefusedAndLeftAlone) {
    {
        Connection other(db_path(), Connection::Mode::read_write_create);
        other.exec("CREATE TABLE notes (text TEXT)");
    }
    EXPECT_THROW(
        {
            try {
                open_for_writing(db_path());
            } catch (const StoreError& e) {
                EXPECT_THAT(e.what(), HasSubstr("not a robo_trader database"));
                throw;
            }
        },
        StoreError);
    Connection check(db_path(), Connection::Mode::read_only);
    EXPECT_EQ(check.query_int("SELECT count(*) FROM sqlite_master"), 1);
}

TEST_F(Schema, ReaderRefusesAnOlderDatabaseAndSaysHowToUpgrade) {
    { open_for_writing(db_path(), {.migrate_up_to = 2}); }
    try {
        Reader reader(db_path());
        FAIL() << "an old schema was read";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("schema version 2 is older"));
        EXPECT_THAT(e.what(), HasSubstr("db migrate"));
    }
}

TEST_F(Schema, ReaderRefusesAMissingFileInsteadOfCreatingOne) {
    EXPECT_THROW(Reader{db_path()}, StoreError);
    EXPECT_FALSE(std::filesystem::exists(db_path()));
}

TEST_F(Schema, StrictTablesRefuseAPriceStoredAsText) {
    auto db = open_for_writing(db_path());
    EXPECT_THROW(db.exec("INSERT INTO ticks VALUES ('AAPL', 1, 0, '189.37', 100)"), StoreError);
}

TEST_F(Schema, DecimalViewsShowPricesExactlyAsTheCoreTypesPrintThem) {
    auto db = open_for_writing(db_path());
    Statement insert(db,
                     "INSERT INTO ticks (symbol, time_ns, seq, price_e8, size_e4) VALUES ('X', ?, 0, ?, ?)");
    const char* prices[] = {"189.37", "0.00000001", "100", "-0.5", "-12.25", "92233720368.54775807", "0"};
    int64_t t = 0;
    for (const char* p : prices)
        insert.bind(1, ++t).bind(2, Price::parse(p).raw()).bind(3, int64_t{12345}).run();
    Statement view(db, "SELECT price, size, time FROM ticks_dec ORDER BY time");
    for (const char* p : prices) {
        ASSERT_TRUE(view.step());
        EXPECT_EQ(view.column_text(0), Price::parse(p).to_string()) << p;
        EXPECT_EQ(view.column_text(1), "1.2345");
    }
    EXPECT_EQ(db.query_text("SELECT time FROM ticks_dec LIMIT 1"), "1970-01-01T00:00:00.000Z");
}
