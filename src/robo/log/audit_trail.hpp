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
// Durability: each record is written with one write() on an O_APPEND descriptor; with
// FsyncPolicy::every_record (the default) fdatasync() follows before record() returns, so
// a record that returned survives a crash or power loss. Audit records are rare (orders,
// risk decisions, kill switch, start-up), so the cost is acceptable. Reopening an existing
// file continues its chain from the last record. Secret-named fields are redacted (as in
// logs); account ids are kept, since the audit is the operator's record of what was sent.
// The file is created with mode 0600.
#pragma once
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "robo/log/audit_sink.hpp"

namespace robo::log {

class AuditError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class FsyncPolicy { every_record, none };

class AuditTrail final : public AuditSink {
public:
    // Opens (creating if needed) and reads the last record to continue the chain. Throws
    // AuditError when the file cannot be opened or its last complete record is unreadable.
    // A torn last line (a crash mid-write, no newline) is ended with a newline and left for
    // verify to report; the chain continues from the last good record.
    explicit AuditTrail(std::filesystem::path file, FsyncPolicy fsync = FsyncPolicy::every_record);
    ~AuditTrail() override;
    AuditTrail(const AuditTrail&) = delete;
    AuditTrail& operator=(const AuditTrail&) = delete;

    // Thread-safe. Never throws: a failed write is logged and counted.
    void record(std::string_view kind, const nlohmann::json& fields) override;

    std::uint64_t last_seq() const;
    std::string last_hash() const;
    std::uint64_t failed_writes() const;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
    FsyncPolicy fsync_;
    int fd_ = -1;
    mutable std::mutex mutex_;
    std::uint64_t seq_ = 0;
    std::string prev_hash_;
    std::uint64_t failed_ = 0;
    // Scratch reused by record(), so a record allocates little once warmed up.
    bool has_secret_key(const nlohmann::json& value);
    std::string fields_text_, rest_text_, line_;
    std::unordered_map<std::string, bool> secret_key_cache_;
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
