#include <gtest/gtest.h>

#include <set>

#include "exec/helpers.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/log/memory_audit_sink.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

namespace {
Fill fill_of(const std::string& id, const char* symbol, Side side, int64_t qty, const char* price) {
    Fill f = fill(symbol, side, qty, price);
    f.client_id = id;
    return f;
}
size_t count_kind(const log::MemoryAuditSink& audit, std::string_view kind) {
    size_t n = 0;
    for (auto& e : audit.entries) n += e.kind == kind;
    return n;
}
}  // namespace

TEST(OrderManager, WalksAnOrderFromCreatedToFilledThroughPartialFills) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    om.submit(order("a1", "AAPL", Side::buy, 100), day(1));
    om.mark_submitted("a1", day(1));
    om.mark_accepted("a1", day(1));
    EXPECT_EQ(om.apply_fill(fill_of("a1", "AAPL", Side::buy, 40, "10")).status,
              OrderStatus::partially_filled);
    EXPECT_EQ(om.apply_fill(fill_of("a1", "AAPL", Side::buy, 30, "11")).status,
              OrderStatus::partially_filled);
    const auto& done = om.apply_fill(fill_of("a1", "AAPL", Side::buy, 30, "12"));
    EXPECT_EQ(done.status, OrderStatus::filled);
    EXPECT_EQ(done.filled, shares(100));
    EXPECT_EQ(done.filled_value, usd("1090"));  // 400 + 330 + 360
    EXPECT_EQ(om.working_count(), 0u);
}

TEST(OrderManager, RetriedSubmitWithTheSameIdNeverCreatesASecondOrder) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    auto first = om.submit(order("buy-1", "AAPL", Side::buy, 100), day(1));
    for (int retry = 0; retry < 352; ++retry) {
        auto again = om.submit(order("buy-1", "AAPL", Side::buy, 100), day(1));
        EXPECT_TRUE(again.duplicate);
        EXPECT_EQ(again.order, first.order);
    }
    EXPECT_FALSE(first.duplicate);
    EXPECT_EQ(om.size(), 1u);
    EXPECT_EQ(count_kind(audit, "order_created"), 1u);
    EXPECT_EQ(count_kind(audit, "order_duplicate_ignored"), 352u);
}

TEST(OrderManager, RefusesToReuseAnIdForADifferentOrder) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    om.submit(order("buy-1", "AAPL", Side::buy, 100), day(1));
    EXPECT_THROW(om.submit(order("buy-1", "AAPL", Side::buy, 200), day(1)), OrderError);
    EXPECT_EQ(om.find("buy-1")->order.quantity, shares(100));
}

TEST(OrderManager, RefusesAnInvalidOrderWithTheReason) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    Order bad = order("x", "AAPL", Side::buy, 100, OrderType::limit);  // limit without a price
    try {
        om.submit(bad, day(1));
        FAIL() << "expected OrderError";
    } catch (const OrderError& e) {
        EXPECT_NE(std::string(e.what()).find("needs a limit price"), std::string::npos) << e.what();
    }
    EXPECT_EQ(om.size(), 0u);
}

TEST(OrderManager, RefusesAFillOnACancelledOrderAndLeavesItCancelled) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    om.submit(order("a1", "AAPL", Side::buy, 100), day(1));
    om.mark_submitted("a1", day(1));
    om.mark_accepted("a1", day(1));
    om.mark_cancelled("a1", day(1), "user");
    try {
        om.apply_fill(fill_of("a1", "AAPL", Side::buy, 100, "10"));
        FAIL() << "expected OrderError";
    } catch (const OrderError& e) {
        EXPECT_NE(std::string(e.what()).find("not allowed in state cancelled"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(om.find("a1")->status, OrderStatus::cancelled);
    EXPECT_EQ(om.find("a1")->filled, Quantity{});
}

TEST(OrderManager, RefusesAFillLargerThanWhatRemains) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    om.submit(order("a1", "AAPL", Side::buy, 100), day(1));
    om.mark_submitted("a1", day(1));
    om.apply_fill(fill_of("a1", "AAPL", Side::buy, 60, "10"));
    EXPECT_THROW(om.apply_fill(fill_of("a1", "AAPL", Side::buy, 41, "10")), OrderError);
    EXPECT_EQ(om.find("a1")->filled, shares(60));
}

TEST(OrderManager, RefusesAFillOfTheWrongSideOrSymbol) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    om.submit(order("a1", "AAPL", Side::buy, 100), day(1));
    om.mark_submitted("a1", day(1));
    EXPECT_THROW(om.apply_fill(fill_of("a1", "AAPL", Side::sell, 10, "10")), OrderError);
    EXPECT_THROW(om.apply_fill(fill_of("a1", "MSFT", Side::buy, 10, "10")), OrderError);
}

