// tests/support/config.hpp — the configuration a test runs with: defaults and the test's
// own settings only, never the developer's environment, .env or config.toml.
#pragma once
#include "robo/config/loader.hpp"

namespace robo::test {

inline config::LoadResult config_without_environment() {
    config::LoadOptions lo;
    lo.environment = {};
    return config::load(lo);
}

}  // namespace robo::test
