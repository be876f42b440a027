// OrderManager modification — request, applied, refused — as part of the one state
// machine: terms change only on the broker's confirmation, fills are kept, every step is
// audited, and illegal steps throw naming the order, its state and the attempt.
#include <gtest/gtest.h>

#include "exec/helpers.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/log/memory_audit_sink.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

namespace {
struct Book {
    log::MemoryAuditSink audit;
    OrderManager om{audit};

    // A working GTC sell stop at `stop` for `qty` shares (a protective stop).
    const ManagedOrder& working_stop(const char* id, int64_t qty, const char* stop) {
        om.submit(stop_order(id, "AAPL", Side::sell, qty, stop), day(1));
        om.mark_submitted(id, day(1));
        return om.mark_accepted(id, day(1));
    }
    size_t count(std::string_view kind) const {
        size_t n = 0;
        for (auto& e : audit.entries) n += e.kind == kind;
        return n;
    }
    const log::MemoryAuditSink::Entry& last(std::string_view kind) const {
        for (auto it = audit.entries.rbegin(); it != audit.entries.rend(); ++it)
            if (it->kind == kind) return *it;
        throw std::runtime_error("no audit record " + std::string(kind));
    }
};

Fill fill_of(const std::string& id, int64_t qty, const char* price) {
    Fill f = fill("AAPL", Side::sell, qty, price);
    f.client_id = id;
    return f;
}

// Expects an OrderError whose text contains every fragment.
template <class F>
void expect_refused(F attempt, std::initializer_list<const char*> fragments) {
    try {
        attempt();
        ADD_FAILURE() << "expected an OrderError";
    } catch (const OrderError& e) {
        for (const char* f : fragments)
            EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(OrderModify, RequestLeavesTheTermsUntilTheBrokerConfirms) {
    Book b;
    b.working_stop("s1", 100, "95");
    const auto& mo = b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 100, "97.5"), day(2));
    EXPECT_EQ(*mo.order.stop, px("95")) << "the broker has not answered yet";
    ASSERT_TRUE(mo.pending_modify);
    EXPECT_EQ(*mo.pending_modify->stop, px("97.5"));
    EXPECT_EQ(b.last("order_modify_requested").fields["stop"], "97.5");
    EXPECT_EQ(b.last("order_modify_requested").fields["previous_stop"], "95");

    const auto& done = b.om.apply_modified("s1", stop_order("s1", "AAPL", Side::sell, 100, "97.5"), day(2));
    EXPECT_EQ(*done.order.stop, px("97.5"));
    EXPECT_FALSE(done.pending_modify);
    EXPECT_EQ(done.status, OrderStatus::accepted);
    EXPECT_EQ(done.modifications, 1);
    EXPECT_EQ(b.last("order_modified").fields["stop"], "97.5");
}

TEST(OrderModify, AppliedModificationKeepsFillsAndStatus) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.apply_fill(fill_of("s1", 40, "95"));
    b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 70, "96"), day(2));
    const auto& mo = b.om.apply_modified("s1", stop_order("s1", "AAPL", Side::sell, 70, "96"), day(2));
    EXPECT_EQ(mo.status, OrderStatus::partially_filled);
    EXPECT_EQ(mo.filled, shares(40));
    EXPECT_EQ(mo.remaining(), shares(30));  // 70 - 40
    EXPECT_EQ(b.om.apply_fill(fill_of("s1", 30, "96")).status, OrderStatus::filled);
}

TEST(OrderModify, RefusalKeepsTheOldTermsAndIsAudited) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 100, "97"), day(2));
    const auto& mo = b.om.mark_modify_rejected("s1", day(2), "201: Order rejected - reason:price");
    EXPECT_EQ(*mo.order.stop, px("95"));
    EXPECT_FALSE(mo.pending_modify);
    EXPECT_EQ(mo.status, OrderStatus::accepted);
    EXPECT_EQ(mo.modifications, 0);
    EXPECT_EQ(b.last("order_modify_rejected").fields["reason"], "201: Order rejected - reason:price");
    EXPECT_EQ(b.last("order_modify_rejected").fields["stop"], "95");
    EXPECT_EQ(b.last("order_modify_rejected").fields["requested_stop"], "97");
}

TEST(OrderModify, SecondRequestWhileOneIsPendingIsRefused) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 100, "96"), day(2));
    expect_refused([&] { b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 100, "97"), day(2)); },
                   {"order s1", "modify request", "accepted", "is pending"});
    EXPECT_EQ(*b.om.find("s1")->pending_modify->stop, px("96")) << "the first request stands";
    EXPECT_EQ(b.count("order_modify_requested"), 1u);
}

