// bench/counting_audit_sink.hpp — an audit sink that counts records without keeping them,
// so a benchmark measures the decisions, not a file's or memory sink's I/O.
#pragma once
#include <cstdint>

#include "robo/log/audit_sink.hpp"

namespace robo::bench {

class CountingAuditSink final : public log::AuditSink {
public:
    void record(std::string_view, const nlohmann::json&) override { ++records; }
    uint64_t records = 0;
};

}  // namespace robo::bench
