// log/sha256.hpp — SHA-256 as lowercase hex, for the audit trail's hash chain.
// A thin wrapper over GNU Nettle's sha256 (nettle-dev), which uses the CPU's SHA
// instructions where there are any; never hand-rolled.
#pragma once
#include <string>
#include <string_view>

namespace robo::log {

// 64 lowercase hex digits. Does not fail: Nettle's hash allocates nothing.
std::string sha256_hex(std::string_view data);

}  // namespace robo::log
