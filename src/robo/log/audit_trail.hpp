// log/audit_trail.hpp — the tamper-evident audit file: append-only JSON lines, each record
// chained to the one before by SHA-256.
//
// One record per line:
//   {"fields":{...},"hash":"<64 hex>","kind":"order_submitted","prev_hash":"<64 hex>",
//    "seq":7,"time":"2026-01-02T14:30:00.123456Z"}
// hash = SHA-256 of the canonical record without "hash": compact JSON, keys sorted
// (nlohmann's order), UTF-8. The first record has seq 1 and prev_hash of 64 zeros.
// Editing, removing, inserting or reordering a record breaks the chain, and
// verify_audit_file() says where. What it cannot see: the last records cut off the end, or
// the whole file rewritten with a fresh chain; anchor the latest hash elsewhere (the
// session logs it at shutdown) if that matters.
//
// Durability: with FsyncPolicy::every_record (the default) each record is written with
// one write() on an O_APPEND descriptor and fdatasync() follows before record() returns, so
// a record that returned survives a crash or power loss. Live trading records are rare
// (orders, risk decisions, kill switch, start-up), so the cost is acceptable.
// With FsyncPolicy::none (backtests, research) record() only stamps the time and copies
// the record into a preallocated bounded queue; a writer thread renders, hashes and writes
// the lines in batches. A full queue makes the caller wait (counted in queue_full_waits()):
// an audit trail never drops a record. Both entry points share the queue, so seq follows
// call order. flush() and the destructor wait for the queue to drain; the file is never
// synced (a crash of the process loses nothing written; a power loss can lose the tail).
// Reopening an existing file continues its chain from the last record. Secret-named
// fields are redacted (as in logs); account ids are kept, since the audit is the
// operator's record of what was sent. The file is created with mode 0600.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "robo/core/time.hpp"
#include "robo/log/audit_sink.hpp"

namespace robo::log {

class AuditError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class FsyncPolicy { every_record, none };

struct AuditTrailOptions {
    FsyncPolicy fsync = FsyncPolicy::every_record;
    // Each record's "time" (wall clock); injectable so a test can compare files byte for byte.
    Timestamp (*clock)() = wall_now;
    // FsyncPolicy::none: records that may wait for the writer thread.
    std::size_t queue_capacity = 1024;
    // FsyncPolicy::none: runs on the writer thread before each batch (tests hold it here).
    std::function<void()> before_batch;
};

class AuditTrail final : public AuditSink {
public:
    // Opens (creating if needed) and reads the last record to continue the chain. Throws
    // AuditError when the file cannot be opened or its last complete record is unreadable.
    // A torn last line (a crash mid-write, no newline) is ended with a newline and left for
    // verify to report; the chain continues from the last good record.
    explicit AuditTrail(std::filesystem::path file, FsyncPolicy fsync = FsyncPolicy::every_record);
    AuditTrail(std::filesystem::path file, AuditTrailOptions options);
    ~AuditTrail() override;
    AuditTrail(const AuditTrail&) = delete;
    AuditTrail& operator=(const AuditTrail&) = delete;

    // Thread-safe. Never throws for I/O: a failed write is logged and counted.
    void record(std::string_view kind, const nlohmann::json& fields) override;
    // The same record without json; with FsyncPolicy::none it allocates nothing once the
    // record's text fits its buffer.
    void record(const CompactRecord& record) override;
    // Waits until every record recorded so far is written (FsyncPolicy::none).
    void flush();

    // Each flushes first: what has been written of everything recorded so far.
    std::uint64_t last_seq() const;
    std::string last_hash() const;
    std::uint64_t failed_writes() const;
    // How many times a caller waited for room in the queue (FsyncPolicy::none).
    std::uint64_t queue_full_waits() const;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    struct Renderer;
    class Writer;
    // Renders and writes one record now (FsyncPolicy::every_record), under mutex_.
    void write_now(std::string_view kind, const nlohmann::json* fields, const CompactRecord* compact);
    void report_failure(std::string_view kind, const char* what);

    std::filesystem::path path_;
    AuditTrailOptions options_;
    int fd_ = -1;
    mutable std::mutex mutex_;
    std::uint64_t seq_ = 0;
    std::string prev_hash_;
    std::uint64_t failed_ = 0;
    std::unique_ptr<Renderer> renderer_;  // every_record: used under mutex_
    std::unique_ptr<Writer> writer_;      // none: the queue and its thread
};

inline const std::string genesis_hash(64, '0');

// The canonical text that a record's hash covers (the record without "hash").
std::string canonical_audit_text(const nlohmann::json& record_without_hash);

struct AuditProblem {
    enum class Kind { malformed, edited, removed, inserted, reordered };
    Kind kind;
    std::size_t line;     // 1-based line in the file
    std::int64_t seq;     // the record's seq, or -1 when unreadable
    std::string message;  // one line: "line 7 (seq 7): ..."
};

struct AuditVerification {
    std::size_t records = 0;
    std::vector<AuditProblem> problems;
    bool ok() const noexcept { return problems.empty(); }
};

// Reads the whole file and reports every break in the chain. Throws AuditError only when
// the file cannot be read at all.
AuditVerification verify_audit_file(const std::filesystem::path& file);

std::string_view to_string(AuditProblem::Kind kind) noexcept;

}  // namespace robo::log
