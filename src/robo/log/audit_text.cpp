#include "robo/log/audit_text.hpp"

#include <charconv>
#include <cmath>

#include "robo/log/redact.hpp"
#include "robo/log/sha256.hpp"

namespace robo::log {
namespace {

constexpr auto replace_bad_utf8 = nlohmann::json::error_handler_t::replace;

void dump_canonical(const nlohmann::json& value, std::string& out) {
    nlohmann::detail::serializer<nlohmann::json> s(nlohmann::detail::output_adapter<char>(out), ' ',
                                                   replace_bad_utf8);
    s.dump(value, false, false, 0);
}

// Secret-named keys are redacted at any depth; account ids stay (log/audit_trail.hpp).
void redact_secret_keys(nlohmann::json& value, SecretKeys& secrets) {
    if (value.is_array()) {
        for (auto& item : value) redact_secret_keys(item, secrets);
    } else if (value.is_object()) {
        for (auto& [key, item] : value.items()) {
            if (secrets.secret(key))
                item = redacted_marker;
            else
                redact_secret_keys(item, secrets);
        }
    }
}

}  // namespace

bool SecretKeys::secret(std::string_view key) {
    auto known = known_.find(key);
    if (known == known_.end()) known = known_.emplace(std::string(key), is_secret_key(key)).first;
    return known->second;
}

bool SecretKeys::any(const nlohmann::json& value) {
    if (value.is_array()) {
        for (const auto& item : value)
            if (any(item)) return true;
    } else if (value.is_object()) {
        for (const auto& [key, item] : value.items())
            if (secret(key) || any(item)) return true;
    }
    return false;
}

namespace audit_text {

void append_string(std::string& out, std::string_view text) {
    // Printable ASCII without '"' or '\\' is dumped as it is; anything else (escapes,
    // control characters, UTF-8, invalid bytes) goes through nlohmann itself.
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7f || c == '"' || c == '\\') {
            dump_canonical(nlohmann::json(std::string(text)), out);
            return;
        }
    }
    out.push_back('"');
    out.append(text);
    out.push_back('"');
}

void append_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out.append("null");
        return;
    }
    // nlohmann's own shortest round-trip formatting (its serializer's dump_float).
    std::array<char, 64> buf{};
    char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), value);
    out.append(buf.data(), end);
}

void append_integer(std::string& out, std::int64_t value) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

void append_unsigned(std::string& out, std::uint64_t value) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

void append_json(std::string& out, const nlohmann::json& value, SecretKeys& secrets) {
    if (!secrets.any(value)) {
        dump_canonical(value, out);
        return;
    }
    nlohmann::json clean = value;
    redact_secret_keys(clean, secrets);
    dump_canonical(clean, out);
}

void Line::build(std::string_view fields, std::string_view kind, std::uint64_t seq,
                 std::string_view prev_hash, Timestamp time) {
    rest_.assign(",\"kind\":");
    append_string(rest_, kind);
    rest_.append(",\"prev_hash\":\"").append(prev_hash).append("\",\"seq\":");
    append_unsigned(rest_, seq);
    rest_.append(",\"time\":\"").append(format_iso_micros(time)).append("\"}");

    text.assign("{\"fields\":").append(fields);
    const std::size_t prefix = text.size();
    text.append(rest_);
    hash = sha256_hex(text);
    text.resize(prefix);
    text.append(",\"hash\":\"").append(hash).append("\"").append(rest_).push_back('\n');
}

}  // namespace audit_text
}  // namespace robo::log
