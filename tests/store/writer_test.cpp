// The writer: batches by size or time, reports commits in sequence order, makes a full
// queue's policy explicit and counted, commits what it accepted on close, and is never
// blocked by a reader.
#include <gmock/gmock.h>

#include <future>
#include <mutex>

#include "store_fixture.hpp"

using namespace robo;
using namespace robo::store;
using namespace robo::store::test;
using namespace std::chrono_literals;

class WriterTest : public StoreTest {
protected:
    int64_t tick_rows() {
        Connection db(db_path(), Connection::Mode::read_only);
        return db.query_int("SELECT count(*) FROM ticks");
    }
};

// A commit callback that records every report and can hold the writer thread still, so a
// test can fill the queue deterministically.
struct CommitLog {
    std::mutex mu;
    std::vector<CommitReport> reports;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    bool hold = false;

    std::function<void(const CommitReport&)> callback() {
        return [this](const CommitReport& r) {
            {
                std::lock_guard lock(mu);
                reports.push_back(r);
            }
            if (hold) released.wait();
        };
    }
    std::vector<CommitReport> snapshot() {
        std::lock_guard lock(mu);
        return reports;
    }
};

bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

TEST_F(WriterTest, BatchesNeverExceedMaxRowsAndATimedOutBatchCommitsWithoutFlush) {
    CommitLog log;
    Writer w(db_path(), {.max_batch_rows = 10, .max_batch_delay = 100ms, .on_commit = log.callback()});
    for (int i = 1; i <= 25; ++i) ASSERT_TRUE(w.submit(trade("AAPL", i, "1")).ok());
    // No flush: the last, partial batch must commit once its time is up.
    ASSERT_TRUE(wait_for([&] { return w.committed_sequence() == 25; }));
    uint64_t rows = 0;
    for (const auto& r : log.snapshot()) {
        EXPECT_LE(r.rows, 10u);
        rows += r.rows;
    }
    EXPECT_EQ(rows, 25u);
    EXPECT_EQ(tick_rows(), 25);
}

TEST_F(WriterTest, CommitReportsCoverEverySequenceOnceAndInOrder) {
    CommitLog log;
    Writer w(db_path(), {.max_batch_rows = 7, .on_commit = log.callback()});
    for (int i = 1; i <= 100; ++i) ASSERT_EQ(w.submit(trade("AAPL", i, "1")).sequence, uint64_t(i));
    w.close();  // joins the writer thread: every callback has run
    uint64_t next = 1;
    for (const auto& r : log.snapshot()) {
        EXPECT_EQ(r.first_sequence, next);
        EXPECT_EQ(r.last_sequence - r.first_sequence + 1, r.rows);
        next = r.last_sequence + 1;
    }
    EXPECT_EQ(next, 101u);
    EXPECT_EQ(w.stats().tables[static_cast<size_t>(Table::ticks)].inserted, 100u);
}

TEST_F(WriterTest, FullQueueUnderDropPolicyRefusesAtOnceAndCountsIt) {
    CommitLog log;
    log.hold = true;  // the writer stalls in its first commit callback
    Writer w(
        db_path(),
        {.queue_capacity = 4, .max_batch_rows = 1, .on_full = OnFull::drop, .on_commit = log.callback()});
    ASSERT_TRUE(w.submit(trade("AAPL", 1, "1")).ok());
    ASSERT_TRUE(wait_for([&] { return !log.snapshot().empty(); }));  // writer is now held
    for (int i = 2; i <= 5; ++i) ASSERT_TRUE(w.submit(trade("AAPL", i, "1")).ok());
    EXPECT_EQ(w.submit(trade("AAPL", 6, "1")).status, SubmitStatus::dropped_full);
    log.release.set_value();
    ASSERT_TRUE(w.flush());
    auto s = w.stats();
    EXPECT_EQ(s.dropped_full, 1u);
    EXPECT_EQ(s.accepted, 5u);
    EXPECT_EQ(tick_rows(), 5);
}

TEST_F(WriterTest, FullQueueUnderBlockPolicyTimesOutAndCountsIt) {
    CommitLog log;
    log.hold = true;
    Writer w(db_path(), {.queue_capacity = 2,
                         .max_batch_rows = 1,
                         .on_full = OnFull::block,
                         .block_timeout = 20ms,
                         .on_commit = log.callback()});
    ASSERT_TRUE(w.submit(trade("AAPL", 1, "1")).ok());
    ASSERT_TRUE(wait_for([&] { return !log.snapshot().empty(); }));
    ASSERT_TRUE(w.submit(trade("AAPL", 2, "1")).ok());
    ASSERT_TRUE(w.submit(trade("AAPL", 3, "1")).ok());
    EXPECT_EQ(w.submit(trade("AAPL", 4, "1")).status, SubmitStatus::timed_out_full);
    log.release.set_value();
    ASSERT_TRUE(w.flush());
    EXPECT_EQ(w.stats().timed_out_full, 1u);
    EXPECT_EQ(tick_rows(), 3);
}

