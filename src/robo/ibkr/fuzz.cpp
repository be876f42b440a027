// ibkr/fuzz.cpp — see fuzz.hpp.
#include "robo/ibkr/fuzz.hpp"

#include "robo/ibkr/codec.hpp"

namespace robo::ibkr {

FuzzOutcome fuzz_decode(std::string_view bytes) {
    FuzzOutcome out;
    FrameSplitter splitter;
    // Odd-sized chunks exercise frames split across reads.
    for (std::size_t i = 0; i < bytes.size(); i += 7) {
        splitter.append(bytes.data() + i, std::min<std::size_t>(7, bytes.size() - i));
        try {
            while (auto payload = splitter.next()) {
                ++out.frames;
                for (int direction = 0; direction < 2; ++direction) {
                    try {
                        bool unknown = direction == 0
                                           ? std::holds_alternative<UnknownMessage>(decode_server(*payload))
                                           : std::holds_alternative<UnknownRequest>(decode_client(*payload));
                        ++(unknown ? out.unknown : out.decoded);
                    } catch (const DecodeError&) {
                        ++out.decode_errors;
                    }
                }
            }
        } catch (const FrameError&) {
            out.frame_error = true;
            return out;  // a real connection closes here
        }
    }
    return out;
}

}  // namespace robo::ibkr
