// Properties: any single removal (except the last record, which no chain can show), any
// swap, or any change of one character in a record is found by verify; and no secret
// value under a secret key ever reaches a line.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "log_helpers.hpp"
#include "robo/log/audit_trail.hpp"
#include "robo/log/format.hpp"
#include "robo/log/redact.hpp"

using namespace robo::test;

namespace {
std::vector<std::string> fresh_trail(const TempDir& dir, int n) {
    auto file = dir.path() / "a.jsonl";
    std::filesystem::remove(file);
    {
        // Closed before reading: FsyncPolicy::none writes on the trail's own thread.
        robo::log::AuditTrail trail(file, robo::log::FsyncPolicy::none);
        for (int i = 0; i < n; ++i) trail.record("risk_rejected", {{"i", i}, {"reason", "heat"}});
    }
    return read_lines(file);
}
bool verifies(const TempDir& dir, const std::vector<std::string>& lines) {
    auto file = dir.path() / "t.jsonl";
    write_lines(file, lines);
    return robo::log::verify_audit_file(file).ok();
}
}  // namespace

RC_GTEST_PROP(AuditProperties, AnyTamperingBeforeTheLastRecordIsFound, ()) {
    TempDir dir;
    const int n = *rc::gen::inRange(3, 12);
    auto lines = fresh_trail(dir, n);
    RC_ASSERT(verifies(dir, lines));

    auto removed = lines;
    removed.erase(removed.begin() + *rc::gen::inRange(0, n - 1));
    RC_ASSERT(!verifies(dir, removed));

    auto swapped = lines;
    const int a = *rc::gen::inRange(0, n - 1);
    std::swap(swapped[a], swapped[a + 1]);
    RC_ASSERT(!verifies(dir, swapped));

    auto edited = lines;
    auto& line = edited[*rc::gen::inRange(0, n)];
    const auto pos = *rc::gen::inRange<std::size_t>(0, line.size());
    const char replacement = *rc::gen::inRange<char>(' ', '~');
    RC_PRE(line[pos] != replacement);
    line[pos] = replacement;
    RC_ASSERT(!verifies(dir, edited));
}

RC_GTEST_PROP(RedactionProperties, SecretUnderASecretKeyNeverAppears, ()) {
    const std::string secret =
        "Z9" + *rc::gen::container<std::string>(*rc::gen::inRange(4, 20), rc::gen::inRange<char>('a', 'z'));
    const std::string key = *rc::gen::element<std::string>("password", "api_key", "X-Auth-Token",
                                                           "clientSecret", "credential", "account");
    robo::log::Fields f = {{"outer", {{key, secret}}}, {"list", {{{key, secret}}}}};
    robo::log::redact(f);
    const auto ts = robo::wall_now();
    RC_ASSERT(robo::log::format_json(ts, robo::log::Level::info, "c", "e", f).find(secret) ==
              std::string::npos);
    RC_ASSERT(robo::log::format_text(ts, robo::log::Level::info, "c", "e", f).find(secret) ==
              std::string::npos);
}