TEST(OrderManager, RefusesEventsForUnknownIds) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    EXPECT_THROW(om.mark_accepted("ghost", day(1)), OrderError);
    EXPECT_THROW(om.apply_fill(fill_of("ghost", "AAPL", Side::buy, 1, "10")), OrderError);
}

TEST(OrderManager, OnlyTheDocumentedTransitionsAreAllowed) {
    using S = OrderStatus;
    const S all[] = {S::created, S::submitted, S::accepted, S::partially_filled,
                     S::filled,  S::cancelled, S::rejected, S::expired};
    int allowed = 0;
    for (S from : all)
        for (S to : all) allowed += transition_allowed(from, to);
    EXPECT_EQ(allowed, 2 + 5 + 4 + 4);  // created 2, submitted 5, accepted 4, partially_filled 4
    for (S terminal : {S::filled, S::cancelled, S::rejected, S::expired})
        for (S to : all) EXPECT_FALSE(transition_allowed(terminal, to));
    EXPECT_FALSE(transition_allowed(S::created, S::filled));  // never sent, never filled
    EXPECT_FALSE(transition_allowed(S::accepted, S::rejected));
}

TEST(OrderManager, EveryTransitionIsOnTheAuditTrail) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    om.submit(order("a1", "AAPL", Side::buy, 100), day(1));
    om.mark_submitted("a1", day(1));
    om.mark_accepted("a1", day(1));
    om.apply_fill(fill_of("a1", "AAPL", Side::buy, 100, "10"));
    ASSERT_EQ(count_kind(audit, "order_transition"), 3u);
    const auto& last = audit.entries.back().fields;
    EXPECT_EQ(last["client_id"], "a1");
    EXPECT_EQ(last["from"], "accepted");
    EXPECT_EQ(last["to"], "filled");
    EXPECT_EQ(last["price"], "10");
}

TEST(OrderManager, GeneratedIdsAreUnique) {
    log::MemoryAuditSink audit;
    OrderManager om(audit, "s1");
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) ids.insert(om.next_client_id("sma"));
    EXPECT_EQ(ids.size(), 1000u);
    EXPECT_EQ(*ids.begin(), "s1-sma-1");
}

// The risk gate's view of the orders is rebuilt only when the generation moved: every kind
// of change must move it, and reading must not.
TEST(OrderManager, EveryChangeMovesTheGenerationAndReadingDoesNot) {
    log::MemoryAuditSink audit;
    OrderManager om(audit);
    uint64_t seen = om.generation();
    auto moved = [&] {
        const bool m = om.generation() != seen;
        seen = om.generation();
        return m;
    };
    om.submit(order("a1", "AAPL", Side::buy, 100), day(1));
    EXPECT_TRUE(moved()) << "submit";
    om.submit(stop_order("s1", "AAPL", Side::sell, 100, "90"), day(1));
    EXPECT_TRUE(moved()) << "submit a stop";
    om.mark_submitted("a1", day(1));
    EXPECT_TRUE(moved()) << "submitted";
    om.mark_accepted("a1", day(1));
    EXPECT_TRUE(moved()) << "accepted";
    om.apply_fill(fill_of("a1", "AAPL", Side::buy, 40, "10"));
    EXPECT_TRUE(moved()) << "partial fill";
    (void)om.working();
    (void)om.find("a1");
    (void)om.working_count();
    EXPECT_FALSE(moved()) << "reads";
    om.mark_submitted("s1", day(1));
    om.mark_accepted("s1", day(1));
    moved();
    Order amended = stop_order("s1", "AAPL", Side::sell, 100, "95");
    om.request_modify(amended, day(1));
    EXPECT_TRUE(moved()) << "modify requested";
    om.apply_modified("s1", amended, day(1));
    EXPECT_TRUE(moved()) << "modified";
    om.mark_cancelled("a1", day(2), "user");
    EXPECT_TRUE(moved()) << "cancelled";
    om.mark_expired("s1", day(2));
    EXPECT_TRUE(moved()) << "expired";
    om.submit(order("r1", "MSFT", Side::buy, 5), day(2));
    moved();
    om.mark_rejected("r1", day(2), "no");
    EXPECT_TRUE(moved()) << "rejected";
}
