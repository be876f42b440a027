// The parameter schema: strategies register themselves once with their parameters, and
// every way of naming a strategy reads that one declaration.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "robo/strategy/registry.hpp"
#include "robo/strategy/rules.hpp"
#include "robo/strategy/schema.hpp"
#include "robo/strategy/sma_crossover.hpp"

using namespace robo;
using namespace robo::strategy;
using ::testing::HasSubstr;

namespace {
std::string refusal(const std::string& spec) {
    try {
        make_strategy(parse_strategy_spec(spec));
    } catch (const ConstraintError& e) {
        return std::string("constraint: ") + e.what();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "accepted";
}

StrategyInfo minimal(std::string name) {
    return {.name = std::move(name),
            .description = "test",
            .params = {{"n", ParamType::integer, 3, 1, 9, "n"}},
            .make = [](const ParamValues&) { return std::make_unique<SmaCrossover>(); }};
}
}  // namespace

TEST(Schema, TheFourBuiltInsAreRegisteredUnderTheirNamesAndAliases) {
    EXPECT_EQ(strategy_names(),
              (std::vector<std::string>{"breakout", "mean_reversion", "momentum", "sma_crossover"}));
    ASSERT_NE(find_strategy("sma"), nullptr);
    EXPECT_EQ(find_strategy("sma")->name, "sma_crossover");
    EXPECT_EQ(find_strategy("nope"), nullptr);
    EXPECT_EQ(parse_strategy_spec("sma:fast=3,slow=9").name, "sma_crossover");
}

TEST(Schema, DefaultsComeFromTheSchemaAlone) {
    const ParamValues d = default_values(*find_strategy("momentum"));
    const MomentumParams m = MomentumParams::defaults();
    EXPECT_EQ(m.rsi, 14);
    EXPECT_EQ(m.macd_slow, 26);
    EXPECT_EQ(m.values(), d);
    EXPECT_EQ(SmaCrossoverParams::defaults().fast, 10);
    EXPECT_EQ(SmaCrossoverParams::defaults().slow, 30);
    EXPECT_EQ(BreakoutParams::defaults().stop_pct, 0.03);
    EXPECT_EQ(MeanReversionParams::defaults().oversold, 25);
}

TEST(Schema, CheckedValuesFillDefaultsAndReadFlagsAsZeroOrOne) {
    const auto v = checked_values(*find_strategy("breakout"), {{"trail", "yes"}, {"period", "30"}});
    EXPECT_EQ(v.at("trail"), 1);
    EXPECT_EQ(v.at("period"), 30);
    EXPECT_EQ(v.at("exit_period"), 10);
    EXPECT_EQ(v.size(), find_strategy("breakout")->params.size());
}

TEST(Schema, OutOfBoundsBadTextAndUnknownNamesNameStrategyParameterValueAndExpectation) {
    EXPECT_EQ(refusal("sma_crossover:fast=0"),
              "strategy sma_crossover: parameter fast=\"0\" must be a whole number from 1 to 10000");
    EXPECT_EQ(refusal("sma_crossover:fast=2.5"),
              "strategy sma_crossover: parameter fast=\"2.5\" must be a whole number from 1 to 10000");
    EXPECT_EQ(refusal("breakout:stop_pct=abc"),
              "strategy breakout: parameter stop_pct=\"abc\" must be a number from 0.0001 to 0.99");
    EXPECT_EQ(refusal("breakout:trail=maybe"),
              "strategy breakout: parameter trail=\"maybe\" must be true or false");
    EXPECT_THAT(refusal("breakout:perod=10"),
                HasSubstr("strategy breakout: unknown parameter \"perod\" (known: "));
    EXPECT_THAT(refusal("nope"), HasSubstr("unknown strategy \"nope\""));
    EXPECT_THROW(checked_numbers(*find_strategy("sma_crossover"), {{"fast", 1.5}}), std::invalid_argument);
}

TEST(Schema, ValidValuesThatCannotWorkTogetherAreAConstraintError) {
    EXPECT_THAT(refusal("sma_crossover:fast=30,slow=30"),
                HasSubstr("constraint: sma_crossover: need fast < slow"));
    EXPECT_THAT(refusal("momentum:macd_fast=30"),
                HasSubstr("constraint: momentum: need macd_fast < macd_slow"));
    EXPECT_THAT(refusal("momentum:overbought=50"), HasSubstr("constraint: momentum: need 0 < oversold < 50"));
    EXPECT_THAT(refusal("mean_reversion:oversold=0"), HasSubstr("constraint: mean_reversion"));
    // Out of bounds is not a constraint: a sweep must not silently skip a typo.
    EXPECT_EQ(refusal("momentum:overbought=101").rfind("constraint", 0), std::string::npos);
}

TEST(Schema, ABuiltInBuiltDirectlyIsCheckedAgainstTheSameSchema) {
    auto p = SmaCrossoverParams::defaults();
    p.fast = 0;
    EXPECT_THROW(SmaCrossover{p}, std::invalid_argument);
    p.fast = 40;
    EXPECT_THROW(SmaCrossover{p}, ConstraintError);
}

TEST(Schema, ADuplicateNameOrAliasIsRefused) {
    EXPECT_THROW(register_strategy(minimal("sma_crossover")), std::invalid_argument);
    EXPECT_THROW(register_strategy(minimal("sma")), std::invalid_argument);
    auto alias_taken = minimal("schema_test_alias_taken");
    alias_taken.aliases = {"momentum"};
    EXPECT_THROW(register_strategy(alias_taken), std::invalid_argument);
    EXPECT_EQ(find_strategy("schema_test_alias_taken"), nullptr);
}

TEST(Schema, ADeclarationWithADefaultOutsideItsBoundsIsRefused) {
    auto bad = minimal("schema_test_bad_default");
    bad.params[0].default_value = 10;
    EXPECT_THROW(register_strategy(bad), std::invalid_argument);
    auto reserved = minimal("schema_test_reserved");
    reserved.params[0].name = "weight";
    EXPECT_THROW(register_strategy(reserved), std::invalid_argument);
    EXPECT_EQ(find_strategy("schema_test_bad_default"), nullptr);
}
