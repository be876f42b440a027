#include "robo/log/format.hpp"

#include <algorithm>
#include <cctype>

namespace robo::log {
namespace {

constexpr auto replace_bad_utf8 = nlohmann::json::error_handler_t::replace;

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, replace_bad_utf8); }

// A bare word stays bare in text; anything with spaces, quotes, '=' or control characters
// is written as a JSON string so the line stays one line and splits unambiguously.
bool needs_quotes(std::string_view s) {
    if (s.empty()) return true;
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u <= ' ' || c == '"' || c == '=' || c == '\\' || u >= 0x7f;
    });
}

void append_text_value(std::string& out, const nlohmann::json& v) {
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        out += needs_quotes(s) ? dump(v) : s;
    } else {
        out += dump(v);
    }
}

}  // namespace

std::string format_json(Timestamp ts, Level level, std::string_view component, std::string_view event,
                        const Fields& fields) {
    // Envelope keys in a fixed, readable order (nlohmann would sort them).
    std::string out =
        "{\"ts\":\"" + format_iso_micros(ts) + "\",\"level\":\"" + std::string(to_string(level)) +
        "\",\"component\":" + dump(nlohmann::json(component)) + ",\"event\":" + dump(nlohmann::json(event)) +
        ",\"fields\":" + dump(fields.is_object() ? fields : nlohmann::json{{"value", fields}}) + "}";
    return out;
}

std::string format_text(Timestamp ts, Level level, std::string_view component, std::string_view event,
                        const Fields& fields) {
    std::string out = format_iso_micros(ts);
    out += ' ';
    std::string lvl(to_string(level));
    std::transform(lvl.begin(), lvl.end(), lvl.begin(),
                   [](char c) { return static_cast<char>(std::toupper(c)); });
    lvl.resize(std::max<std::size_t>(lvl.size(), 5), ' ');
    out += lvl;
    out += ' ';
    append_text_value(out, nlohmann::json(component));
    out += ' ';
    append_text_value(out, nlohmann::json(event));
    if (fields.is_object()) {
        for (const auto& [key, value] : fields.items()) {
            out += ' ';
            out += needs_quotes(key) ? dump(nlohmann::json(key)) : key;
            out += '=';
            append_text_value(out, value);
        }
    } else if (!fields.is_null()) {
        out += " value=";
        append_text_value(out, fields);
    }
    return out;
}

}  // namespace robo::log
