// DATA_DIVIDENDS=cash: the dividends a daily file's Adj Close shows are booked as cash on their
// ex-dates, on the position held at the previous close, before that bar's fills; audited.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>

#include "engine/fixtures.hpp"
#include "robo/engine/backtest.hpp"
#include "support/paths.hpp"

using namespace robo;
using namespace robo::test;
using strategy::Direction;

namespace {

// Three days of AAA. The Adj Close / Close factor steps from 0.991775 to 1 on 2024-01-10: a
// dividend of 100 x (1 - 0.991775) = 0.8225 a share, ex 2024-01-10.
std::filesystem::path three_bars(const std::string& test, bool with_adj_close = true) {
    const auto dir = std::filesystem::temp_directory_path() / ("robo_dividends_" + test);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream out(dir / "AAA.csv");
    if (with_adj_close) {
        out << "Date,Open,High,Low,Close,Adj Close,Volume\n"
               "2024-01-08,100,100,100,100,99.1775,1000000\n"
               "2024-01-09,100,100,100,100,99.1775,1000000\n"
               "2024-01-10,99.1775,99.1775,99.1775,99.1775,99.1775,1000000\n";
    } else {
        out << "Date,Open,High,Low,Close,Volume\n"
               "2024-01-08,100,100,100,100,1000000\n"
               "2024-01-09,100,100,100,100,1000000\n"
               "2024-01-10,99.1775,99.1775,99.1775,99.1775,1000000\n";
    }
    return dir;
}

engine::LoadedFeed load(const std::filesystem::path& data, bool cash, bool adjusted = false,
                        std::vector<Symbol> symbols = {}) {
    engine::DataSelection sel;
    sel.data = data;
    sel.now = parse_timestamp("2030-01-01T00:00:00Z");
    sel.dividends_cash = cash;
    sel.adjusted_prices = adjusted;
    sel.symbols = std::move(symbols);
    return engine::load_feed(sel);
}

// Runs a strategy that goes long on bar `enter_at` (filled at the next bar's open) and holds.
struct DividendRun {
    Rig rig;
    engine::RunSummary summary;
    DividendRun(engine::LoadedFeed& loaded, int enter_at, bool book, double fraction = 0.5)
        : rig(
              [enter_at](strategy::Context& ctx, const Bar& bar, int i) {
                  if (i == enter_at) ctx.signal(want(bar, Direction::long_));
              },
              Rig::no_costs(), Rig::sized_at(fraction)) {
        if (book)
            rig.engine().set_dividends(
                loaded.dividends);  // as the session builder does for DATA_DIVIDENDS=cash
        summary = rig.run(loaded.feed);
    }
};

TEST(Dividends, TheAdjCloseStepIsReadAsOneDividendWithItsAmount) {
    const auto dir = three_bars("found");
    auto loaded = load(dir, true);
    ASSERT_EQ(loaded.dividends.size(), 1u);
    EXPECT_EQ(loaded.dividends[0].symbol, Symbol("AAA"));
    EXPECT_EQ(format_date(loaded.dividends[0].ex_date), "2024-01-10");
    EXPECT_EQ(loaded.dividends[0].amount, px("0.8225"));
    EXPECT_TRUE(load(dir, false).dividends.empty());  // ignore: nothing is even looked for
    std::filesystem::remove_all(dir);
}

TEST(Dividends, AHeldPositionReceivesQuantityTimesAmountOnTheExDate) {
    const auto dir = three_bars("held");
    auto loaded = load(dir, true);
    DividendRun run(loaded, 0, true);  // long at the first close, filled at the second open
    const auto& p = run.rig.portfolio;
    ASSERT_EQ(p.fills().size(), 1u);
    const Quantity held = p.quantity(Symbol("AAA"));
    EXPECT_EQ(held, Quantity::from_units(500));        // half of 100,000 at 100
    EXPECT_EQ(p.dividends(), Money::parse("411.25"));  // 500 x 0.8225, exactly
    EXPECT_EQ(p.cash(), Money::parse("100000") - Money::parse("50000") + Money::parse("411.25"));
    EXPECT_EQ(p.equity(), Money::parse("50411.25") + Price::parse("99.1775") * held);
    ASSERT_EQ(p.dividend_bookings().size(), 1u);
    size_t audited = 0;
    for (const auto& e : run.rig.audit.entries) {
        if (e.kind != "dividend") continue;
        ++audited;
        EXPECT_EQ(e.fields.at("symbol"), "AAA");
        EXPECT_EQ(e.fields.at("ex_date"), "2024-01-10");
        EXPECT_EQ(e.fields.at("amount_per_share"), "0.8225");
        EXPECT_EQ(e.fields.at("quantity"), "500");
        EXPECT_EQ(e.fields.at("cash"), "411.25");
    }
    EXPECT_EQ(audited, 1u);
    std::filesystem::remove_all(dir);
}

TEST(Dividends, IgnoredByDefaultAndNotPaidToABuyerOnTheExDate) {
    const auto dir = three_bars("not_entitled");
    auto loaded = load(dir, true);
    DividendRun ignored(loaded, 0, false);
    EXPECT_EQ(ignored.rig.portfolio.dividends(), Money{});
    EXPECT_EQ(ignored.rig.portfolio.cash(), Money::parse("50000"));
    auto again = load(dir, true);
    DividendRun late(again, 1, true);  // bought at the ex-date's open: the seller keeps the dividend
    EXPECT_EQ(late.rig.portfolio.fills().size(), 1u);
    EXPECT_EQ(late.rig.portfolio.dividends(), Money{});
    EXPECT_TRUE(late.rig.portfolio.dividend_bookings().empty());
    std::filesystem::remove_all(dir);
}

TEST(Dividends, CashIsRefusedWithAdjustedPricesAndWithoutAdjClose) {
    const auto dir = three_bars("adjusted");
    try {
        load(dir, true, true);
        ADD_FAILURE() << "loaded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("adjusted prices already contain the dividends"),
                  std::string::npos)
            << e.what();
    }
    const auto plain = three_bars("no_adj", false);
    try {
        load(plain, true);
        ADD_FAILURE() << "loaded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no Adj Close column in any bar file: dividends unknown"),
                  std::string::npos)
            << e.what();
    }
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(plain);
}

