// Each table's duplicate policy: market prints and executions are ignored and counted;
// bars, features and positions are replaced and counted; a constraint violation is a
// counted failure, never mistaken for a duplicate.
#include <fmt/format.h>
#include <gmock/gmock.h>

#include <cmath>
#include <cstdio>

#include "store_fixture.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;

class Duplicates : public StoreTest {
protected:
    TableCounts counts(Writer& w, Table t) { return w.stats().tables[static_cast<size_t>(t)]; }
};

TEST_F(Duplicates, RepeatedTradeIsIgnoredCountedAndTheFirstPriceKept) {
    Writer w(db_path());
    ASSERT_TRUE(write_all(w, trade("AAPL", 1000, "189.37"), trade("AAPL", 1000, "999.99"),
                          trade("AAPL", 1000, "189.40", "50", /*seq=*/1)));
    auto c = counts(w, Table::ticks);
    EXPECT_EQ(c.inserted, 2u);
    EXPECT_EQ(c.ignored, 1u);
    auto ticks = Reader(db_path()).ticks(Symbol("AAPL"));
    ASSERT_EQ(ticks.size(), 2u);
    EXPECT_EQ(ticks[0].price, Price::parse("189.37"));
    EXPECT_EQ(ticks[1].price, Price::parse("189.40"));
}

TEST_F(Duplicates, RepeatedBarIsReplacedAndCountedSoCorrectedHistoryWins) {
    Writer w(db_path());
    ASSERT_TRUE(write_all(w, daily_bar("MSFT", "2024-01-02", "10", "12", "9", "11"),
                          daily_bar("MSFT", "2024-01-02", "10", "12", "9", "11.5")));
    auto c = counts(w, Table::bars);
    EXPECT_EQ(c.inserted, 1u);
    EXPECT_EQ(c.replaced, 1u);
    auto bars = Reader(db_path()).bars(Symbol("MSFT"), Timeframe::day);
    ASSERT_EQ(bars.size(), 1u);
    EXPECT_EQ(bars[0].close, Price::parse("11.5"));
}

TEST_F(Duplicates, RecomputedFeatureReplacesTheOldValue) {
    Writer w(db_path());
    ASSERT_TRUE(
        write_all(w, feature("AAPL", "2024-01-02", "rsi", 41.0), feature("AAPL", "2024-01-02", "rsi", 42.5)));
    EXPECT_EQ(counts(w, Table::features).replaced, 1u);
    auto f = Reader(db_path()).features(Symbol("AAPL"), Timeframe::day, "rsi");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].value, 42.5);
}

TEST_F(Duplicates, NanFeatureIsAFailureWithAReasonNotADuplicate) {
    Writer w(db_path());
    ASSERT_TRUE(write_all(w, feature("AAPL", "2024-01-02", "atr", std::nan(""))));
    auto s = w.stats();
    EXPECT_EQ(s.tables[static_cast<size_t>(Table::features)].failed, 1u);
    EXPECT_THAT(s.last_row_error, ::testing::HasSubstr("expected a finite number"));
    EXPECT_THAT(s.last_row_error, ::testing::HasSubstr("AAPL"));
}

TEST_F(Duplicates, ConstraintViolationIsCountedAsFailedAndTheBatchGoesOn) {
    Writer w(db_path());
    ASSERT_TRUE(
        write_all(w, RunRecord{"r1", "holiday", at_second(1)}, RunRecord{"r2", "backtest", at_second(2)}));
    auto c = counts(w, Table::runs);
    EXPECT_EQ(c.failed, 1u);
    EXPECT_EQ(c.inserted, 1u);
    EXPECT_THAT(w.stats().last_row_error, ::testing::HasSubstr("CHECK constraint failed"));
    EXPECT_EQ(Reader(db_path()).runs().size(), 1u);
}

