// session/session_text.hpp — a session in words, for terminals and notebooks: what the
// data held and what of it the session will not use, the banner (strategies, sizing,
// costs, policy, a tripped kill switch), and the outcome (metrics, the per-symbol table,
// the trader's and the gate's counts, the files written). The CLI prints these; so can the
// Python package, so every front end says the same thing.
#pragma once
#include <cstdint>
#include <string>

#include "robo/session/builder.hpp"

namespace robo::session {

std::string describe_data(const SessionBuilder& b);
std::string describe_start(SessionBuilder& b);  // after assemble()
std::string describe_outcome(SessionBuilder& b, const Outcome& o);
// 1234567 -> "1,234,567".
std::string with_commas(uint64_t n);

}  // namespace robo::session