// AAPL 2015-2020 bought on the first day and held: every quarterly dividend is booked, and the
// final equity is the ignoring run's plus exactly the booked total (the positions are the same).
TEST(Dividends, AppleHeldFrom2015PaysItsQuarterlyDividendsInCash) {
    const auto file = sample_dir() / "daily" / "AAPL.csv";  // the same file as ../shared/data/daily
    auto with = load(file, true);
    auto without = load(file, true);
    DividendRun cash(with, 0, true, 0.9);
    DividendRun ignore(without, 0, false, 0.9);
    const auto& pc = cash.rig.portfolio;
    const auto& pi = ignore.rig.portfolio;
    ASSERT_EQ(pc.fills().size(), 1u);
    ASSERT_EQ(pi.fills().size(), 1u);
    EXPECT_EQ(pc.quantity(Symbol("AAPL")), pi.quantity(Symbol("AAPL")));
    const size_t booked = pc.dividend_bookings().size();
    EXPECT_GE(booked, 18u);
    EXPECT_LE(booked, 24u);
    EXPECT_TRUE(pc.dividends().is_positive());
    EXPECT_EQ(pc.equity() - pi.equity(), pc.dividends());
    Money sum;
    for (const auto& d : pc.dividend_bookings()) {
        EXPECT_EQ(d.quantity, pc.quantity(Symbol("AAPL")));
        EXPECT_EQ(d.cash, d.amount * d.quantity);
        EXPECT_GT(d.amount, px("0.4"));  // AAPL paid 0.47 to 0.82 a share (pre-2020-split basis)
        EXPECT_LT(d.amount, px("0.9"));
        sum += d.cash;
    }
    EXPECT_EQ(sum, pc.dividends());
    std::cout << "AAPL held " << pc.quantity(Symbol("AAPL")).to_string() << " shares: " << booked
              << " dividends booked, " << pc.dividends().to_string(2) << " in cash; equity "
              << pc.equity().to_string(2) << " vs " << pi.equity().to_string(2) << " ignoring them\n";
}

}  // namespace
