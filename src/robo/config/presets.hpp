// config/presets.hpp — what ENVIRONMENT changes: preset defaults per environment, and the
// limits production refuses to run beyond.
//
// A preset value replaces a built-in default only; anything set in a file, the
// environment or a flag wins over it. Production limits are rules, not defaults: a value
// beyond them is an error in production wherever it came from.
#pragma once
#include <span>
#include <string_view>

#include "robo/config/config.hpp"

namespace robo::config {

struct PresetValue {
    Environment environment;
    std::string_view name;
    std::string_view value;
    std::string_view why;
};

// A numeric option's ceiling, or a choice option's required value, in production.
struct ProductionRule {
    std::string_view name;
    double max = 0;             // used when `required` is empty
    std::string_view required;  // the only accepted value, for choices
    std::string_view why;
};

std::span<const PresetValue> presets() noexcept;
std::span<const ProductionRule> production_rules() noexcept;

}  // namespace robo::config
