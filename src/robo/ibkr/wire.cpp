// ibkr/wire.cpp — framing and field encoding of the TWS socket API (see wire.hpp).
#include "robo/ibkr/wire.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace robo::ibkr {

namespace {
std::string quoted(std::string_view s) {
    constexpr std::size_t kShown = 40;  // a garbled field may be huge; show its start
    std::string out = "\"";
    for (char c : s.substr(0, kShown)) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    if (s.size() > kShown) out += "...";
    return out + "\"";
}

bool is_unset_double_text(std::string_view t) noexcept {
    double d = 0;
    return parse_double(t, d) && d == kUnsetDouble;
}
}  // namespace

bool parse_int(std::string_view text, int64_t& out) noexcept {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && p == text.data() + text.size();
}

bool parse_double(std::string_view text, double& out) noexcept {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && p == text.data() + text.size();
}

namespace {
// Shortest round-trip text; plain notation for everyday magnitudes (prices, sizes), where
// to_chars' own choice would give "1e-04" for 0.0001.
std::size_t double_chars(double v, char* buf, std::size_t size) {
    double a = std::fabs(v);
    auto fmt = (a == 0 || (a >= 1e-5 && a < 1e15)) ? std::chars_format::fixed : std::chars_format::general;
    auto [p, ec] = std::to_chars(buf, buf + size, v, fmt);
    return static_cast<std::size_t>(p - buf);
}
}  // namespace

std::string format_double(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    return std::string(buf, double_chars(v, buf, sizeof buf));
}

// ---------------------------------------------------------------------------- writer

FieldWriter::FieldWriter(std::string&& reuse) : buf_(std::move(reuse)) {
    buf_.clear();
    buf_.append(4, '\0');
}

void FieldWriter::raw_field(std::string_view text) {
    buf_.append(text);
    buf_.push_back('\0');
    ++fields_;
}

void FieldWriter::add(std::string_view text) {
    if (text.find('\0') != std::string_view::npos)
        throw EncodeError("ibkr encode: field " + std::to_string(fields_ + 1) +
                          " contains a NUL byte, which would split the field");
    raw_field(text);
}

void FieldWriter::add(int64_t v) {
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    raw_field(std::string_view(buf, static_cast<std::size_t>(p - buf)));
}

void FieldWriter::add(double v) {
    char buf[64];
    if (std::isfinite(v)) {
        raw_field(std::string_view(buf, double_chars(v, buf, sizeof buf)));
    } else {
        raw_field(format_double(v));
    }
}

std::string FieldWriter::finish() {
    std::size_t n = buf_.size() - 4;
    if (n > kMaxFrameLength)
        throw EncodeError("ibkr encode: message of " + std::to_string(n) +
                          " bytes exceeds the 16 MiB frame limit");
    buf_[0] = static_cast<char>((n >> 24) & 0xff);
    buf_[1] = static_cast<char>((n >> 16) & 0xff);
    buf_[2] = static_cast<char>((n >> 8) & 0xff);
    buf_[3] = static_cast<char>(n & 0xff);
    return std::move(buf_);
}

// ---------------------------------------------------------------------------- reader

FieldReader::FieldReader(std::string_view payload, int message_id) : payload_(payload), id_(message_id) {}

void FieldReader::fail(const char* field, std::string_view found, const char* expected) const {
    throw DecodeError(id_, field,
                      "ibkr decode: message " + std::to_string(id_) + " " + name_ + ", field " +
                          std::to_string(index_) + " '" + field + "': expected " + expected + ", found " +
                          std::string(found));
}

std::string_view FieldReader::text(const char* field) {
    if (pos_ >= payload_.size()) {
        ++index_;
        fail(field, "end of message", "a field");
    }
    const char* begin = payload_.data() + pos_;
    const void* nul = std::memchr(begin, '\0', payload_.size() - pos_);
    ++index_;
    if (!nul) fail(field, quoted(payload_.substr(pos_)), "a NUL-terminated field");
    auto len = static_cast<std::size_t>(static_cast<const char*>(nul) - begin);
    pos_ += len + 1;
    return {begin, len};
}

