#include "robo/log/compact_record.hpp"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "robo/log/audit_text.hpp"
#include "robo/log/redact.hpp"

namespace robo::log {

CompactRecord::CompactRecord() noexcept : CompactRecord("") {}
CompactRecord::CompactRecord(AuditKey kind) noexcept : kind_(kind.text) {}
CompactRecord::CompactRecord(const CompactRecord& other) : CompactRecord() { *this = other; }
CompactRecord::~CompactRecord() = default;
void CompactRecord::release_json() noexcept {
    json_.clear();
    deferred_.clear();
}

CompactRecord& CompactRecord::operator=(const CompactRecord& other) {
    if (this == &other) return *this;
    kind_ = other.kind_;
    count_ = other.count_;
    text_used_ = other.text_used_;
    std::copy_n(other.fields_.begin(), count_, fields_.begin());
    std::memcpy(text_.data(), other.text_.data(), text_used_);
    spill_ = other.spill_;
    json_ = other.json_;
    deferred_ = other.deferred_;
    return *this;
}

CompactRecord::Field& CompactRecord::add(AuditKey key, Type type) {
    if (count_ == max_fields)
        throw std::length_error("audit: a compact record holds at most " + std::to_string(max_fields) +
                                " fields; " + std::string(key.text) + " is one too many");
    Field& f = fields_[count_++];
    f.key = key.text;
    f.type = type;
    f.spilled = false;
    f.places = 0;
    f.size = 0;
    f.i = 0;
    return f;
}

CompactRecord& CompactRecord::integer(AuditKey key, std::int64_t value) {
    add(key, Type::integer).i = value;
    return *this;
}
CompactRecord& CompactRecord::unsigned_integer(AuditKey key, std::uint64_t value) {
    add(key, Type::unsigned_integer).u = value;
    return *this;
}
CompactRecord& CompactRecord::number(AuditKey key, double value) {
    add(key, Type::number).d = value;
    return *this;
}
CompactRecord& CompactRecord::boolean(AuditKey key, bool value) {
    add(key, Type::boolean).b = value;
    return *this;
}
CompactRecord& CompactRecord::time(AuditKey key, Timestamp value) {
    add(key, Type::time).i = unix_nanos(value);
    return *this;
}
CompactRecord& CompactRecord::scaled(AuditKey key, std::int64_t raw, int places) {
    Field& f = add(key, Type::scaled);
    f.i = raw;
    f.places = static_cast<std::int8_t>(places);
    return *this;
}

CompactRecord& CompactRecord::text(AuditKey key, std::string_view value) {
    Field& f = add(key, Type::text);
    f.size = static_cast<std::uint32_t>(value.size());
    if (text_used_ + value.size() <= text_capacity) {
        f.offset = text_used_;
        std::memcpy(text_.data() + text_used_, value.data(), value.size());
        text_used_ += static_cast<std::uint32_t>(value.size());
    } else {
        f.spilled = true;
        f.offset = spill_.size();
        spill_.append(value);
    }
    return *this;
}

CompactRecord& CompactRecord::json(AuditKey key, nlohmann::json value) {
    add(key, Type::json).offset = json_.size();
    json_.push_back(std::move(value));
    return *this;
}

CompactRecord& CompactRecord::deferred(AuditKey key, std::shared_ptr<const DeferredJson> value) {
    if (!value)
        throw std::invalid_argument("audit: a deferred value for " + std::string(key.text) + " is null");
    add(key, Type::deferred).offset = deferred_.size();
    deferred_.push_back(std::move(value));
    return *this;
}

nlohmann::json CompactRecord::value_json(const Field& f) const {
    switch (f.type) {
        case Type::integer:
            return f.i;
        case Type::unsigned_integer:
            return f.u;
        case Type::number:
            return f.d;
        case Type::boolean:
            return f.b;
        case Type::text:
            return std::string((f.spilled ? spill_.data() : text_.data()) + f.offset, f.size);
        case Type::time:
            return format_iso_micros(from_unix_nanos(f.i));
        case Type::scaled:
            return decimal_detail::format_scaled(f.i, f.places, 0);
        case Type::json:
            return json_[f.offset];
        case Type::deferred:
            return deferred_[f.offset]->render();
    }
    return nullptr;
}

nlohmann::json CompactRecord::to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (std::size_t k = 0; k < count_; ++k) out[std::string(fields_[k].key)] = value_json(fields_[k]);
    return out;
}

void CompactRecord::render_value(const Field& f, std::string& out, SecretKeys& secrets) const {
    switch (f.type) {
        case Type::integer:
            return audit_text::append_integer(out, f.i);
        case Type::unsigned_integer:
            return audit_text::append_unsigned(out, f.u);
        case Type::number:
            return audit_text::append_number(out, f.d);
        case Type::boolean:
            out.append(f.b ? "true" : "false");
            return;
        case Type::text:
            return audit_text::append_string(
                out, std::string_view((f.spilled ? spill_.data() : text_.data()) + f.offset, f.size));
        case Type::time:
            out.push_back('"');
            out.append(format_iso_micros(from_unix_nanos(f.i))).push_back('"');
            return;
        case Type::scaled:
            out.push_back('"');
            out.append(decimal_detail::format_scaled(f.i, f.places, 0)).push_back('"');
            return;
        case Type::json:
            return audit_text::append_json(out, json_[f.offset], secrets);
        case Type::deferred:
            return audit_text::append_json(out, deferred_[f.offset]->render(), secrets);
    }
}

void CompactRecord::render_fields(std::string& out, SecretKeys& secrets) const {
    // nlohmann's objects are std::maps: keys in byte order, the last assignment winning.
    const std::size_t count = std::min<std::size_t>(count_, max_fields);
    std::array<std::uint8_t, max_fields> order;
    for (std::size_t k = 0; k < count; ++k) order[k] = static_cast<std::uint8_t>(k);
    std::stable_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
                     [&](std::uint8_t a, std::uint8_t b) { return fields_[a].key < fields_[b].key; });
    out.push_back('{');
    bool first = true;
    for (std::size_t n = 0; n < count; ++n) {
        if (n + 1 < count && fields_[order[n]].key == fields_[order[n + 1]].key) continue;
        const Field& f = fields_[order[n]];
        if (!first) out.push_back(',');
        first = false;
        audit_text::append_string(out, f.key);
        out.push_back(':');
        if (secrets.secret(f.key))
            audit_text::append_string(out, redacted_marker);
        else
            render_value(f, out, secrets);
    }
    out.push_back('}');
}

}  // namespace robo::log
