// log/compact_record.hpp — an audit record built from plain values, for callers that must
// not allocate (the risk gate's verdicts on the engine thread).
//
// A kind and up to max_fields fields. Keys and the kind are AuditKeys: compile-time text
// only, so they outlive any queue the record waits in. Values are kept as they are and
// rendered later (by the audit trail's writer thread): integers, doubles, booleans, text
// (copied into the record's own buffer; beyond text_capacity it spills to the heap), a
// Timestamp (rendered as format_iso_micros), a Decimal (its raw integer; rendered as
// Decimal::to_string()), off the hot path a json value, and a deferred value: an immutable
// object that renders its json only when the record is rendered, so that a nested value
// (a rejection's violations, with their messages) costs the engine thread a copy rather
// than its formatting.
//
// to_json() is the equivalent nlohmann object (a later field wins over an earlier one
// with the same key, as with json's operator[]); render_fields() appends its canonical text
// (keys sorted, nlohmann's number formatting), byte for byte what dumping to_json() gives.
// Nothing here allocates unless text spills or a json field is added.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/decimal.hpp"
#include "robo/core/time.hpp"

namespace robo::log {

// A key or kind: a string literal (consteval, so nothing shorter-lived can be passed).
struct AuditKey {
    consteval AuditKey(const char* literal) : text(literal) {}
    std::string_view text;
};

class SecretKeys;

// A value rendered when its record is (on the audit trail's writer thread). Immutable once
// added: it may be rendered on another thread, and more than once (each sink renders).
class DeferredJson {
public:
    virtual ~DeferredJson() = default;
    virtual nlohmann::json render() const = 0;
};

class CompactRecord {
public:
    static constexpr std::size_t max_fields = 12;
    static constexpr std::size_t text_capacity = 256;

    // Out of line, with the destructor: the json values' type is complete only there, so
    // that this header needs nlohmann's forward declarations only.
    CompactRecord() noexcept;
    explicit CompactRecord(AuditKey kind) noexcept;
    CompactRecord(const CompactRecord& other);
    ~CompactRecord();
    // Copies only the fields and text in use (a queue slot is assigned on the hot path).
    CompactRecord& operator=(const CompactRecord& other);

    std::string_view kind() const noexcept { return kind_; }
    std::size_t size() const noexcept { return count_; }

    // Each adds one field; throws std::length_error beyond max_fields (a caller's bug).
    CompactRecord& integer(AuditKey key, std::int64_t value);
    CompactRecord& unsigned_integer(AuditKey key, std::uint64_t value);
    CompactRecord& number(AuditKey key, double value);
    CompactRecord& boolean(AuditKey key, bool value);
    CompactRecord& text(AuditKey key, std::string_view value);
    CompactRecord& time(AuditKey key, Timestamp value);
    template <class Tag, int Places>
    CompactRecord& decimal(AuditKey key, Decimal<Tag, Places> value) {
        return scaled(key, value.raw(), Places);
    }
    CompactRecord& scaled(AuditKey key, std::int64_t raw, int places);
    // Allocates: for nested values on paths that may (a rejection's violations).
    CompactRecord& json(AuditKey key, nlohmann::json value);
    // Rendered as value->render() wherever the record is rendered.
    CompactRecord& deferred(AuditKey key, std::shared_ptr<const DeferredJson> value);

    nlohmann::json to_json() const;
    // Appends the canonical text of to_json(), with values under secret-named keys (at any
    // depth) replaced by the redaction marker, as the audit trail writes them.
    void render_fields(std::string& out, SecretKeys& secrets) const;
    // Drops json and deferred values (their memory is freed by the caller, e.g. the writer
    // thread).
    void release_json() noexcept;

private:
    enum class Type : std::uint8_t {
        integer,
        unsigned_integer,
        number,
        boolean,
        text,
        time,
        scaled,
        json,
        deferred
    };
    struct Field {
        std::string_view key;
        Type type;
        bool spilled;        // text: in spill_ rather than text_
        std::int8_t places;  // scaled
        std::uint32_t size;  // text: length
        union {
            std::int64_t i;
            std::uint64_t u;
            double d;
            bool b;
            std::size_t offset;  // text: into text_ or spill_; json, deferred: into json_, deferred_
        };
    };
    Field& add(AuditKey key, Type type);
    void render_value(const Field& f, std::string& out, SecretKeys& secrets) const;
    nlohmann::json value_json(const Field& f) const;

    std::string_view kind_;
    std::uint32_t count_ = 0;
    std::uint32_t text_used_ = 0;
    std::array<Field, max_fields> fields_;
    std::array<char, text_capacity> text_;
    std::string spill_;
    std::vector<nlohmann::json> json_;
    std::vector<std::shared_ptr<const DeferredJson>> deferred_;
};

}  // namespace robo::log
