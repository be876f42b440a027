// log/memory_audit_sink.hpp — an AuditSink that keeps every record in memory, as json; for
// tests and for components that batch.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "robo/log/audit_sink.hpp"

namespace robo::log {

class MemoryAuditSink final : public AuditSink {
public:
    using AuditSink::record;
    struct Entry {
        std::string kind;
        nlohmann::json fields;
    };
    void record(std::string_view kind, const nlohmann::json& fields) override {
        entries.push_back({std::string(kind), fields});
    }
    std::vector<Entry> entries;
};

}  // namespace robo::log
