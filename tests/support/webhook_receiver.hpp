// tests/support/webhook_receiver.hpp — a webhook receiver on loopback for the alert tests:
// records every request body, and fails the first `failures` requests with 500.
//
// Boost.Beast stays in webhook_receiver.cpp, compiled once into robo_test_support: each
// test file that included the server's templates paid 30-60 s of compile time for them.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace robo::test {

class Receiver {
public:
    explicit Receiver(int failures);
    ~Receiver();
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;

    std::string url() const;
    std::vector<std::string> bodies();
    // The bodies received so far, parsed.
    std::vector<nlohmann::json> alerts();
    int requests();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace robo::test
