#include "robo/config/sources.hpp"

#include <toml++/toml.h>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

extern char** environ;

namespace robo::config {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool valid_name(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string shorten(std::string_view s) {
    std::string out(s.substr(0, 60));
    if (s.size() > 60) out += "...";
    return out;
}

Diagnostic file_error(const std::string& where, std::string what) {
    return {Diagnostic::Severity::error, "", "config: " + where + ": " + std::move(what)};
}

bool read_file(const std::filesystem::path& file, std::string& text) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    return true;
}

}  // namespace

std::string Source::describe() const {
    switch (kind) {
        case Kind::default_value:
            return "default";
        case Kind::preset:
            return "preset " + file;
        case Kind::config_file:
            return file + " line " + std::to_string(line);
        case Kind::dotenv:
            return file + " line " + std::to_string(line);
        case Kind::environment:
            return "environment";
        case Kind::flag:
            return "--set";
    }
    return "?";
}

SourceRead parse_dotenv(std::string_view text, const std::string& label) {
    SourceRead out;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM from Windows editors
    int line_no = 0;
    while (!text.empty()) {
        ++line_no;
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::string_view body = trim(line);
        if (body.empty() || body.front() == '#') continue;
        const std::string where = label + " line " + std::to_string(line_no);
        if (body.starts_with("export ")) body = trim(body.substr(7));
        auto eq = body.find('=');
        if (eq == std::string_view::npos) {
            out.diagnostics.push_back(
                file_error(where, "expected KEY=VALUE, found \"" + shorten(body) + "\""));
            continue;
        }
        std::string name(trim(body.substr(0, eq)));
        if (!valid_name(name)) {
            out.diagnostics.push_back(file_error(
                where, "expected a variable name of letters, digits and _, found \"" + shorten(name) + "\""));
            continue;
        }
        std::string_view rest = trim(body.substr(eq + 1));
        std::string value;
        bool ok = true;
        if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
            const char quote = rest.front();
            std::size_t i = 1;
            bool closed = false;
            for (; i < rest.size(); ++i) {
                char c = rest[i];
                if (c == quote) {
                    closed = true;
                    break;
                }
                if (quote == '"' && c == '\\' && i + 1 < rest.size()) {
                    char n = rest[++i];
                    value.push_back(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
                } else {
                    value.push_back(c);
                }
            }
            std::string_view after = closed ? trim(rest.substr(i + 1)) : std::string_view{};
            if (!closed) {
                out.diagnostics.push_back(
                    file_error(where, std::string("unterminated ") + quote + " quote in " + name));
                ok = false;
            } else if (!after.empty() && after.front() != '#') {
                out.diagnostics.push_back(file_error(where, "unexpected text after the closing quote of " +
                                                                name + ": \"" + shorten(after) + "\""));
                ok = false;
            }
        } else {
            // An unquoted value ends at an inline comment (" #").
            auto hash = rest.find(" #");
            if (rest.starts_with('#')) hash = 0;
            value = std::string(trim(rest.substr(0, hash)));
        }
        if (ok)
            out.settings.push_back(
                {std::move(name), std::move(value), {Source::Kind::dotenv, label, line_no}});
    }
    return out;
}

SourceRead read_dotenv(const std::filesystem::path& file) {
    std::string text;
    if (!read_file(file, text)) {
        SourceRead out;
        out.diagnostics.push_back(file_error(file.string(), "cannot read the .env file"));
        return out;
    }
    return parse_dotenv(text, file.string());
}

namespace {

// Converts a TOML value to the text our option parsers read. Returns false for tables,
// dates and other types no option takes.
bool toml_to_text(const toml::node& node, std::string& out) {
    if (auto s = node.as_string()) {
        out = s->get();
        return true;
    }
    if (auto i = node.as_integer()) {
        out = std::to_string(i->get());
        return true;
    }
    if (auto f = node.as_floating_point()) {
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f->get());
        if (ec != std::errc{}) return false;
        out.assign(buf, end);
        return true;
    }
    if (auto b = node.as_boolean()) {
        out = b->get() ? "true" : "false";
        return true;
    }
    if (auto a = node.as_array()) {
        out.clear();
        for (std::size_t i = 0; i < a->size(); ++i) {
            std::string item;
            if (!toml_to_text(*a->get(i), item) || a->get(i)->is_array()) return false;
            out += (i ? "," : "") + item;
        }
        return true;
    }
    return false;
}

}  // namespace

SourceRead parse_toml(std::string_view text, const std::string& label) {
    SourceRead out;
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(label));
    } catch (const toml::parse_error& e) {
        out.diagnostics.push_back(file_error(label + " line " + std::to_string(e.source().begin.line),
                                             "TOML syntax error: " + std::string(e.description())));
        return out;
    }
    auto add = [&](const std::string& name, const toml::node& node) {
        const int line = static_cast<int>(node.source().begin.line);
        std::string value;
        if (!toml_to_text(node, value)) {
            out.diagnostics.push_back(
                file_error(label + " line " + std::to_string(line),
                           name + " must be a string, number, boolean or array of them"));
            return;
        }
        out.settings.push_back({name, std::move(value), {Source::Kind::config_file, label, line}});
    };
    for (auto&& [key, node] : root) {
        const std::string top = upper(key.str());
        if (auto table = node.as_table()) {
            for (auto&& [sub, subnode] : *table) {
                const std::string name = top + "_" + upper(sub.str());
                if (subnode.is_table()) {
                    out.diagnostics.push_back(
                        file_error(label + " line " + std::to_string(subnode.source().begin.line),
                                   "table [" + std::string(key.str()) + "." + std::string(sub.str()) +
                                       "] nests too deep: use [" + std::string(key.str()) + "] " +
                                       std::string(sub.str()) + "_name = value"));
                    continue;
                }
                add(name, subnode);
            }
        } else {
            add(top, node);
        }
    }
    return out;
}

SourceRead read_toml(const std::filesystem::path& file) {
    std::string text;
    if (!read_file(file, text)) {
        SourceRead out;
        out.diagnostics.push_back(file_error(file.string(), "cannot read the config file"));
        return out;
    }
    return parse_toml(text, file.string());
}

SourceRead read_environment(const std::vector<std::pair<std::string, std::string>>& vars,
                            bool (*is_relevant)(std::string_view name)) {
    SourceRead out;
    for (const auto& [name, value] : vars)
        if (is_relevant(name)) out.settings.push_back({name, value, {Source::Kind::environment, "", 0}});
    return out;
}

std::vector<std::pair<std::string, std::string>> process_environment() {
    std::vector<std::pair<std::string, std::string>> vars;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        vars.emplace_back(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
    return vars;
}

SourceRead parse_overrides(const std::vector<std::string>& items) {
    SourceRead out;
    for (const auto& item : items) {
        auto eq = item.find('=');
        std::string name = eq == std::string::npos ? item : item.substr(0, eq);
        if (eq == std::string::npos || !valid_name(name)) {
            out.diagnostics.push_back({Diagnostic::Severity::error, "",
                                       "config: --set expects KEY=VALUE, found \"" + shorten(item) + "\""});
            continue;
        }
        out.settings.push_back({std::move(name), item.substr(eq + 1), {Source::Kind::flag, "", 0}});
    }
    return out;
}

}  // namespace robo::config
