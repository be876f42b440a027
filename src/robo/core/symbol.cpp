#include "robo/core/symbol.hpp"

namespace robo {

namespace {
bool allowed(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '^' || c == '/' || c == ' ' || c == '_';
}
}  // namespace

bool Symbol::try_make(std::string_view text, Symbol& out) noexcept {
    if (text.empty() || text.size() > max_length) return false;
    if (text.front() == ' ' || text.back() == ' ') return false;
    Symbol s;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (!allowed(c)) return false;
        s.chars_[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    s.length_ = static_cast<unsigned char>(text.size());
    out = s;
    return true;
}

Symbol::Symbol(std::string_view text) {
    if (!try_make(text, *this)) {
        throw std::invalid_argument("invalid symbol \"" + std::string(text) +
                                    "\": expected 1 to 15 characters of letters, digits and . - ^ / _");
    }
}

}  // namespace robo
