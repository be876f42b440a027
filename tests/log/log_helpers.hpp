// tests/log/log_helpers.hpp — capture what the logger writes, and temp directories.
#pragma once
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "robo/log/log.hpp"

namespace robo::test {

// Collects finished lines; configures the logger to send them here.
class CapturedLog {
public:
    explicit CapturedLog(log::Format format, log::Level level = log::Level::trace, bool async = true) {
        log::LogOptions o;
        o.format = format;
        o.level = level;
        o.async = async;
        o.line_sink = [this](std::string_view line) {
            std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        };
        log::configure(o);
    }
    ~CapturedLog() { log::configure(log::LogOptions{.async = false}); }
    std::vector<std::string> lines() {
        log::flush();
        std::lock_guard lock(mutex_);
        return lines_;
    }
    std::string all() {
        std::string out;
        for (const auto& l : lines()) out += l + "\n";
        return out;
    }

private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("robo_log_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::vector<std::string> read_lines(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}

inline void write_lines(const std::filesystem::path& p, const std::vector<std::string>& lines) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
}

}  // namespace robo::test
