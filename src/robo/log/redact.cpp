#include "robo/log/redact.hpp"

#include <array>

namespace robo::log {
namespace {

constexpr std::array<std::string_view, 9> secret_words = {"password",   "passwd",     "passphrase",
                                                          "token",      "secret",     "apikey",
                                                          "credential", "privatekey", "authorization"};

// Inside free text the separators are literal, so the common spellings are listed too.
constexpr std::array<std::string_view, 13> text_secret_words = {
    "password", "passwd",     "passphrase", "token",       "secret",        "apikey",   "api_key",
    "api-key",  "credential", "privatekey", "private_key", "authorization", "x-api-key"};

// ASCII case and letters, the same answers as <cctype> gives in the C locale the process keeps,
// without a library call a byte: the scan below asks for every byte of every logged text.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The first letters of text_secret_words: most bytes of a text start none of them.
constexpr std::array<bool, 256> secret_word_starts = [] {
    std::array<bool, 256> starts{};
    for (auto word : text_secret_words) starts[static_cast<unsigned char>(word[0])] = true;
    return starts;
}();

// Lowercase without the separators people put inside key names.
std::string normalize_key(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '_' || c == '-' || c == ' ' || c == '.') continue;
        out.push_back(ascii_lower(c));
    }
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of an account id starting at text[i], or 0.
std::size_t account_id_at(std::string_view text, std::size_t i) {
    if (i > 0 && is_alnum(text[i - 1])) return 0;
    std::size_t j = i;
    if (j < text.size() && text[j] == 'D') ++j;
    if (j >= text.size() || (text[j] != 'U' && text[j] != 'F')) return 0;
    ++j;
    std::size_t digits = 0;
    while (j < text.size() && is_digit(text[j])) ++j, ++digits;
    if (digits < 5 || digits > 9) return 0;
    if (j < text.size() && is_alnum(text[j])) return 0;
    return j - i;
}

// When text at i starts a secret word (any case) followed by optional name characters and
// then '=' or ':', returns where the value starts; otherwise npos.
std::size_t inline_secret_value_at(std::string_view text, std::size_t i) {
    if (!secret_word_starts[static_cast<unsigned char>(ascii_lower(text[i]))]) return std::string_view::npos;
    for (auto word : text_secret_words) {
        if (text.size() - i < word.size()) continue;
        bool match = true;
        for (std::size_t k = 0; k < word.size() && match; ++k) match = ascii_lower(text[i + k]) == word[k];
        if (!match) continue;
        std::size_t j = i + word.size();
        while (j < text.size() && (is_alnum(text[j]) || text[j] == '_')) ++j;
        while (j < text.size() && text[j] == ' ') ++j;
        if (j >= text.size() || (text[j] != '=' && text[j] != ':')) continue;
        ++j;
        while (j < text.size() && text[j] == ' ') ++j;
        // "Authorization: Bearer xyz": the scheme word stays, the credential goes.
        if (text.size() - j > 7 && normalize_key(text.substr(j, 6)) == "bearer" && text[j + 6] == ' ') j += 7;
        if (j < text.size() && text[j] != ' ') return j;
    }
    return std::string_view::npos;
}

}  // namespace

bool is_secret_key(std::string_view key) noexcept {
    try {
        const std::string k = normalize_key(key);
        for (auto word : secret_words)
            if (k.find(word) != std::string::npos) return true;
        return false;
    } catch (...) {
        return true;  // cannot inspect it: treat as secret
    }
}

bool is_account_key(std::string_view key) noexcept {
    try {
        const std::string k = normalize_key(key);
        return k == "acct" || ends_with(k, "account") || ends_with(k, "accountid") ||
               ends_with(k, "accountnumber") || ends_with(k, "accountids") || ends_with(k, "accounts");
    } catch (...) {
        return true;
    }
}

std::string redact_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (std::size_t n = account_id_at(text, i)) {
            out += account_marker;
            i += n;
            continue;
        }
        if (std::size_t v = inline_secret_value_at(text, i); v != std::string_view::npos) {
            out.append(text.substr(i, v - i));
            out += redacted_marker;
            i = v;
            // The value runs to the next space, comma, semicolon, ampersand or quote.
            while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != ';' && text[i] != '&' &&
                   text[i] != '"' && text[i] != '\'')
                ++i;
            continue;
        }
        out.push_back(text[i++]);
    }
    return out;
}

void redact(nlohmann::json& value) {
    if (value.is_string()) {
        value = redact_text(value.get_ref<const std::string&>());
    } else if (value.is_array()) {
        for (auto& item : value) redact(item);
    } else if (value.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (auto& [key, item] : value.items()) {
            std::string clean_key = redact_text(key);
            if (is_secret_key(key) || is_account_key(key)) {
                out[clean_key] = redacted_marker;
            } else {
                redact(item);
                out[clean_key] = std::move(item);
            }
        }
        value = std::move(out);
    }
}

}  // namespace robo::log
