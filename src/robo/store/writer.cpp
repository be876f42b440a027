// store/writer.cpp — see writer.hpp.
//
// Hand-off: producers append to queue_ under mu_; the writer swaps the whole vector out in
// one lock, so its lock cost is per batch, not per row, and a producer's is one short
// critical section. A condition variable is notified only when the writer is actually
// waiting, so a busy writer costs producers no system call. The bound is exact (the
// vector's size under the lock), which a lock-free queue would only approximate, and the
// "block with timeout" policy needs a condition variable anyway.
#include "robo/store/writer.hpp"

#include "robo/log/log.hpp"

namespace robo::store {

TableCounts WriterStats::totals() const noexcept {
    TableCounts t;
    for (const auto& c : tables) t += c;
    return t;
}

Writer::Writer(const std::filesystem::path& file, WriterOptions options)
    : file_(file), options_(std::move(options)), db_(open_for_writing(file, options_.open)) {
    if (options_.queue_capacity == 0 || options_.max_batch_rows == 0)
        throw StoreError(file.string() + ": writer queue_capacity and max_batch_rows must be positive");
    if (options_.on_open) options_.on_open(db_);
    sink_ = std::make_unique<RowSink>(db_);
    queue_.reserve(options_.queue_capacity);
    work_.reserve(options_.queue_capacity);
    thread_ = std::thread([this] { run(); });
}

Writer::~Writer() { close(); }

Submitted Writer::submit(Record record, OnFull on_full) {
    std::unique_lock lock(mu_);
    if (!accepting_) {
        ++stats_.refused_stopped;
        return {SubmitStatus::writer_stopped, 0};
    }
    if (queue_.size() >= options_.queue_capacity) {
        if (on_full == OnFull::drop) {
            ++stats_.dropped_full;
            return {SubmitStatus::dropped_full, 0};
        }
        ++producers_waiting_;
        bool room = space_free_.wait_for(lock, options_.block_timeout, [&] {
            return queue_.size() < options_.queue_capacity || !accepting_;
        });
        --producers_waiting_;
        if (!accepting_) {
            ++stats_.refused_stopped;
            return {SubmitStatus::writer_stopped, 0};
        }
        if (!room) {
            ++stats_.timed_out_full;
            return {SubmitStatus::timed_out_full, 0};
        }
    }
    uint64_t seq = ++next_sequence_;
    queue_.push_back({seq, std::move(record)});
    ++stats_.accepted;
    if (writer_waiting_) work_ready_.notify_one();
    return {SubmitStatus::accepted, seq};
}

bool Writer::flush(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    uint64_t target = next_sequence_;
    // Ask the writer to commit as soon as the queue is drained rather than at the batch's
    // deadline.
    flush_requested_ = true;
    if (writer_waiting_) work_ready_.notify_one();
    return committed_cv_.wait_for(lock, timeout, [&] {
        return committed_.load(std::memory_order_acquire) >= target || stats_.failed;
    }) && !stats_.failed;
}

void Writer::close() {
    {
        std::lock_guard lock(mu_);
        accepting_ = false;
        stopping_ = true;
    }
    work_ready_.notify_all();
    space_free_.notify_all();
    if (thread_.joinable()) thread_.join();
}

WriterStats Writer::stats() const {
    std::lock_guard lock(mu_);
    WriterStats s = stats_;
    s.committed_sequence = committed_.load(std::memory_order_acquire);
    return s;
}

void Writer::begin_batch() {
    db_.exec("BEGIN IMMEDIATE");
    in_batch_ = true;
    batch_rows_ = 0;
    batch_started_ = std::chrono::steady_clock::now();
}

void Writer::commit_batch() {
    db_.exec("COMMIT");
    in_batch_ = false;
    auto took = std::chrono::steady_clock::now() - batch_started_;
    CommitReport report{batch_first_, batch_last_, batch_rows_,
                        std::chrono::duration_cast<std::chrono::nanoseconds>(took)};
    {
        std::lock_guard lock(mu_);
        for (size_t i = 0; i < table_count; ++i) stats_.tables[i] += batch_counts_[i];
        ++stats_.batches;
        if (!batch_row_error_.empty()) stats_.last_row_error = batch_row_error_;
        committed_.store(batch_last_, std::memory_order_release);
    }
    committed_cv_.notify_all();
    batch_counts_ = {};
    batch_row_error_.clear();
    if (options_.on_commit) options_.on_commit(report);
}

void Writer::fail(const std::string& why) noexcept {
    try {
        if (in_batch_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        in_batch_ = false;
        uint64_t lost = 0;
        {
            std::lock_guard lock(mu_);
            // Rolled back: the open batch, what the writer had taken, and what still waits.
            lost = next_sequence_ - committed_.load(std::memory_order_acquire);
            stats_.lost_on_failure += lost;
            stats_.failed = true;
            stats_.failure = why;
            accepting_ = false;
            queue_.clear();
        }
        work_.clear();
        space_free_.notify_all();
        committed_cv_.notify_all();
        log::error("store", "writer_failed",
                   {{"db", file_.string()}, {"error", why}, {"records_lost", lost}});
    } catch (...) {
        // Logging must not take the process down; the state above is already set.
    }
}

void Writer::run() noexcept {
    try {
        for (;;) {
            {
                std::unique_lock lock(mu_);
                auto ready = [&] { return !queue_.empty() || stopping_ || flush_requested_; };
                writer_waiting_ = true;
                if (in_batch_)
                    work_ready_.wait_until(lock, batch_started_ + options_.max_batch_delay, ready);
                else
                    work_ready_.wait(lock, ready);
                writer_waiting_ = false;
                if (queue_.empty()) {
                    if (!in_batch_ && stopping_) return;
                    flush_requested_ = false;
                    lock.unlock();
                    // The batch's time is up, a flush asks for it, or we are closing.
                    if (in_batch_) commit_batch();
                    continue;
                }
                work_.swap(queue_);
                if (producers_waiting_ > 0) space_free_.notify_all();
            }
            for (Item& item : work_) {
                if (!in_batch_) {
                    begin_batch();
                    batch_first_ = item.sequence;
                }
                std::string why;
                Outcome o = sink_->write(item.record, why);
                batch_counts_[static_cast<size_t>(table_of(item.record))].add(o);
                if (o == Outcome::failed && batch_row_error_.empty()) {  // log once per batch
                    log::warn("store", "row_refused", {{"db", file_.string()}, {"error", why}});
                }
                if (o == Outcome::failed) batch_row_error_ = std::move(why);
                batch_last_ = item.sequence;
                if (++batch_rows_ >= options_.max_batch_rows) commit_batch();
            }
            work_.clear();
            if (in_batch_ && std::chrono::steady_clock::now() >= batch_started_ + options_.max_batch_delay)
                commit_batch();
        }
    } catch (const std::exception& e) {
        fail(e.what());
    } catch (...) {
        fail("unknown error");
    }
}

}  // namespace robo::store
