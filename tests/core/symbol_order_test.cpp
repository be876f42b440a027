// Symbol's word-wise ==, < and hash agree with its text: every ordered map of symbols keeps
// the order (and so every report and file) it had when symbols compared as strings.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "robo/core/symbol.hpp"

namespace robo {
namespace {

std::vector<Symbol> random_symbols() {
    const std::string alphabet = "ABCZ09.-^/_ ";
    std::mt19937_64 rng(11);
    std::vector<Symbol> out;
    for (const char* fixed :
         {"A", "AA", "AAA", "A.B", "A B", "BRK B", "BRK.B", "ZZZZZZZZZZZZZZZ", "ES", "ESZ5"})
        out.emplace_back(fixed);
    while (out.size() < 400) {
        std::string text;
        const size_t length = 1 + rng() % Symbol::max_length;
        for (size_t i = 0; i < length; ++i) text += alphabet[rng() % (alphabet.size() - 1)];  // no space
        if (rng() % 4 == 0 && !out.empty())
            text = std::string(out.back().view().substr(0, length));  // prefixes
        Symbol s;
        if (Symbol::try_make(text, s)) out.push_back(s);
    }
    return out;
}

TEST(SymbolOrder, LessEqualAndHashAgreeWithTheText) {
    const auto symbols = random_symbols();
    for (const auto& a : symbols) {
        for (const auto& b : symbols) {
            ASSERT_EQ(a < b, a.view() < b.view()) << a.view() << " vs " << b.view();
            ASSERT_EQ(a == b, a.view() == b.view()) << a.view() << " vs " << b.view();
            if (a == b) {
                ASSERT_EQ(std::hash<Symbol>{}(a), std::hash<Symbol>{}(b));
            }
        }
    }
}

TEST(SymbolOrder, APrefixSortsBeforeTheLongerSymbol) {
    EXPECT_LT(Symbol("AB"), Symbol("ABC"));
    EXPECT_LT(Symbol("BRK"), Symbol("BRK B"));
    EXPECT_FALSE(Symbol("ABC") < Symbol("AB"));
    EXPECT_NE(Symbol("AB"), Symbol("ABC"));
}

}  // namespace
}  // namespace robo
