// log/audit_text.hpp — the canonical text of an audit record, in pieces, shared by the
// json path and the compact path so both write the same bytes (log/audit_trail.hpp).
//
// Canonical means what nlohmann dumps with no indentation, no ASCII escaping and invalid
// UTF-8 replaced by U+FFFD; NaN and infinities are null. Object keys come sorted.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "robo/core/time.hpp"

namespace robo::log {

// Whether a key is secret-named (log/redact.hpp), the answer cached per key name: records
// reuse a handful of names, and the check normalises the name (an allocation) each time.
// Not thread-safe: one per writer.
class SecretKeys {
public:
    bool secret(std::string_view key);
    // Any key at any depth.
    bool any(const nlohmann::json& value);

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, bool, Hash, std::equal_to<>> known_;
};

namespace audit_text {

void append_string(std::string& out, std::string_view text);
void append_number(std::string& out, double value);
void append_integer(std::string& out, std::int64_t value);
void append_unsigned(std::string& out, std::uint64_t value);
// The canonical dump of `value`, its secret-named keys redacted at any depth.
void append_json(std::string& out, const nlohmann::json& value, SecretKeys& secrets);

// The line of the record after (seq, prev_hash), newline included, and its hash. Keys in
// canonical order are fields, hash, kind, prev_hash, seq, time; the hash covers
//   {"fields":F,"kind":K,"prev_hash":"P","seq":N,"time":"T"}
// and the line is the same with "hash":"H" after F.
struct Line {
    std::string text;
    std::string hash;
    // Rebuilds text and hash; `fields` is the canonical text of the fields object.
    void build(std::string_view fields, std::string_view kind, std::uint64_t seq, std::string_view prev_hash,
               Timestamp time);

private:
    std::string rest_;
};

}  // namespace audit_text
}  // namespace robo::log
