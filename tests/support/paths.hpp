// tests/support/paths.hpp — where tests find the repository, the bundled sample and the
// full shared data set. Tests that need ../shared/data call shared_data_or_skip(), which
// skips with a visible message on a user's clone that has no ../shared (CI always has it).
#pragma once
#include <gtest/gtest.h>
#include "support/isolation.hpp"

#include <filesystem>
#include <string>

namespace robo::test {

inline std::filesystem::path source_dir() { return ROBO_SOURCE_DIR; }
inline std::filesystem::path sample_dir() { return source_dir() / "data" / "sample"; }
inline std::filesystem::path binary() { return ROBO_BINARY; }
inline std::filesystem::path build_dir() { return ROBO_BUILD_DIR; }
inline std::filesystem::path shared_data_dir() {
    if (const char* env = std::getenv("ROBO_SHARED_DATA")) return env;
    return source_dir().parent_path() / "shared" / "data";
}

}  // namespace robo::test

// Use at the top of a test body.
#define ROBO_REQUIRE_SHARED_DATA()                                                         \
    do {                                                                                   \
        if (!std::filesystem::exists(::robo::test::shared_data_dir() / "daily"))           \
            GTEST_SKIP() << "shared data not found at " << ::robo::test::shared_data_dir() \
                         << " (set ROBO_SHARED_DATA); skipping";                           \
    } while (0)
