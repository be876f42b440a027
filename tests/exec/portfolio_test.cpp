#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "exec/helpers.hpp"
#include "robo/exec/portfolio.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

namespace {
const Symbol AAPL("AAPL");
Portfolio with_cash(const char* cash) { return Portfolio(usd(cash)); }
}  // namespace

TEST(Portfolio, LongRoundTripRealizesPriceDifferenceLessCommissions) {
    auto p = with_cash("100000");
    p.apply(fill("AAPL", Side::buy, 100, "50", "1"));  // pays 5000 + 1
    p.mark(AAPL, px("55"));
    EXPECT_EQ(p.cash(), usd("94999"));
    EXPECT_EQ(p.market_value(), usd("5500"));
    EXPECT_EQ(p.equity(), usd("100499"));
    EXPECT_EQ(p.unrealized_pnl(), usd("500"));
    p.apply(fill("AAPL", Side::sell, 100, "60", "1"));  // receives 6000 - 1
    EXPECT_EQ(p.realized_pnl(), usd("1000"));
    EXPECT_EQ(p.commissions(), usd("2"));
    EXPECT_EQ(p.cash(), usd("100998"));
    EXPECT_EQ(p.equity(), usd("100998"));
    ASSERT_EQ(p.closed_trades().size(), 1u);
    EXPECT_EQ(p.closed_trades()[0].pnl, usd("998"));
    EXPECT_EQ(p.closed_trades()[0].direction, 1);
}

TEST(Portfolio, ShortRoundTripProfitsWhenThePriceFalls) {
    auto p = with_cash("100000");
    p.apply(fill("AAPL", Side::sell, 100, "50", "1"));  // receives 5000 - 1
    EXPECT_EQ(p.quantity(AAPL), shares(-100));
    EXPECT_EQ(p.cash(), usd("104999"));
    EXPECT_EQ(p.market_value(), usd("-5000"));
    EXPECT_EQ(p.equity(), usd("99999"));
    p.mark(AAPL, px("45"));
    EXPECT_EQ(p.unrealized_pnl(), usd("500"));
    EXPECT_EQ(p.equity(), usd("100499"));
    p.apply(fill("AAPL", Side::buy, 100, "40", "1"));  // pays 4000 + 1
    EXPECT_EQ(p.realized_pnl(), usd("1000"));
    EXPECT_EQ(p.cash(), usd("100998"));
    EXPECT_EQ(p.closed_trades().at(0).direction, -1);
    EXPECT_EQ(p.closed_trades().at(0).pnl, usd("998"));
}

TEST(Portfolio, AverageCostBlendsBuysAndPartialSaleRealizesAgainstIt) {
    auto p = with_cash("10000");
    p.apply(fill("AAPL", Side::buy, 100, "10"));
    p.apply(fill("AAPL", Side::buy, 100, "12"));
    EXPECT_EQ(p.position(AAPL)->average_cost(), px("11"));
    p.apply(fill("AAPL", Side::sell, 50, "15"));  // (15 - 11) x 50
    EXPECT_EQ(p.realized_pnl(), usd("200"));
    EXPECT_EQ(p.quantity(AAPL), shares(150));
    EXPECT_EQ(p.position(AAPL)->average_cost(), px("11"));
    EXPECT_TRUE(p.closed_trades().empty());  // still open
}

TEST(Portfolio, SellingMoreThanHeldClosesTheLongAndOpensAShortAtTheFillPrice) {
    auto p = with_cash("10000");
    p.apply(fill("AAPL", Side::buy, 100, "10"));
    p.apply(fill("AAPL", Side::sell, 150, "12"));
    EXPECT_EQ(p.realized_pnl(), usd("200"));  // the 100 closed
    EXPECT_EQ(p.quantity(AAPL), shares(-50));
    EXPECT_EQ(p.position(AAPL)->average_cost(), px("12"));  // the new short
    EXPECT_EQ(p.closed_trades().size(), 1u);
    EXPECT_EQ(p.open_positions(), 1u);
}

TEST(Portfolio, AverageCostThatDoesNotDivideEvenlyStillReconcilesExactly) {
    auto p = with_cash("1000");
    p.apply(fill("AAPL", Side::buy, 1, "10"));
    p.apply(fill("AAPL", Side::buy, 1, "10"));
    p.apply(fill("AAPL", Side::buy, 1, "10.01"));  // basis 30.01 over 3 shares
    p.apply(fill("AAPL", Side::sell, 1, "10"));    // removes 10.00333333
    p.apply(fill("AAPL", Side::sell, 2, "10"));    // removes the rest exactly
    EXPECT_EQ(p.realized_pnl(), usd("-0.01"));
    EXPECT_EQ(p.cash(), usd("999.99"));
    EXPECT_EQ(p.position(AAPL)->cost_basis, Money{});
}

