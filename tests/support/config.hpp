// tests/support/config.hpp — the configuration a test runs with: defaults and the test's
// own settings only, never the developer's environment, .env or config.toml.
#pragma once
#include <string>
#include <vector>

#include "robo/config/loader.hpp"

namespace robo::test {

// overrides: "KEY=VALUE", as `--set` gives them.
inline config::LoadResult config_without_environment(std::vector<std::string> overrides = {}) {
    config::LoadOptions lo;
    lo.environment = {};
    lo.overrides = std::move(overrides);
    return config::load(lo);
}

}  // namespace robo::test
