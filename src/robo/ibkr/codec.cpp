// ibkr/codec.cpp — message dispatch by id for both directions (see codec.hpp).
#include "robo/ibkr/codec.hpp"

#include <utility>

namespace robo::ibkr {

namespace {

template <class M>
M decode_body(FieldReader& r) {
    r.set_message(M::id, M::name);
    M m;
    if constexpr (M::version >= 0) r.i32("version");
    FieldIn in{r};
    m.visit(in);
    r.expect_end();
    return m;
}

// Finds the alternative of Variant whose static id matches, skipping alternative 0 (Unknown).
template <class Variant, std::size_t... I>
Variant dispatch(int id, FieldReader& r, std::index_sequence<I...>) {
    Variant out;
    bool found = ((std::variant_alternative_t<I + 1, Variant>::id == id
                       ? (out = decode_body<std::variant_alternative_t<I + 1, Variant>>(r), true)
                       : false) ||
                  ...);
    if (!found) out = std::variant_alternative_t<0, Variant>{id};
    return out;
}

template <class Variant>
Variant decode_any(std::string_view payload) {
    FieldReader r(payload);
    r.set_message(0, "(message id)");
    int id = r.i32("messageId");
    return dispatch<Variant>(id, r, std::make_index_sequence<std::variant_size_v<Variant> - 1>{});
}

}  // namespace

ServerMessage decode_server(std::string_view payload) { return decode_any<ServerMessage>(payload); }
ClientMessage decode_client(std::string_view payload) { return decode_any<ClientMessage>(payload); }

int peek_message_id(std::string_view payload) noexcept {
    auto nul = payload.find('\0');
    if (nul == std::string_view::npos) return -1;
    int64_t v = 0;
    if (!parse_int(payload.substr(0, nul), v) || v < 0 || v > 100000) return -1;
    return static_cast<int>(v);
}

std::string encode_client_hello(int min_version, int max_version, std::string_view options) {
    // Built by appending: g++ 12 warns falsely (-Wrestrict) on "v" + std::to_string(...).
    std::string text(1, 'v');
    text.append(std::to_string(min_version));
    if (min_version != max_version) text.append("..").append(std::to_string(max_version));
    if (!options.empty()) text.append(1, ' ').append(options);
    std::string out("API\0", 4);
    uint32_t n = static_cast<uint32_t>(text.size());
    out += static_cast<char>(n >> 24), out += static_cast<char>(n >> 16);
    out += static_cast<char>(n >> 8), out += static_cast<char>(n);
    return out + text;
}

ClientHello parse_client_hello(std::string_view payload) {
    auto bad = [&](const char* what) -> ClientHello {
        throw DecodeError(0, "version",
                          std::string("ibkr handshake: expected \"v<min>..<max>\", ") + what + " in \"" +
                              std::string(payload.substr(0, 40)) + "\"");
    };
    if (!payload.empty() && payload.back() == '\0') payload.remove_suffix(1);
    ClientHello h;
    auto space = payload.find(' ');
    if (space != std::string_view::npos) {
        h.options = std::string(payload.substr(space + 1));
        payload = payload.substr(0, space);
    }
    if (payload.empty() || payload[0] != 'v') return bad("no leading 'v'");
    payload.remove_prefix(1);
    auto dots = payload.find("..");
    int64_t lo = 0, hi = 0;
    if (dots == std::string_view::npos) {
        if (!parse_int(payload, lo)) return bad("bad version");
        hi = lo;
    } else if (!parse_int(payload.substr(0, dots), lo) || !parse_int(payload.substr(dots + 2), hi)) {
        return bad("bad version range");
    }
    if (lo < 1 || hi < lo || hi > 100000) return bad("an impossible range");
    h.min_version = static_cast<int>(lo);
    h.max_version = static_cast<int>(hi);
    return h;
}

std::string encode_server_hello(const ServerHello& h) {
    FieldWriter w;
    w.add(h.server_version);
    w.add(h.connection_time);
    return w.finish();
}

ServerHello decode_server_hello(std::string_view payload) {
    FieldReader r(payload);
    r.set_message(0, "(handshake reply)");
    ServerHello h;
    h.server_version = r.i32("serverVersion");
    h.connection_time = std::string(r.text("connectionTime"));
    r.expect_end();
    return h;
}

}  // namespace robo::ibkr
