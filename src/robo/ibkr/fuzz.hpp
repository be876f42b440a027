// ibkr/fuzz.hpp — the decoder's fuzz entry point: arbitrary bytes in, no crash out.
//
// Feeds the bytes to a FrameSplitter and every complete payload to both decoders, the way
// the client and the simulator do. The only acceptable outcomes are a decoded message, an
// Unknown* message, a DecodeError or a FrameError (after which a real connection closes).
// Used by the rapidcheck property in tests/ibkr and by fuzz/ (libFuzzer, optional).
#pragma once
#include <cstddef>
#include <string_view>

namespace robo::ibkr {

struct FuzzOutcome {
    std::size_t frames = 0, decoded = 0, unknown = 0, decode_errors = 0;
    bool frame_error = false;
};

FuzzOutcome fuzz_decode(std::string_view bytes);

}  // namespace robo::ibkr
