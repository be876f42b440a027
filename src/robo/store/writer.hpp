// store/writer.hpp — the store's single writer: a dedicated thread that drains a bounded
// queue of Records into SQLite, one transaction per batch.
//
// Producers (the engine's event loop, an import) call submit(), which takes the record
// and gives it a sequence number; the writer thread writes records in sequence order with
// prepared statements and commits when a batch reaches max_batch_rows or has been open
// for max_batch_delay, whichever comes first. After each commit committed_sequence()
// advances and on_commit (if set) is called on the writer thread: every record with a
// sequence at or below it is durable (see Durability in database.hpp) or was counted as a
// duplicate or a failure in stats(). What committed survives kill -9.
//
// When the queue is full, the policy is explicit (OnFull) and every refusal is counted:
// block the producer up to block_timeout, or drop the new record at once. If SQLite fails
// (disk full, I/O error) the open batch is rolled back, its rows and all still queued are
// counted as lost, the error is kept, and every later submit() is refused: the writer
// never pretends.
// Never blocks on readers (WAL), never throws from its thread, never reorders records.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "robo/store/database.hpp"
#include "robo/store/records.hpp"
#include "robo/store/row_sink.hpp"

namespace robo::store {

enum class OnFull {
    block,  // wait up to block_timeout for room, then refuse (counted as timed_out_full)
    drop,   // refuse at once (counted as dropped_full)
};

struct CommitReport {
    uint64_t first_sequence = 0;
    uint64_t last_sequence = 0;  // everything up to here is committed
    uint64_t rows = 0;
    std::chrono::nanoseconds took{0};  // from the batch's first write to its commit
};

struct WriterOptions {
    size_t queue_capacity = 1 << 16;  // records waiting to be written (producer-visible bound)
    size_t max_batch_rows = 1 << 16;
    std::chrono::milliseconds max_batch_delay{50};
    OnFull on_full = OnFull::block;
    std::chrono::milliseconds block_timeout{2000};
    OpenOptions open;
    // Runs on the writer's connection after open and migration: extra pragmas, such as a
    // size cap (PRAGMA max_page_count) beyond which writes fail with "database or disk is full".
    std::function<void(Connection&)> on_open;
    // Called on the writer thread after every commit; keep it short, it delays the next batch.
    std::function<void(const CommitReport&)> on_commit;
};

enum class SubmitStatus { accepted, dropped_full, timed_out_full, writer_stopped };

struct Submitted {
    SubmitStatus status = SubmitStatus::accepted;
    uint64_t sequence = 0;  // meaningful when accepted
    bool ok() const noexcept { return status == SubmitStatus::accepted; }
};

struct WriterStats {
    uint64_t accepted = 0;
    uint64_t dropped_full = 0;
    uint64_t timed_out_full = 0;
    uint64_t refused_stopped = 0;  // submitted after close() or after a failure
    uint64_t lost_on_failure = 0;  // accepted, then rolled back or never written (SQLite failed)
    uint64_t batches = 0;
    uint64_t committed_sequence = 0;
    CountsByTable tables{};  // committed rows only
    bool failed = false;
    std::string last_row_error;  // the latest row refused by a constraint
    std::string failure;         // why the writer stopped, when failed

    TableCounts totals() const noexcept;
};

class Writer {
public:
    // Opens (and migrates) the database, then starts the thread. Throws StoreError.
    explicit Writer(const std::filesystem::path& file, WriterOptions options = {});
    // close(): writes and commits everything already accepted.
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    Submitted submit(Record record) { return submit(std::move(record), options_.on_full); }
    // With a policy for this record only: a session recorder drops (counted) while the
    // engine runs and blocks for its closing records, when nothing is left to delay.
    Submitted submit(Record record, OnFull on_full);

    // Waits until everything accepted before the call is committed. False on timeout or
    // when the writer has failed.
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // Stops accepting, writes and commits what was accepted, joins the thread. Idempotent.
    void close();

    uint64_t committed_sequence() const noexcept { return committed_.load(std::memory_order_acquire); }
    WriterStats stats() const;
    const std::filesystem::path& file() const noexcept { return file_; }

private:
    struct Item {
        uint64_t sequence;
        Record record;
    };

    void run() noexcept;
    void begin_batch();
    void commit_batch();
    void fail(const std::string& why) noexcept;

    std::filesystem::path file_;
    WriterOptions options_;
    Connection db_;
    std::unique_ptr<RowSink> sink_;

    mutable std::mutex mu_;
    std::condition_variable work_ready_;  // writer waits: records queued, or stopping
    std::condition_variable space_free_;  // producers wait: room in the queue
    std::condition_variable committed_cv_;
    std::vector<Item> queue_;  // guarded by mu_
    bool accepting_ = true;
    bool stopping_ = false;
    bool writer_waiting_ = false;
    bool flush_requested_ = false;
    size_t producers_waiting_ = 0;
    uint64_t next_sequence_ = 0;
    WriterStats stats_;  // guarded by mu_

    std::atomic<uint64_t> committed_{0};

    // Writer thread only.
    std::vector<Item> work_;
    bool in_batch_ = false;
    uint64_t batch_first_ = 0, batch_last_ = 0, batch_rows_ = 0;
    std::chrono::steady_clock::time_point batch_started_{};
    CountsByTable batch_counts_{};
    std::string batch_row_error_;

    std::thread thread_;
};

}  // namespace robo::store
