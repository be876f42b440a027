// data/files/file_symbol.cpp — the symbol a file name stands for (rule in readers.hpp).
#include <filesystem>
#include <string>

#include "robo/data/files/readers.hpp"

namespace robo::data {

namespace {
bool has_digit(std::string_view s) {
    for (char c : s)
        if (c >= '0' && c <= '9') return true;
    return false;
}
bool is_position_word(std::string_view s) {
    auto lower = [](std::string_view w) {
        std::string out(w);
        for (auto& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        return out;
    };
    auto w = lower(s);
    return w == "long" || w == "short";
}
}  // namespace

std::optional<Symbol> symbol_from_file_name(std::string_view path) {
    std::string stem = std::filesystem::path(path).stem().string();
    std::string joined, first;
    size_t start = 0;
    for (size_t i = 0; i <= stem.size(); ++i) {
        if (i < stem.size() && stem[i] != '-' && stem[i] != '_' && stem[i] != ' ') continue;
        std::string_view word(stem.data() + start, i - start);
        start = i + 1;
        if (word.empty() || has_digit(word) || is_position_word(word)) continue;
        if (first.empty()) first = word;
        if (!joined.empty()) joined += '-';
        joined += word;
    }
    Symbol s;
    if (Symbol::try_make(joined, s) && symbol_is_path_safe(s)) return s;
    if (Symbol::try_make(first, s) && symbol_is_path_safe(s)) return s;
    return std::nullopt;
}

bool symbol_is_path_safe(const Symbol& symbol) noexcept {
    const std::string_view text = symbol.view();
    return !text.empty() && text.front() != '.' && text.find('/') == std::string_view::npos;
}

}  // namespace robo::data
