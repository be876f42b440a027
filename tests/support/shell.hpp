// tests/support/shell.hpp — runs a command line through the shell, as a user would type it.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/isolation.hpp"

namespace robo::test {

struct ShellResult {
    int status = -1;  // exit status; -1 when it could not start or did not exit normally
    std::string out;  // stdout and stderr together
};

inline ShellResult run_shell(const std::string& command_line) {
    ShellResult r;
    const std::string cmd = command_line + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int raw = ::pclose(pipe);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
}

}  // namespace robo::test
