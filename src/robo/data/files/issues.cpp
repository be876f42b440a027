#include "robo/data/files/issues.hpp"

#include <cstdio>

namespace robo::data {

std::string to_string(const RowIssue& issue) {
    if (issue.line == 0) return issue.file + ": " + issue.message;
    return issue.file + ":" + std::to_string(issue.line) + ":" + std::to_string(issue.column) + ": " +
           issue.message;
}

DataFileError::DataFileError(RowIssue issue)
    : std::runtime_error(to_string(issue)), issue_(std::move(issue)) {}

std::string quote_found(std::string_view text, size_t max_chars) {
    std::string out = "\"";
    size_t shown = 0;
    for (char ch : text) {
        if (shown == max_chars) {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        } else {
            out += ch;
        }
        ++shown;
    }
    out += '"';
    return out;
}

}  // namespace robo::data
