// core/symbol.hpp — a ticker symbol held inline (no allocation), cheap to copy, hash and
// compare. Up to 15 characters of [A-Z0-9.-^/ ] (IBKR local symbols such as "BRK B").
#pragma once
#include <array>
#include <bit>
#include <cstdint>
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

    // Every byte past the length is zero (all constructors start from a zeroed array), so two
    // 8-byte words decide equality: no memcmp call on the engine's per-bar look-ups.
    bool operator==(const Symbol& o) const noexcept {
        return word(0) == o.word(0) && word(1) == o.word(1) && length_ == o.length_;
    }
    // The text order: the zero padding sorts below every allowed character, so the big-endian
    // words compare as the texts do (ordered maps of symbols compare on every look-up).
    bool operator<(const Symbol& o) const noexcept {
        const std::uint64_t a = big_endian(word(0)), b = big_endian(o.word(0));
        return a != b ? a < b : big_endian(word(1)) < big_endian(o.word(1));
    }

    // The characters as two words (zero-padded), for comparing and hashing.
    std::uint64_t word(std::size_t i) const noexcept {
        std::uint64_t w;
        std::memcpy(&w, chars_.data() + 8 * i, sizeof w);
        return w;
    }

private:
    static std::uint64_t big_endian(std::uint64_t w) noexcept {
        if constexpr (std::endian::native == std::endian::little) return __builtin_bswap64(w);
        return w;
    }
    std::array<char, max_length + 1> chars_{};
    unsigned char length_ = 0;
    static_assert(max_length + 1 == 16, "word() reads the characters as two 8-byte words");
};

}  // namespace robo

template <>
struct std::hash<robo::Symbol> {
    size_t operator()(const robo::Symbol& s) const noexcept {
        // A multiply-xorshift mix of the two zero-padded words: the engine hashes a symbol
        // several times per bar, and a byte-wise string hash was 3% of a backtest.
        std::uint64_t h = (s.word(0) ^ (s.word(1) * 0x9E3779B97F4A7C15ULL)) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
        return static_cast<size_t>(h);
    }
};