TEST(OrderModify, RequestsThatCannotBeSentAreRefusedWithTheOrderAndState) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.apply_fill(fill_of("s1", 60, "95"));
    expect_refused([&] { b.om.request_modify(stop_order("s1", "AAPL", Side::buy, 100, "96"), day(2)); },
                   {"order s1", "partially_filled", "side and symbol"});
    expect_refused([&] { b.om.request_modify(stop_order("s1", "MSFT", Side::sell, 100, "96"), day(2)); },
                   {"side and symbol"});
    expect_refused([&] { b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 60, "96"), day(2)); },
                   {"new quantity 60 is not above the filled 60"});
    Order no_price = stop_order("s1", "AAPL", Side::sell, 100, "96");
    no_price.stop.reset();
    expect_refused([&] { b.om.request_modify(no_price, day(2)); }, {"order s1", "stop"});
    expect_refused([&] { b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 100, "95"), day(2)); },
                   {"equal the current ones"});
    expect_refused([&] { b.om.request_modify(stop_order("zz", "AAPL", Side::sell, 100, "96"), day(2)); },
                   {"order zz", "unknown client id"});
    EXPECT_FALSE(b.om.find("s1")->pending_modify);
    EXPECT_EQ(b.count("order_modify_requested"), 0u);
}

TEST(OrderModify, FinishedOrCreatedOrdersCannotBeModified) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.mark_cancelled("s1", day(2), "operator");
    expect_refused([&] { b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 100, "96"), day(2)); },
                   {"order s1", "cancelled", "only a working order"});
    b.om.submit(stop_order("s2", "AAPL", Side::sell, 100, "95"), day(2));
    expect_refused([&] { b.om.request_modify(stop_order("s2", "AAPL", Side::sell, 100, "96"), day(2)); },
                   {"order s2", "created"});
}

TEST(OrderModify, AnswersWithoutARequestAreRefused) {
    Book b;
    b.working_stop("s1", 100, "95");
    expect_refused(
        [&] { b.om.apply_modified("s1", stop_order("s1", "AAPL", Side::sell, 100, "99"), day(2)); },
        {"order s1", "modified", "accepted", "no modification is pending"});
    expect_refused([&] { b.om.mark_modify_rejected("s1", day(2), "201"); },
                   {"order s1", "modify rejected", "no modification is pending"});
    EXPECT_EQ(*b.om.find("s1")->order.stop, px("95"));
}

TEST(OrderModify, AnOrderThatEndsDropsItsPendingModificationAndIgnoresTheLateAnswer) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 100, "97"), day(2));
    b.om.apply_fill(fill_of("s1", 100, "95"));  // stopped out at the old price first
    const auto* mo = b.om.find("s1");
    EXPECT_EQ(mo->status, OrderStatus::filled);
    EXPECT_FALSE(mo->pending_modify);
    EXPECT_EQ(b.last("order_transition").fields["modification_dropped"], true);
    // The broker's "cannot modify a filled order" then changes nothing.
    EXPECT_NO_THROW(b.om.mark_modify_rejected("s1", day(2), "104: Cannot modify a filled order"));
    EXPECT_EQ(b.count("order_modify_answer_after_end"), 1u);
    EXPECT_EQ(mo->status, OrderStatus::filled);
    EXPECT_THROW(b.om.mark_modify_rejected("s1", day(2), "again"), OrderError) << "only one late answer";
}

TEST(OrderModify, FillReachingTheOldQuantityWaitsForTheAnswerToARaise) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 150, "95"), day(2));
    // The broker may have applied the raise before it reports this fill.
    EXPECT_EQ(b.om.apply_fill(fill_of("s1", 100, "95")).status, OrderStatus::partially_filled);
    EXPECT_EQ(b.om.mark_modify_rejected("s1", day(2), "201").status, OrderStatus::filled)
        << "refused: the order was complete at 100";
}

TEST(OrderModify, FillReachingTheOldQuantityContinuesWhenTheRaiseIsConfirmed) {
    Book b;
    b.working_stop("s1", 100, "95");
    b.om.request_modify(stop_order("s1", "AAPL", Side::sell, 150, "95"), day(2));
    b.om.apply_fill(fill_of("s1", 100, "95"));
    const auto& mo = b.om.apply_modified("s1", stop_order("s1", "AAPL", Side::sell, 150, "95"), day(2));
    EXPECT_EQ(mo.status, OrderStatus::partially_filled);
    EXPECT_EQ(mo.remaining(), shares(50));
    EXPECT_EQ(b.om.working_count(), 1u);
}
