// `robo_trader strategies`: the binary lists every registered strategy (so none was
// dropped by the linker), and docs/strategies.md carries exactly what it prints.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {
std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
ShellResult strategies(const std::string& flags) {
    return run_shell(binary().string() + " strategies " + flags);
}
}  // namespace

TEST(StrategiesCommand, JsonListsTheBuiltInsWithTheirParameters) {
    auto r = strategies("--json");
    ASSERT_EQ(r.status, 0) << r.out;
    auto j = nlohmann::json::parse(r.out);
    std::vector<std::string> names;
    for (const auto& s : j) names.push_back(s["name"]);
    EXPECT_EQ(names, (std::vector<std::string>{"breakout", "mean_reversion", "momentum", "sma_crossover"}));
    const auto& sma = j[3];
    EXPECT_EQ(sma["aliases"], nlohmann::json::array({"sma"}));
    EXPECT_EQ(sma["params"][0]["name"], "fast");
    EXPECT_EQ(sma["params"][0]["type"], "integer");
    EXPECT_EQ(sma["params"][0]["default"], 10);
    EXPECT_EQ(sma["params"][0]["min"], 1);
    EXPECT_EQ(sma["params"][0]["max"], 10000);
}

TEST(StrategiesCommand, TextNamesEachParameterWithTypeDefaultAndBounds) {
    auto r = strategies("");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("sma_crossover (alias sma)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("stop_pct       number   default 0.03    0.0001 .. 0.99"), std::string::npos)
        << r.out;
}

TEST(StrategiesDocs, TheParameterTableMatchesTheSchema) {
    const std::string doc = read_text(source_dir() / "docs" / "strategies.md");
    const std::string begin = "<!-- BEGIN GENERATED -->\n", end = "<!-- END GENERATED -->";
    auto b = doc.find(begin), e = doc.find(end);
    ASSERT_NE(b, std::string::npos);
    ASSERT_NE(e, std::string::npos);
    auto r = strategies("--markdown");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), r.out)
        << "docs/strategies.md: regenerate the block with: ./build/robo_trader strategies --markdown";
}
