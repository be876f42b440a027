// tests/web/child_session.hpp — `robo_trader run` as a child process whose stdout a test
// reads line by line (to learn the dashboard's address), stopped with SIGTERM.
#pragma once
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "support/isolation.hpp"

#include <array>
#include <cstdio>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace robo::test {

// The session as a child process whose stdout we read line by line.
class ChildSession {
public:
    explicit ChildSession(std::vector<std::string> args) {
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(fds[1]);
        out_ = fdopen(fds[0], "r");
    }
    ~ChildSession() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (drain_.joinable()) drain_.join();  // the pipe is at its end once the child is gone
        if (out_) fclose(out_);
    }
    // Reads lines until one matches; returns the first capture group ("" at end of output).
    // The rest of the output is then read by a thread of its own, so a session that keeps
    // writing never blocks on a full pipe, and output() has it for a failure message.
    std::string wait_for(const std::regex& re, std::string& seen) {
        std::array<char, 4096> buf{};
        while (fgets(buf.data(), buf.size(), out_)) {
            seen += buf.data();
            std::cmatch m;
            if (std::regex_search(buf.data(), m, re)) {
                drain_ = std::thread([this] {
                    std::array<char, 4096> line{};
                    while (fgets(line.data(), line.size(), out_)) {
                        std::lock_guard lock(mutex_);
                        rest_ += line.data();
                    }
                });
                return m[1];
            }
        }
        return {};
    }
    // Graceful stop (SIGTERM), then the exit code.
    int stop() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        if (drain_.joinable()) drain_.join();
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    // What the session wrote after the line wait_for() matched (all of it once stopped).
    std::string output() const {
        std::lock_guard lock(mutex_);
        return rest_;
    }

private:
    pid_t pid_ = -1;
    FILE* out_ = nullptr;
    std::thread drain_;
    mutable std::mutex mutex_;
    std::string rest_;
};

}  // namespace robo::test
