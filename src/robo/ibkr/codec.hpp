// ibkr/codec.hpp — whole messages: encode a typed message to a frame, decode a payload to
// a typed message, and the two handshake messages that are not id-led.
//
// decode_server()/decode_client() throw DecodeError (naming message and field) on any
// malformed payload and return Unknown* for ids we do not model, so a caller can count
// and skip those. They never read outside the payload.
#pragma once
#include <string>
#include <string_view>

#include "robo/ibkr/requests.hpp"

namespace robo::ibkr {

template <class M>
void encode_fields(FieldWriter& w, const M& m) {
    w.add(M::id);
    if constexpr (M::version >= 0) w.add(M::version);
    FieldOut out{w};
    const_cast<M&>(m).visit(out);  // FieldOut only reads the fields
}

// One complete frame (length prefix included).
template <class M>
std::string encode(const M& m) {
    FieldWriter w;
    encode_fields(w, m);
    return w.finish();
}

ServerMessage decode_server(std::string_view payload);
ClientMessage decode_client(std::string_view payload);

// Message id of a payload, or -1 when unreadable (for logs and counters).
int peek_message_id(std::string_view payload) noexcept;

// Handshake, §1. The client's opening bytes: "API\0" + frame("v<min>..<max>[ options]").
std::string encode_client_hello(int min_version = kMinClientVersion, int max_version = kServerVersion,
                                std::string_view options = {});
struct ClientHello {
    int min_version = 0, max_version = 0;
    std::string options;
};
// Parses the framed version text (after "API\0"); tolerates a trailing NUL.
ClientHello parse_client_hello(std::string_view payload);

// The server's reply: exactly two fields, version and connection time.
struct ServerHello {
    int server_version = kServerVersion;
    std::string connection_time;  // "yyyyMMdd HH:mm:ss <zone>", opaque
};
std::string encode_server_hello(const ServerHello& h);
ServerHello decode_server_hello(std::string_view payload);

}  // namespace robo::ibkr
