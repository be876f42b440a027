// Contract multipliers in the ledger and the commission (EXECUTION_CONTRACT_MULTIPLIER), and
// cash dividends booked on a held position (DATA_DIVIDENDS=cash).
#include <gtest/gtest.h>

#include <stdexcept>

#include "exec/helpers.hpp"
#include "robo/core/multiplier.hpp"
#include "robo/exec/commission.hpp"
#include "robo/exec/portfolio.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

namespace {
const Symbol ES("ES");
const Symbol AAPL("AAPL");

Portfolio futures_book(const char* cash = "1000000") {
    Portfolio p(usd(cash));
    p.set_multipliers(ContractMultipliers::parse("ES=50,NQ=20"));
    return p;
}
}  // namespace

TEST(ContractMultiplier, TwoEsBoughtAt4000SoldAt4010MakeTwoTimesTenTimesFifty) {
    auto p = futures_book();
    p.apply(fill("ES", Side::buy, 2, "4000", "2.50"));
    // 2 contracts x 50 x 4000 = 400,000 of index exposure.
    EXPECT_EQ(p.market_value(), usd("400000"));
    EXPECT_EQ(p.cash(), usd("1000000") - usd("400000") - usd("2.50"));
    EXPECT_EQ(p.position(ES)->average_cost(), px("4000"));  // per index point, not per contract
    p.mark(ES, px("4005"));
    EXPECT_EQ(p.unrealized_pnl(), usd("500"));  // 2 x 5 x 50
    EXPECT_EQ(p.equity(), usd("1000497.50"));
    p.apply(fill("ES", Side::sell, 2, "4010", "2.50"));
    EXPECT_EQ(p.realized_pnl(), usd("1000"));  // 2 x 10 x 50
    EXPECT_EQ(p.commissions(), usd("5"));
    EXPECT_EQ(p.equity(), usd("1000995"));
    EXPECT_EQ(p.cash(), usd("1000995"));
    EXPECT_EQ(p.traded_value(), usd("400000") + usd("401000"));
    ASSERT_EQ(p.closed_trades().size(), 1u);
    EXPECT_EQ(p.closed_trades()[0].pnl, usd("995"));
    EXPECT_EQ(p.closed_trades()[0].entry_price, px("4000"));
    EXPECT_EQ(p.closed_trades()[0].exit_price, px("4010"));
    EXPECT_EQ(p.closed_trades()[0].quantity, shares(2));  // contracts
}

TEST(ContractMultiplier, ShortFutureLosesMultiplierTimesTheRise) {
    auto p = futures_book();
    p.apply(fill("ES", Side::sell, 1, "4000"));
    p.mark(ES, px("4002.25"));
    EXPECT_EQ(p.unrealized_pnl(), usd("-112.50"));  // 2.25 x 50
    EXPECT_EQ(p.market_value(), usd("-200112.50"));
    p.apply(fill("ES", Side::buy, 1, "3990"));
    EXPECT_EQ(p.realized_pnl(), usd("500"));
    EXPECT_EQ(p.equity(), usd("1000500"));
}

TEST(ContractMultiplier, SymbolsWithoutOneKeepTheirShareAccounting) {
    auto p = futures_book();
    p.apply(fill("AAPL", Side::buy, 10, "150"));
    p.apply(fill("AAPL", Side::sell, 10, "151"));
    EXPECT_EQ(p.realized_pnl(), usd("10"));
}

TEST(ContractMultiplier, LedgerIdentityHoldsWithMixedMultipliersAndPartialCloses) {
    auto p = futures_book();
    p.apply(fill("ES", Side::buy, 3, "4000.25", "1.11"));
    p.apply(fill("NQ", Side::sell, 2, "15000.5", "0.70"));
    p.apply(fill("ES", Side::sell, 1, "4003.75", "0.37"));
    p.apply(fill("AAPL", Side::buy, 7, "101.01", "1"));
    p.mark(ES, px("3999.5"));
    p.mark(Symbol("NQ"), px("15010.25"));
    p.apply(fill("NQ", Side::buy, 3, "15001", "1.05"));  // flips to long 1
    EXPECT_EQ(p.equity(), p.initial_cash() + p.realized_pnl() + p.unrealized_pnl() - p.commissions());
    EXPECT_EQ(p.cash() + p.market_value(), p.equity());
}

TEST(ContractMultiplier, ParseNamesTheOptionAndRefusesBadValues) {
    EXPECT_EQ(ContractMultipliers::parse("").others, shares(1));
    EXPECT_TRUE(ContractMultipliers::parse("1").trivial());
    EXPECT_EQ(ContractMultipliers::parse("50").of(ES), shares(50));
    const auto m = ContractMultipliers::parse("ES=50, NQ=20 ,*=5");
    EXPECT_EQ(m.of(ES), shares(50));
    EXPECT_EQ(m.of(Symbol("NQ")), shares(20));
    EXPECT_EQ(m.of(AAPL), shares(5));
    EXPECT_FALSE(m.trivial());
    for (const char* bad :
         {"0", "-50", "abc", "ES=0", "ES=-1", "ES=x", "ES", "=50", "ES=50,A;B=2", "ES=1e400"}) {
        try {
            ContractMultipliers::parse(bad);
            ADD_FAILURE() << "accepted \"" << bad << "\"";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("EXECUTION_CONTRACT_MULTIPLIER"), std::string::npos)
                << e.what();
        }
    }
}

TEST(ContractMultiplier, CommissionCapIsOnePercentOfTheContractValue) {
    // Fixed plan: 0.005 per contract, at least 1.00, at most 1 % of the value. One contract at
    // 0.50 with multiplier 1 is capped at 0.005; with multiplier 50 the value is 25, the cap 0.25.
    CommissionSchedule plain(CommissionPlan::ibkr_fixed);
    EXPECT_EQ(plain.single_order(shares(1), px("0.50"), day(1)), usd("0.005"));
    CommissionSchedule futures(CommissionPlan::ibkr_fixed);
    OrderCommissionState state;
    EXPECT_EQ(futures.charge(state, shares(1), px("0.50"), day(1), shares(50)), usd("0.25"));
}

TEST(Dividends, HeldLongReceivesQuantityTimesAmountExactly) {
    Portfolio p(usd("10000"));
    p.apply(fill("AAPL", Side::buy, 37, "100"));
    const Money before = p.cash();
    const auto d = p.book_dividend(AAPL, day(2), px("0.8225"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->cash, usd("30.4325"));  // 37 x 0.8225
    EXPECT_EQ(p.cash() - before, usd("30.4325"));
    EXPECT_EQ(p.dividends(), usd("30.4325"));
    EXPECT_EQ(p.position(AAPL)->dividends, usd("30.4325"));
    EXPECT_EQ(p.equity(),
              p.initial_cash() + p.realized_pnl() + p.unrealized_pnl() - p.commissions() + p.dividends());
}

TEST(Dividends, ShortPaysAndFlatBooksNothing) {
    Portfolio p(usd("10000"));
    EXPECT_FALSE(p.book_dividend(AAPL, day(2), px("1")).has_value());
    p.apply(fill("AAPL", Side::sell, 10, "100"));
    const auto d = p.book_dividend(AAPL, day(2), px("0.25"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->cash, usd("-2.50"));
    EXPECT_EQ(p.dividends(), usd("-2.50"));
    p.apply(fill("AAPL", Side::buy, 10, "100"));
    EXPECT_FALSE(p.book_dividend(AAPL, day(3), px("0.25")).has_value());
    EXPECT_EQ(p.dividend_bookings().size(), 1u);
}
