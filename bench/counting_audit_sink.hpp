// bench/counting_audit_sink.hpp — an audit sink that counts records without keeping them,
// so a benchmark measures the decisions, not a file's or memory sink's I/O.
#pragma once
#include <cstdint>

#include "robo/log/audit_sink.hpp"

namespace robo::bench {

class CountingAuditSink final : public log::AuditSink {
public:
    void record(std::string_view, const nlohmann::json&) override { ++records; }
    // As the session's audit trail, it takes the compact record as it is: rendering JSON is
    // the trail's writer thread's work, never the engine's (log/audit_trail.hpp).
    void record(const log::CompactRecord&) override { ++records; }
    uint64_t records = 0;
};

}  // namespace robo::bench
