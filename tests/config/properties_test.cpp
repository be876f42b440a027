// Properties over arbitrary input: the config parsers never throw or crash on any bytes
// (they report), and a value accepted once is accepted again in its normalized spelling.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "robo/config/options.hpp"
#include "robo/config/sources.hpp"

using namespace robo::config;

RC_GTEST_PROP(ConfigProperties, DotenvParserNeverThrowsAndNamesRealLines, (const std::string& text)) {
    const auto read = parse_dotenv(text, ".env");
    const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    for (const auto& s : read.settings) RC_ASSERT(s.source.line >= 1 && s.source.line <= lines);
    for (const auto& d : read.diagnostics) RC_ASSERT(d.message.rfind("config: ", 0) == 0);
}

RC_GTEST_PROP(ConfigProperties, TomlParserNeverThrows, (const std::string& text)) {
    const auto read = parse_toml(text, "config.toml");
    for (const auto& d : read.diagnostics) RC_ASSERT(d.severity == Diagnostic::Severity::error);
}

RC_GTEST_PROP(ConfigProperties, AcceptedValuesStayAcceptedWhenNormalized, (const std::string& raw)) {
    const auto all = options();
    const auto& def = all[*rc::gen::inRange<std::size_t>(0, all.size())];
    std::string problem;
    auto first = parse_option(def, raw, problem);
    if (!first) return;
    auto second = parse_option(def, first->normalized, problem);
    RC_ASSERT(second.has_value());
    RC_ASSERT(second->normalized == first->normalized);
}

RC_GTEST_PROP(ConfigProperties, NumbersInsideTheRangeAreAcceptedAndOutsideRefused, ()) {
    const OptionDef& def = *find_option("RISK_MAX_LEVERAGE");  // 1 to 4 inclusive
    const int hundredths = *rc::gen::inRange(-1000, 1000);
    const std::string raw = std::to_string(hundredths / 100) + "." +
                            (std::abs(hundredths % 100) < 10 ? "0" : "") +
                            std::to_string(std::abs(hundredths % 100));
    const double v = std::stod(raw);
    std::string problem;
    RC_ASSERT(parse_option(def, raw, problem).has_value() == (v >= 1.0 && v <= 4.0));
}