TEST_F(WriterTest, BlockedProducerProceedsOnceTheWriterMakesRoom) {
    CommitLog log;
    log.hold = true;
    Writer w(db_path(), {.queue_capacity = 1,
                         .max_batch_rows = 1,
                         .on_full = OnFull::block,
                         .block_timeout = 10s,
                         .on_commit = log.callback()});
    ASSERT_TRUE(w.submit(trade("AAPL", 1, "1")).ok());
    ASSERT_TRUE(wait_for([&] { return !log.snapshot().empty(); }));
    ASSERT_TRUE(w.submit(trade("AAPL", 2, "1")).ok());
    auto blocked = std::async(std::launch::async, [&] { return w.submit(trade("AAPL", 3, "1")); });
    EXPECT_EQ(blocked.wait_for(50ms), std::future_status::timeout);  // still waiting for room
    log.release.set_value();
    EXPECT_TRUE(blocked.get().ok());
    ASSERT_TRUE(w.flush());
    EXPECT_EQ(w.stats().timed_out_full, 0u);
    EXPECT_EQ(tick_rows(), 3);
}

TEST_F(WriterTest, CloseCommitsEverythingAcceptedAndRefusesLaterRecords) {
    {
        Writer w(db_path(), {.max_batch_delay = 10s});  // only close() can commit in time
        for (int i = 1; i <= 100; ++i) ASSERT_TRUE(w.submit(trade("AAPL", i, "1")).ok());
        w.close();
        EXPECT_EQ(w.committed_sequence(), 100u);
        EXPECT_EQ(w.submit(trade("AAPL", 101, "1")).status, SubmitStatus::writer_stopped);
        EXPECT_EQ(w.stats().refused_stopped, 1u);
    }
    EXPECT_EQ(tick_rows(), 100);
}

TEST_F(WriterTest, LongReadDoesNotBlockTheWriterAndSeesItsOwnSnapshot) {
    Writer w(db_path());
    for (int i = 1; i <= 1000; ++i) ASSERT_TRUE(w.submit(trade("AAPL", i, "1")).ok());
    ASSERT_TRUE(w.flush());

    Reader reader(db_path());
    Connection& rdb = reader.connection();
    rdb.exec("BEGIN");  // a long read: its snapshot stays open across the writes below
    Statement scan(rdb, "SELECT time_ns FROM ticks ORDER BY time_ns");
    ASSERT_TRUE(scan.step());  // mid-scan, holding the read lock

    for (int i = 1001; i <= 3000; ++i) ASSERT_TRUE(w.submit(trade("AAPL", i, "1")).ok());
    EXPECT_TRUE(w.flush(10s));  // commits while the read is open
    EXPECT_EQ(w.committed_sequence(), 3000u);
    EXPECT_EQ(rdb.query_int("SELECT count(*) FROM ticks"), 1000);  // the reader's snapshot

    scan.reset();
    rdb.exec("COMMIT");
    EXPECT_EQ(rdb.query_int("SELECT count(*) FROM ticks"), 3000);
}

TEST_F(WriterTest, PricesAndQuantitiesRoundTripExactly) {
    Writer w(db_path());
    const char* prices[] = {"0.00000001", "189.37", "92233720368.54775807", "1234.56789012"};
    int64_t t = 0;
    for (const char* p : prices) ASSERT_TRUE(w.submit(trade("BRK B", ++t, p, "0.0001")).ok());
    ASSERT_TRUE(w.flush());
    auto ticks = Reader(db_path()).ticks(Symbol("BRK B"));
    ASSERT_EQ(ticks.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(ticks[i].price.to_string(), Price::parse(prices[i]).to_string());
        EXPECT_EQ(ticks[i].size, Quantity::parse("0.0001"));
    }
}

TEST_F(WriterTest, SqliteFailureRollsBackCountsTheLossAndRefusesEverythingAfter) {
    // A size cap stands in for a full disk.
    Writer w(db_path(),
             {.max_batch_rows = 100, .on_open = [](Connection& db) {
                  db.exec("PRAGMA max_page_count = " + std::to_string(db.query_int("PRAGMA page_count") + 2));
              }});
    uint64_t accepted = 0;
    for (int i = 1; i <= 20'000; ++i)
        if (w.submit(trade("AAPL", i, "1")).ok()) ++accepted;
    EXPECT_FALSE(w.flush(10s));
    auto s = w.stats();
    ASSERT_TRUE(s.failed);
    EXPECT_THAT(s.failure, ::testing::HasSubstr("full"));
    EXPECT_EQ(s.committed_sequence + s.lost_on_failure, accepted);  // every accepted row accounted for
    EXPECT_EQ(w.submit(trade("AAPL", 30'000, "1")).status, SubmitStatus::writer_stopped);
    EXPECT_EQ(tick_rows(), static_cast<int64_t>(s.committed_sequence));
}

TEST_F(WriterTest, FlushCommitsAtOnceRatherThanAtTheBatchDeadline) {
    Writer w(db_path(), {.max_batch_delay = std::chrono::minutes(10)});
    for (int i = 1; i <= 10; ++i) ASSERT_TRUE(w.submit(trade("AAPL", i, "1")).ok());
    EXPECT_TRUE(w.flush(10s));  // long before the ten-minute deadline
    EXPECT_EQ(tick_rows(), 10);
}
