// log/audit_verify.hpp — `robo_trader audit verify FILE`: the hash chain's verification
// (verify_audit_file, audit_trail.hpp) with one line per problem and a verdict.
#pragma once
#include <filesystem>
#include <iosfwd>

namespace robo::log {

// 0: the chain is intact; 1: a problem found (each on `out` with its line); 2: the file
// cannot be read (on `err`).
int verify_audit_command(const std::filesystem::path& file, std::ostream& out, std::ostream& err);

}  // namespace robo::log
