// core/symbol.hpp — a ticker symbol held inline (no allocation), cheap to copy, hash and
// compare. Up to 15 characters of [A-Z0-9.-^/ ] (IBKR local symbols such as "BRK B").
#pragma once
#include <array>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace robo {

class Symbol {
public:
    static constexpr size_t max_length = 15;

    Symbol() = default;
    // Throws std::invalid_argument on an empty, too long or oddly spelled symbol.
    explicit Symbol(std::string_view text);
    // Non-throwing form for parsers.
    static bool try_make(std::string_view text, Symbol& out) noexcept;

    std::string_view view() const noexcept { return {chars_.data(), length_}; }
    std::string str() const { return std::string(view()); }
    bool empty() const noexcept { return length_ == 0; }

    bool operator==(const Symbol& o) const noexcept {
        return length_ == o.length_ && std::memcmp(chars_.data(), o.chars_.data(), length_) == 0;
    }
    bool operator<(const Symbol& o) const noexcept { return view() < o.view(); }

private:
    std::array<char, max_length + 1> chars_{};
    unsigned char length_ = 0;
};

}  // namespace robo

template <>
struct std::hash<robo::Symbol> {
    size_t operator()(const robo::Symbol& s) const noexcept {
        return std::hash<std::string_view>{}(s.view());
    }
};