TEST_F(Duplicates, ResentExecutionIsIgnoredSoAFillIsNeverCountedTwice) {
    Writer w(db_path());
    Fill f{"o1",
           "exec-1",
           Symbol("AAPL"),
           Side::buy,
           Quantity::parse("10"),
           Price::parse("189.37"),
           Money::parse("0.35"),
           at_second(5)};
    ASSERT_TRUE(write_all(w, FillRecord{"run", f}, FillRecord{"run", f}));
    EXPECT_EQ(counts(w, Table::fills).inserted, 1u);
    EXPECT_EQ(counts(w, Table::fills).ignored, 1u);
    auto fills = Reader(db_path()).fills();
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(fills[0].fill.cash_delta(), f.cash_delta());
}

TEST_F(Duplicates, ResubmittedOrderIsIgnoredAndEventsMoveItsStatusForwardOnly) {
    Writer w(db_path());
    Order o;
    o.client_id = "o1";
    o.symbol = Symbol("AAPL");
    o.quantity = Quantity::parse("10");
    o.type = OrderType::limit;
    o.limit = Price::parse("189.37");
    o.created = at_second(1);
    o.strategy = "sma";
    ASSERT_TRUE(write_all(
        w, OrderRecord{"run", o, OrderStatus::submitted}, OrderRecord{"run", o, OrderStatus::created},
        OrderEventRecord{"o1", at_second(3), OrderStatus::filled, Quantity::parse("10"), ""},
        OrderEventRecord{"o1", at_second(2), OrderStatus::accepted, Quantity{}, "late"},
        OrderEventRecord{"o1", at_second(3), OrderStatus::filled, Quantity::parse("10"), ""}));
    EXPECT_EQ(counts(w, Table::orders).ignored, 1u);
    EXPECT_EQ(counts(w, Table::order_events).inserted, 2u);
    EXPECT_EQ(counts(w, Table::order_events).ignored, 1u);
    auto orders = Reader(db_path()).orders();
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(orders[0].status, OrderStatus::filled);
    EXPECT_EQ(orders[0].filled, Quantity::parse("10"));
    EXPECT_EQ(orders[0].order.limit, Price::parse("189.37"));
}

TEST_F(Duplicates, PositionSnapshotReplacesThePreviousOne) {
    Writer w(db_path());
    Position p{Symbol("AAPL"), Quantity::parse("10"), Price::parse("189.37"), Money{}};
    Position later{Symbol("AAPL"), Quantity::parse("-2.5"), Price::parse("190.01"), Money::parse("6.4")};
    ASSERT_TRUE(
        write_all(w, PositionRecord{"run", p, at_second(1)}, PositionRecord{"run", later, at_second(2)}));
    EXPECT_EQ(counts(w, Table::positions).replaced, 1u);
    auto positions = Reader(db_path()).positions("run");
    ASSERT_EQ(positions.size(), 1u);
    EXPECT_EQ(positions[0].position.quantity, later.quantity);
    EXPECT_EQ(positions[0].position.realized_pnl, later.realized_pnl);
}

TEST_F(Duplicates, KillSwitchStateIsOneRowReplacedOnEveryChange) {
    Writer w(db_path());
    ASSERT_TRUE(write_all(w, KillSwitchRecord{true, "5 violations in 5 minutes", at_second(9), "risk"}));
    auto k = Reader(db_path()).kill_switch();
    EXPECT_TRUE(k.tripped);
    EXPECT_EQ(k.reason, "5 violations in 5 minutes");
    EXPECT_EQ(counts(w, Table::kill_switch).replaced, 1u);
}

TEST_F(Duplicates, RunEndForAnUnknownRunIsAFailureNotSilence) {
    Writer w(db_path());
    ASSERT_TRUE(write_all(w, RunEndRecord{"nope", at_second(1), "completed"}));
    EXPECT_EQ(counts(w, Table::runs).failed, 1u);
    EXPECT_THAT(w.stats().last_row_error, ::testing::HasSubstr("no such run"));
}

