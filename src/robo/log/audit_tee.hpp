// log/audit_tee.hpp — one audit stream to two sinks: the audit trail file and a listener
// beside it (the session recorder, which stores orders and risk events in the database).
//
// Records go to the first sink, then to the second, in the caller's thread. Owns neither.
#pragma once
#include "robo/log/audit_sink.hpp"

namespace robo::log {

class AuditTee final : public AuditSink {
public:
    AuditTee(AuditSink& first, AuditSink& second) : first_(first), second_(second) {}
    void record(std::string_view kind, const nlohmann::json& fields) override {
        first_.record(kind, fields);
        second_.record(kind, fields);
    }
    // Each sink takes the compact record its own way (the trail without json).
    void record(const CompactRecord& record) override {
        first_.record(record);
        second_.record(record);
    }

private:
    AuditSink& first_;
    AuditSink& second_;
};

}  // namespace robo::log
