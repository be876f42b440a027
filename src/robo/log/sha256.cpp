#include "robo/log/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace robo::log {

namespace {
// The algorithm fetched from the default provider once. EVP_sha256() makes OpenSSL 3 look
// it up again on every digest (locks and a provider query: more work than hashing an audit
// line). The fetched object is immutable and safe to share between threads; it lives as
// long as the process.
const EVP_MD* fetched_sha256() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!md) throw std::runtime_error("sha256: OpenSSL has no SHA256 in its default provider");
    return md;
}
}  // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, fetched_sha256(), nullptr) != 1)
        throw std::runtime_error("sha256: OpenSSL EVP_Digest failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0x0f]);
    }
    return out;
}

}  // namespace robo::log