TEST_F(Duplicates, RepeatedQuoteAndEquitySnapshotAreIgnoredAndCounted) {
    Writer w(db_path());
    Quote q{Symbol("AAPL"),         at_second(1),           Price::parse("189.36"),
            Price::parse("189.38"), Quantity::parse("300"), Quantity::parse("200")};
    EquityRecord e{"run",        at_second(1), Money::parse("1000"), Money::parse("1010.5"),
                   std::nullopt, std::nullopt};
    ASSERT_TRUE(write_all(w, QuoteRecord{q, 0}, QuoteRecord{q, 0}, e, e));
    EXPECT_EQ(counts(w, Table::quotes).inserted, 1u);
    EXPECT_EQ(counts(w, Table::quotes).ignored, 1u);
    EXPECT_EQ(counts(w, Table::equity_snapshots).inserted, 1u);
    EXPECT_EQ(counts(w, Table::equity_snapshots).ignored, 1u);
    EXPECT_EQ(Reader(db_path()).quotes(Symbol("AAPL")).at(0).ask, Price::parse("189.38"));
}

TEST_F(Duplicates, RiskEventsKeepEveryEventEvenIdenticalOnes) {
    Writer w(db_path());
    RiskEventRecord violation{"run", at_second(1), "portfolio_heat", "MSFT", 0.065, 0.06, "heat over limit"};
    ASSERT_TRUE(write_all(w, violation, violation));
    EXPECT_EQ(counts(w, Table::risk_events).inserted, 2u);
    Connection db(db_path(), Connection::Mode::read_only);
    EXPECT_EQ(db.query_text("SELECT limit_value FROM risk_events LIMIT 1"), "0.06");
}

// A finding says one thing about one source: the same finding again (a re-import, a second
// backtest over the same file) is ignored and counted, never a second row.
TEST_F(Duplicates, QualityFindingsAreRecordedOncePerSourceKindAndDetail) {
    Writer w(db_path());
    QualityRecord outlier{at_second(1), "AAPL", "1m", "outlier", "close 10x median", "feed"};
    QualityRecord later = outlier;
    later.time = at_second(99);  // found again on a later import
    QualityRecord other = outlier;
    other.detail = "close 12x median";
    ASSERT_TRUE(write_all(w, outlier, later, other));
    EXPECT_EQ(counts(w, Table::quality_findings).inserted, 2u);
    EXPECT_EQ(counts(w, Table::quality_findings).ignored, 1u);
}

TEST_F(Duplicates, TradesOfSeveralSymbolsInOneBatchKeepTheFirstPrintOfEachKey) {
    Writer w(db_path());
    // One batch, symbols interleaved and out of key order: the first print of a key is the
    // one kept, whatever else the batch holds.
    ASSERT_TRUE(write_all(w, trade("MSFT", 2000, "410.00"), trade("AAPL", 2000, "189.50"),
                          trade("AAPL", 1000, "189.37"), trade("MSFT", 2000, "999.99"),
                          trade("AAPL", 1000, "111.11"), trade("AAPL", 3000, "189.60")));
    auto c = counts(w, Table::ticks);
    EXPECT_EQ(c.inserted, 4u);
    EXPECT_EQ(c.ignored, 2u);
    Reader r(db_path());
    auto aapl = r.ticks(Symbol("AAPL"));
    ASSERT_EQ(aapl.size(), 3u);
    EXPECT_EQ(aapl[0].price, Price::parse("189.37"));
    EXPECT_EQ(aapl[1].price, Price::parse("189.50"));
    auto msft = r.ticks(Symbol("MSFT"));
    ASSERT_EQ(msft.size(), 1u);
    EXPECT_EQ(msft[0].price, Price::parse("410.00"));
}

TEST_F(Duplicates, ManySymbolsInOneBatchAreAllWrittenAndTheirDuplicatesCounted) {
    Writer w(db_path());
    // 40 symbols interleaved, each printed twice at the same key.
    std::vector<std::string> names;
    for (int i = 0; i < 40; ++i)
        names.push_back(fmt::format("S{}", i));  // not "S" + to_string: gcc 12 -O3 -Wrestrict false positive
    for (int round = 0; round < 2; ++round)
        for (const auto& n : names)
            ASSERT_TRUE(w.submit(trade(n.c_str(), 1000, round == 0 ? "10.00" : "99.00")).ok());
    ASSERT_TRUE(w.flush());
    auto c = counts(w, Table::ticks);
    EXPECT_EQ(c.inserted, 40u);
    EXPECT_EQ(c.ignored, 40u);
    EXPECT_EQ(Reader(db_path()).ticks(Symbol("S39")).at(0).price, Price::parse("10.00"));
}
