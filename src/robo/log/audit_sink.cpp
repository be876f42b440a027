// log/audit_sink.cpp — see audit_sink.hpp.
#include "robo/log/audit_sink.hpp"

#include <nlohmann/json.hpp>

namespace robo::log {

void AuditSink::record(const CompactRecord& record) { this->record(record.kind(), record.to_json()); }

}  // namespace robo::log
