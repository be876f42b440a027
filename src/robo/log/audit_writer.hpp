// log/audit_writer.hpp — inside the audit trail (log/audit_trail.hpp): how a record
// becomes its line, and the queue and writer thread of FsyncPolicy::none. Not for callers.
#pragma once
#include <chrono>
#include <condition_variable>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "robo/log/audit_text.hpp"
#include "robo/log/audit_trail.hpp"

namespace robo::log {

// Writes all of `data` from `done` on, retrying partial writes and EINTR. False on an
// error (errno set); `done` says how far it got.
bool write_fully(int fd, std::string_view data, std::size_t& done);

// Scratch reused per record, so rendering allocates little once warmed up.
struct AuditTrail::Renderer {
    SecretKeys secrets;
    std::string fields;
    audit_text::Line line;
    // The canonical fields text of either entry point (exactly one is non-null).
    void render_fields(const nlohmann::json* json, const CompactRecord* compact);
};

// The bounded queue of FsyncPolicy::none and the thread that empties it. Slots are
// preallocated; the caller copies its record into the next free slot under the trail's
// mutex, and the writer renders the slots it took without the lock. The chain (seq,
// prev_hash, failures) is published under the mutex after each batch.
class AuditTrail::Writer {
public:
    Writer(AuditTrail& trail, std::size_t capacity);
    ~Writer();  // writes everything queued, then stops
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void push(Timestamp time, std::string_view kind, const nlohmann::json& fields);
    void push(Timestamp time, const CompactRecord& record);
    void flush();
    std::uint64_t full_waits() const noexcept { return full_waits_; }  // under the mutex

private:
    struct Slot {
        Timestamp time;
        bool compact = false;
        CompactRecord record;
        std::string kind;  // json path
        nlohmann::json fields;
    };
    // Waits for a free slot and returns it; the caller fills it and calls commit().
    Slot& claim(std::unique_lock<std::mutex>& lock);
    void commit();
    void run();
    // Renders slots [first, first + n) into batch_ after (seq, prev); returns how many.
    void write_batch(std::size_t first, std::size_t n, std::uint64_t seq, std::string prev);

    // The writer is woken when this many records are queued (or the first after an idle
    // spell), and writes what is queued at the latest kMaxDelay after it was woken.
    static constexpr std::size_t kWakeBatch = 256;
    static constexpr std::chrono::milliseconds kMaxDelay{5};

    AuditTrail& trail_;
    std::size_t capacity_;
    std::size_t wake_batch_;            // kWakeBatch, or the capacity when smaller
    std::vector<Slot> slots_;           // reserved for capacity_, constructed as reached (claim)
    std::size_t head_ = 0, count_ = 0;  // queued, including the batch being written
    std::uint64_t pushed_ = 0, written_ = 0, full_waits_ = 0;
    bool stop_ = false, writer_waiting_ = false, flush_wanted_ = false;
    std::condition_variable ready_, space_;
    // Writer thread only.
    Renderer renderer_;
    std::string batch_;
    std::vector<std::pair<std::size_t, std::string>> ends_;  // per line: end in batch_, hash
    std::thread thread_;
};

}  // namespace robo::log
