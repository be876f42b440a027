// tests/config/config_helpers.hpp — load a configuration from text, as a user would write
// it, without touching the process environment or the working directory.
#pragma once
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "robo/config/loader.hpp"

namespace robo::test {

// A fresh directory per use, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("robo_cfg_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        auto p = path_ / name;
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

private:
    std::filesystem::path path_;
};

struct Sources {
    std::string dotenv;
    std::string toml;
    std::vector<std::pair<std::string, std::string>> environment;
    std::vector<std::string> flags;
};

inline config::LoadResult load_from(const Sources& s) {
    TempDir dir;
    config::LoadOptions o;
    o.env_file = dir.write(".env", s.dotenv);
    o.config_file = dir.write("config.toml", s.toml);
    o.environment = s.environment;
    o.overrides = s.flags;
    return config::load(o);
}

inline config::LoadResult load_dotenv(const std::string& text) { return load_from({.dotenv = text}); }
inline config::LoadResult load_env(std::vector<std::pair<std::string, std::string>> vars) {
    return load_from({.environment = std::move(vars)});
}

inline std::string all_messages(const config::LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics) out += d.message + "\n";
    return out;
}

// The one error about `variable`; fails the test when there is not exactly one.
inline std::string error_about(const config::LoadResult& r, const std::string& variable) {
    std::vector<std::string> found;
    for (const auto& d : r.diagnostics)
        if (d.severity == config::Diagnostic::Severity::error && d.variable == variable)
            found.push_back(d.message);
    EXPECT_EQ(found.size(), 1u) << "errors about " << variable << ":\n" << all_messages(r);
    return found.empty() ? std::string() : found.front();
}

inline bool has_error_about(const config::LoadResult& r, const std::string& variable) {
    return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const auto& d) {
        return d.severity == config::Diagnostic::Severity::error && d.variable == variable;
    });
}

}  // namespace robo::test