TEST(Portfolio, EquityCurveKeepsOnePointPerTime) {
    auto p = with_cash("1000");
    p.record(day(1));
    p.apply(fill("AAPL", Side::buy, 1, "10", "1"));
    p.record(day(1));
    p.record(day(2));
    ASSERT_EQ(p.equity_curve().size(), 2u);
    EXPECT_EQ(p.equity_curve()[0].equity, usd("999"));
}

// The ledger identity: whatever fills and marks arrive, cash plus market value is equity,
// and equity is the initial cash plus realized and unrealized P&L minus commissions —
// exactly, to the last of Money's 8 decimals.
// The market value and the gross exposure are kept as fills and marks arrive (the gate and
// the sizer read them every bar); each must equal the walk over the books at every step.
RC_GTEST_PROP(Portfolio, CashPlusMarketValueIsEquityAtEveryStep, ()) {
    Portfolio p(Money::from_units(*rc::gen::inRange<int64_t>(0, 10'000'000)));
    const Symbol symbols[] = {Symbol("AAA"), Symbol("BBB"), Symbol("CCC")};
    const int steps = *rc::gen::inRange(1, 60);
    for (int i = 0; i < steps; ++i) {
        Symbol s = symbols[*rc::gen::inRange(0, 3)];
        Price price = Price::from_raw(*rc::gen::inRange<int64_t>(1, 500'00000000));  // up to $500, 8 dp
        if (*rc::gen::inRange(0, 3) == 0) {
            p.mark(s, price);
        } else {
            Fill f;
            f.exec_id = std::to_string(i);
            f.symbol = s;
            f.side = *rc::gen::inRange(0, 2) ? Side::buy : Side::sell;
            f.quantity = Quantity::from_raw(*rc::gen::inRange<int64_t>(1, 5'000'0000));  // fractional too
            f.price = price;
            f.commission = Money::from_raw(*rc::gen::inRange<int64_t>(0, 10'00000000));
            f.time = from_unix_nanos(i);
            p.apply(f);
        }
        Money sum_market, sum_gross;
        for (const auto& b : p.books()) {
            RC_ASSERT(b.value_at_mark == b.market_value());  // the cached value a mark starts from
            sum_market += b.market_value();
            sum_gross += b.market_value().abs();
        }
        RC_ASSERT(p.market_value() == sum_market);
        RC_ASSERT(p.gross_exposure() == sum_gross);
        RC_ASSERT(p.cash() + p.market_value() == p.equity());
        RC_ASSERT(p.equity() == p.initial_cash() + p.realized_pnl() + p.unrealized_pnl() - p.commissions());
    }
}

// The risk gate's view of the books is rebuilt only when the generation moved: a fill, a
// dividend, new multipliers and a new mark of a position held move it; reading, and marks
// of symbols not held (which the view leaves out), do not.
TEST(Portfolio, EveryChangeTheGateSeesMovesTheGeneration) {
    Portfolio p(usd("100000"));
    uint64_t seen = p.generation();
    auto moved = [&] {
        const bool m = p.generation() != seen;
        seen = p.generation();
        return m;
    };
    p.mark(Symbol("AAPL"), px("10"));
    EXPECT_FALSE(moved()) << "a mark of a symbol never traded";
    p.apply(fill("AAPL", Side::buy, 100, "10"));
    EXPECT_TRUE(moved()) << "fill";
    p.mark(Symbol("AAPL"), px("11"));
    EXPECT_TRUE(moved()) << "new mark of a position held";
    p.mark(Symbol("AAPL"), px("11"));
    EXPECT_FALSE(moved()) << "the same mark again";
    (void)p.equity();
    (void)p.books();
    (void)p.position(Symbol("AAPL"));
    EXPECT_FALSE(moved()) << "reads";
    ASSERT_TRUE(p.book_dividend(Symbol("AAPL"), day(2), px("0.5")));
    EXPECT_TRUE(moved()) << "dividend";
    p.set_multipliers({});
    EXPECT_TRUE(moved()) << "multipliers";
    p.apply(fill("AAPL", Side::sell, 100, "12"));
    EXPECT_TRUE(moved()) << "closing fill";
    p.mark(Symbol("AAPL"), px("13"));
    EXPECT_FALSE(moved()) << "a mark of a flat book";
}
