// RecordFeed, the loaded data's feed by reference, delivers what VectorFeed delivers for the
// same records added in the same order: every kind, ties in the order added, backfill
// flags, bars it keeps itself, and readers of their own over one shared feed.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "robo/data/feed.hpp"
#include "robo/data/record_feed.hpp"

using namespace robo;
using robo::data::MarketEvent;
using robo::data::RecordFeed;
using robo::data::RecordFeedReader;
using robo::data::VectorFeed;

namespace {
Bar bar_on(int64_t day, int64_t id, const char* symbol) {
    Bar b;
    b.symbol = Symbol(symbol);
    b.timeframe = Timeframe::day;
    b.start = Timestamp{} + std::chrono::days(day);
    b.open = b.high = b.low = b.close = Price::from_units(10 + id % 7);
    b.volume = Quantity::from_units(id);
    return b;
}

void expect_same_event(const MarketEvent& a, const MarketEvent& b, size_t i) {
    ASSERT_EQ(a.time, b.time) << i;
    ASSERT_EQ(a.backfill, b.backfill) << i;
    ASSERT_EQ(a.data.index(), b.data.index()) << i;
    if (const auto* x = std::get_if<Bar>(&a.data)) {
        const auto& y = std::get<Bar>(b.data);
        ASSERT_EQ(x->symbol, y.symbol) << i;
        ASSERT_EQ(x->start, y.start) << i;
        ASSERT_EQ(x->close, y.close) << i;
        ASSERT_EQ(x->volume, y.volume) << i;
    } else if (const auto* q = std::get_if<Quote>(&a.data)) {
        ASSERT_EQ(q->bid, std::get<Quote>(b.data).bid) << i;
        ASSERT_EQ(q->ask_size, std::get<Quote>(b.data).ask_size) << i;
    } else {
        ASSERT_EQ(std::get<Tick>(a.data).price, std::get<Tick>(b.data).price) << i;
        ASSERT_EQ(std::get<Tick>(a.data).size, std::get<Tick>(b.data).size) << i;
    }
}
}  // namespace

TEST(RecordFeed, DeliversWhatVectorFeedDeliversForTheSameRecords) {
    std::mt19937_64 rng(9);
    // The records live in "files" that outlive the feed, as the loaded data does.
    std::vector<std::vector<Bar>> files(6);
    std::vector<Tick> ticks;
    std::vector<Quote> quotes;
    for (size_t f = 0; f < files.size(); ++f) {
        int64_t day = int64_t(rng() % 20);
        for (int r = 0; r < 300; ++r, day += int64_t(rng() % 3))
            files[f].push_back(bar_on(day, int64_t(f * 1000 + size_t(r)), f % 2 ? "AAA" : "BBB"));
    }
    for (int i = 0; i < 200; ++i) {
        const Timestamp t = Timestamp{} + std::chrono::hours(int64_t(rng() % 2000));
        ticks.push_back({Symbol("TTT"), t, Price::from_units(5 + i), Quantity::from_units(i)});
        quotes.push_back({Symbol("QQQ"), t, Price::from_units(4), Price::from_units(6 + i),
                          Quantity::from_units(1), Quantity::from_units(i)});
    }
    VectorFeed copies;
    RecordFeed by_reference;
    for (const auto& file : files)
        for (size_t i = 0; i < file.size(); ++i) {
            const bool backfill = i < 20;
            copies.add(file[i], backfill);
            if (i % 5 == 0) {
                Bar adjusted = file[i];  // a copy that lives nowhere else: the feed keeps it
                adjusted.close = Price::from_units(99);
                copies.add(adjusted, backfill);
                by_reference.add(file[i], backfill);
                by_reference.add_owned(adjusted, backfill);
            } else {
                by_reference.add(file[i], backfill);
            }
        }
    for (const auto& t : ticks) copies.add(t), by_reference.add(t);
    for (const auto& q : quotes) copies.add(q), by_reference.add(q);
    copies.seal();
    by_reference.seal();
    RecordFeed moved = std::move(by_reference);  // the kept bars stay where the events point
    ASSERT_EQ(moved.size(), copies.size());

    RecordFeedReader first(moved.events()), second(moved.events());
    MarketEvent want, got;
    for (size_t i = 0; copies.next(want); ++i) {
        ASSERT_TRUE(moved.next(got));
        expect_same_event(want, got, i);
        ASSERT_TRUE(first.next(got));
        expect_same_event(want, got, i);
    }
    EXPECT_FALSE(moved.next(got));
    EXPECT_FALSE(first.next(got));
    EXPECT_EQ(second.remaining(), long(copies.size()));  // each reader has its own position
    Timestamp t;
    ASSERT_TRUE(second.peek_time(t));
    EXPECT_EQ(t, moved.events().front().time);
}

TEST(RecordFeed, RefusesToBeReadBeforeItIsSealed) {
    const Bar b = bar_on(1, 1, "AAA");
    RecordFeed feed;
    feed.add(b);
    MarketEvent e;
    EXPECT_THROW(feed.next(e), std::logic_error);
    feed.seal();
    EXPECT_TRUE(feed.next(e));
    EXPECT_FALSE(feed.next(e));
}
