// ibkr/wire.hpp — the TWS socket API's bytes: frames, fields, numbers and unset sentinels.
//
// Every message both ways is a 4-byte big-endian length and a payload of NUL-terminated
// text fields (../shared/ibkr/tws-protocol.md §2). FieldWriter builds one frame;
// FieldReader walks one payload and never trusts it: a missing field, a bad number or
// trailing data throws DecodeError naming the message id, the field and what was found.
// FrameSplitter cuts a byte stream into payloads and refuses frames over 16 MiB - 1 (as
// TWS does) so a hostile length can never make us allocate.
// Numbers use std::to_chars/from_chars: never the C locale, never a decimal comma.
// Must never: read past a payload, crash or allocate without bound on bad input.
#pragma once
#include <climits>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "robo/core/units.hpp"

namespace robo::ibkr {

inline constexpr int kServerVersion = 176;     // the only version we speak
inline constexpr int kMinClientVersion = 100;  // "V100+" framing
inline constexpr std::size_t kMaxFrameLength = 0xFFFFFF;

inline constexpr int32_t kUnsetInt = std::numeric_limits<int32_t>::max();
inline constexpr int64_t kUnsetLong = std::numeric_limits<int64_t>::max();
inline constexpr double kUnsetDouble = std::numeric_limits<double>::max();

// A message that cannot be decoded. `message_id` is 0 when the id itself was unreadable.
class DecodeError : public std::runtime_error {
public:
    DecodeError(int message_id, std::string field, const std::string& what)
        : std::runtime_error(what), message_id_(message_id), field_(std::move(field)) {}
    int message_id() const noexcept { return message_id_; }
    const std::string& field() const noexcept { return field_; }

private:
    int message_id_;
    std::string field_;
};

// A stream that can no longer be framed (oversized or negative length): close the socket.
class FrameError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Something we refuse to put on the wire (a NUL inside a text field).
class EncodeError : public std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Shortest text that reads back as the same double ("189.5", "0", "1e-05"); `inf`/`nan`
// become Java's "Infinity"/"NaN".
std::string format_double(double v);

// Builds one frame: length placeholder, then fields. finish() patches the length.
class FieldWriter {
public:
    FieldWriter() { buf_.assign(4, '\0'); }
    explicit FieldWriter(std::string&& reuse);

    void add(std::string_view text);  // throws EncodeError on an embedded NUL
    void add(const char* text) { add(std::string_view(text)); }
    void add(const std::string& text) { add(std::string_view(text)); }
    void add(int v) { add(static_cast<int64_t>(v)); }
    void add(int64_t v);
    void add(double v);
    void add(bool v) { raw_field(v ? "1" : "0"); }
    void add(Quantity q) { add(std::string_view(q.to_string())); }
    void add(std::optional<int> v) { v ? add(*v) : raw_field(""); }     // empty when unset
    void add(std::optional<double> v) { v ? add(*v) : raw_field(""); }  // empty when unset

    // Finishes the frame and returns it (length prefix included). The writer is spent.
    std::string finish();
    std::size_t field_count() const noexcept { return fields_; }

private:
    void raw_field(std::string_view text);
    std::string buf_;
    std::size_t fields_ = 0;
};

// Walks the fields of one payload (no length prefix). Every read names its field so an
// error says exactly where decoding stopped.
class FieldReader {
public:
    explicit FieldReader(std::string_view payload, int message_id = 0);

    void set_message(int id, const char* name) noexcept {
        id_ = id;
        name_ = name;
    }
    int message_id() const noexcept { return id_; }
    bool at_end() const noexcept { return pos_ >= payload_.size(); }
    std::size_t fields_read() const noexcept { return index_; }

    std::string_view text(const char* field);
    int32_t i32(const char* field);                    // empty reads 0
    int64_t i64(const char* field);                    // empty reads 0
    double f64(const char* field);                     // empty reads 0
    bool boolean(const char* field);                   // empty reads false; non-zero is true
    std::optional<int> i32_max(const char* field);     // empty or INT_MAX text: unset
    std::optional<double> f64_max(const char* field);  // empty or DBL_MAX text: unset
    Quantity decimal(const char* field);               // sizes/positions; empty or sentinel reads 0

    // Throws unless every field has been consumed (extra data means a layout mismatch).
    void expect_end();

    [[noreturn]] void fail(const char* field, std::string_view found, const char* expected) const;

private:
    std::string_view payload_;
    std::size_t pos_ = 0;
    std::size_t index_ = 0;
    int id_;
    const char* name_ = "";
};

// Splits a byte stream into frame payloads. Bytes are appended as they arrive; next()
// yields each complete payload once. Throws FrameError on a length over kMaxFrameLength.
class FrameSplitter {
public:
    void append(const char* data, std::size_t n);
    // The next complete payload, valid until the next append()/next() call.
    std::optional<std::string_view> next();
    std::size_t buffered() const noexcept { return buf_.size() - start_; }
    void clear() noexcept {
        buf_.clear();
        start_ = 0;
    }

private:
    std::string buf_;
    std::size_t start_ = 0;
};

// Parses an int from text, locale-free. Returns false unless the whole text is a number.
bool parse_int(std::string_view text, int64_t& out) noexcept;
bool parse_double(std::string_view text, double& out) noexcept;

}  // namespace robo::ibkr
