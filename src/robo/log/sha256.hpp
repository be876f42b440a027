// log/sha256.hpp — SHA-256 as lowercase hex, for the audit trail's hash chain.
// A thin wrapper over OpenSSL's EVP interface (libssl-dev); never hand-rolled.
#pragma once
#include <string>
#include <string_view>

namespace robo::log {

// 64 lowercase hex digits. Throws std::runtime_error if OpenSSL fails (out of memory).
std::string sha256_hex(std::string_view data);

}  // namespace robo::log
