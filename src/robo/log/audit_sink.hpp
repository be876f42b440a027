// log/audit_sink.hpp — where decisions are recorded: orders, risk verdicts, kill-switch
// events, the configuration at start-up.
//
// Components that make decisions take an AuditSink& and call record(); they never know
// whether it is the tamper-evident file (log/audit_trail.hpp), a test's memory sink, or
// both. record() must not throw for ordinary I/O trouble; an implementation that cannot
// write reports it through the logger and its own counters.
//
// record(const CompactRecord&) is the allocation-free entry point (log/compact_record.hpp).
// By default it converts to json and calls record(kind, json), so a sink that only knows
// json keeps working; the audit trail takes the compact record as it is. This header needs
// only nlohmann's forward declarations, so the domain headers that take an AuditSink& do
// not pull the whole json library into every file that includes them.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "robo/log/compact_record.hpp"

namespace robo::log {

class AuditSink {
public:
    virtual ~AuditSink() = default;
    // kind: e.g. "order_submitted", "risk_rejected", "kill_switch_tripped", "config_loaded".
    virtual void record(std::string_view kind, const nlohmann::json& fields) = 0;
    virtual void record(const CompactRecord& record);  // record(kind, to_json())
};

// MemoryAuditSink, which keeps records in memory for tests: log/memory_audit_sink.hpp.

// Keeps nothing: a research run that keeps only metrics (session/request.hpp write_files).
class NullAuditSink final : public AuditSink {
public:
    void record(std::string_view, const nlohmann::json&) override {}
    void record(const CompactRecord&) override {}
};

}  // namespace robo::log
