// fuzz/ibkr_decoder_fuzz.cpp — libFuzzer target for the TWS wire decoder.
//
// Arbitrary bytes go through the frame splitter and both decoders exactly as a client's
// or the simulator's socket would feed them (robo::ibkr::fuzz_decode). Any crash, hang,
// sanitizer report or uncaught exception is a bug: the decoder must answer garbage with a
// DecodeError or a FrameError, never anything else. Built and run by scripts/fuzz.sh
// (`make fuzz`) with clang's -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "robo/ibkr/fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    robo::ibkr::fuzz_decode(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