int64_t FieldReader::i64(const char* field) {
    auto t = text(field);
    if (t.empty()) return 0;
    int64_t v = 0;
    if (!parse_int(t, v)) fail(field, quoted(t), "an integer");
    return v;
}

int32_t FieldReader::i32(const char* field) {
    auto t = text(field);
    if (t.empty()) return 0;
    int64_t v = 0;
    if (!parse_int(t, v) || v < INT32_MIN || v > INT32_MAX) fail(field, quoted(t), "a 32-bit integer");
    return static_cast<int32_t>(v);
}

double FieldReader::f64(const char* field) {
    auto t = text(field);
    if (t.empty()) return 0;
    double v = 0;
    if (!parse_double(t, v)) fail(field, quoted(t), "a number");
    return v;
}

bool FieldReader::boolean(const char* field) {
    auto t = text(field);
    if (t.empty()) return false;
    int64_t v = 0;
    if (!parse_int(t, v)) fail(field, quoted(t), "0 or 1");
    return v != 0;
}

std::optional<int> FieldReader::i32_max(const char* field) {
    auto t = text(field);
    if (t.empty()) return std::nullopt;
    int64_t v = 0;
    if (!parse_int(t, v) || v < INT32_MIN || v > INT32_MAX) {
        double d = 0;  // some writers send the double sentinel in an int field
        if (parse_double(t, d) && d == kUnsetDouble) return std::nullopt;
        fail(field, quoted(t), "a 32-bit integer or empty");
    }
    if (v == kUnsetInt) return std::nullopt;
    return static_cast<int>(v);
}

std::optional<double> FieldReader::f64_max(const char* field) {
    auto t = text(field);
    if (t.empty()) return std::nullopt;
    double v = 0;
    if (!parse_double(t, v)) fail(field, quoted(t), "a number or empty");
    if (v == kUnsetDouble || v == static_cast<double>(kUnsetInt) || v == static_cast<double>(kUnsetLong))
        return std::nullopt;
    return v;
}

Quantity FieldReader::decimal(const char* field) {
    auto t = text(field);
    if (t.empty()) return {};
    Quantity q;
    if (Quantity::try_parse(t, q, /*round=*/true)) {
        if (q.raw() == static_cast<int64_t>(kUnsetInt) * Quantity::scale) return {};
        return q;
    }
    // Java's Decimal may arrive in scientific notation ("1.0E7"), or as a sentinel text.
    double d = 0;
    if (!parse_double(t, d)) fail(field, quoted(t), "a decimal quantity");
    if (d == kUnsetDouble || d == static_cast<double>(kUnsetLong) || d == static_cast<double>(kUnsetInt) ||
        is_unset_double_text(t))
        return {};
    if (!std::isfinite(d) || std::fabs(d) > 9e14) fail(field, quoted(t), "a decimal quantity in range");
    return Quantity::from_double(d);
}

void FieldReader::expect_end() {
    if (at_end()) return;
    std::size_t extra = 0;
    for (char c : payload_.substr(pos_)) extra += (c == '\0');
    if (payload_.back() != '\0') ++extra;
    throw DecodeError(id_, "",
                      "ibkr decode: message " + std::to_string(id_) + " " + name_ + ": " +
                          std::to_string(extra) + " unexpected field(s) after field " +
                          std::to_string(index_) + ", starting " + quoted(payload_.substr(pos_)));
}

// ---------------------------------------------------------------------------- splitter

void FrameSplitter::append(const char* data, std::size_t n) {
    // Compact once the consumed prefix dominates, so the buffer never grows without bound.
    if (start_ > 0 && start_ >= buf_.size() / 2) {
        buf_.erase(0, start_);
        start_ = 0;
    }
    buf_.append(data, n);
}

std::optional<std::string_view> FrameSplitter::next() {
    if (buf_.size() - start_ < 4) return std::nullopt;
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data() + start_);
    uint32_t len = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    if (len > kMaxFrameLength)
        throw FrameError("ibkr frame: length " + std::to_string(len) +
                         " exceeds the 16 MiB limit (507 bad message length); closing");
    if (buf_.size() - start_ - 4 < len) return std::nullopt;
    std::string_view payload(buf_.data() + start_ + 4, len);
    start_ += 4 + len;
    return payload;
}

}  // namespace robo::ibkr
