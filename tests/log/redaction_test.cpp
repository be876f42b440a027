// Secrets and account ids never reach a log line in clear, in either format, whatever the
// caller passes.
#include "log_helpers.hpp"
#include "robo/log/redact.hpp"

using namespace robo::test;
using robo::log::Format;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

// Every way a caller might hand the logger a secret.
const char* const kSecrets[] = {"hunter2-pw", "tok-abc123", "sk-live-XYZ", "shh-secret",
                                "cred-77",    "DU1234567",  "U7654321",    "F1234567",
                                "bearer-tok", "apikey-99",  "nested-pw"};

void log_every_kind_of_secret() {
    robo::log::info("ibkr", "connected",
                    {{"password", "hunter2-pw"},
                     {"Auth_Token", "tok-abc123"},
                     {"api key", "sk-live-XYZ"},
                     {"clientSecret", "shh-secret"},
                     {"credentials", {{"user", "bob"}, {"value", "cred-77"}}},
                     {"account", "DU1234567"},
                     {"note", "filled for U7654321 on F1234567, see log"},
                     {"header", "Authorization: Bearer bearer-tok"},
                     {"query", "symbol=AAPL&apiKey=apikey-99"},
                     {"orders", {{{"id", 1}, {"broker", {{"login_password", "nested-pw"}}}}}}});
    robo::log::warn("order", "rejected DU1234567");  // even in the event name
}

}  // namespace

TEST(Redaction, NoSecretAppearsInAnyJsonLine) {
    CapturedLog log(Format::json);
    log_every_kind_of_secret();
    const std::string out = log.all();
    for (const char* s : kSecrets) EXPECT_THAT(out, Not(HasSubstr(s))) << s;
    EXPECT_THAT(out, HasSubstr("[REDACTED]"));
    EXPECT_THAT(out, HasSubstr("[ACCOUNT]"));
}

TEST(Redaction, NoSecretAppearsInAnyTextLine) {
    CapturedLog log(Format::text);
    log_every_kind_of_secret();
    const std::string out = log.all();
    for (const char* s : kSecrets) EXPECT_THAT(out, Not(HasSubstr(s))) << s;
}

TEST(Redaction, SynchronousDeliveryRedactsToo) {
    CapturedLog log(Format::json, robo::log::Level::trace, /*async=*/false);
    log_every_kind_of_secret();
    const std::string out = log.all();
    for (const char* s : kSecrets) EXPECT_THAT(out, Not(HasSubstr(s))) << s;
}

TEST(Redaction, OrdinaryFieldsStayReadable) {
    CapturedLog log(Format::json);
    robo::log::info("risk", "check",
                    {{"symbol", "AAPL"},
                     {"currency", "USD"},
                     {"order_id", "U12"},
                     {"account_value", 100000},
                     {"tokens_used", 3},
                     {"msg", "DUNE1234567 and XU1234567 are not accounts"}});
    auto j = nlohmann::json::parse(log.lines().at(0))["fields"];
    EXPECT_EQ(j["symbol"], "AAPL");
    EXPECT_EQ(j["currency"], "USD");
    EXPECT_EQ(j["order_id"], "U12");
    EXPECT_EQ(j["account_value"], 100000);
    EXPECT_EQ(j["msg"], "DUNE1234567 and XU1234567 are not accounts");
}

TEST(Redaction, SecretKeysAreRecognisedInEverySpelling) {
    for (const char* key : {"password", "PASSWORD", "db_passwd", "apiKey", "API_KEY", "api-key", "x-api key",
                            "refresh_token", "client_secret", "Credential", "private_key", "Authorization"})
        EXPECT_TRUE(robo::log::is_secret_key(key)) << key;
    for (const char* key : {"symbol", "price", "event", "quantity", "keyboard"})
        EXPECT_FALSE(robo::log::is_secret_key(key)) << key;
    for (const char* key : {"account", "Account", "account_id", "accountId", "ibkr_account", "acct"})
        EXPECT_TRUE(robo::log::is_account_key(key)) << key;
}

TEST(Redaction, AccountIdsInsideTextAreReplaced) {
    EXPECT_EQ(robo::log::redact_text("DU1234567 bought; U1234567."), "[ACCOUNT] bought; [ACCOUNT].");
    EXPECT_EQ(robo::log::redact_text("password = abc def"), "password = [REDACTED] def");
    EXPECT_EQ(robo::log::redact_text("GET /q?api_key=abc123&x=1"), "GET /q?api_key=[REDACTED]&x=1");
    EXPECT_EQ(robo::log::redact_text("X-Api-Key: k-99"), "X-Api-Key: [REDACTED]");
}

// The inline scan lowers ASCII itself (no <cctype> call a byte) and skips bytes that start no
// secret word: every word, in every case, after plain and non-ASCII bytes, is still found.
TEST(Redaction, InlineSecretsAreFoundInAnyCaseBesideAnyByte) {
    const char* words[] = {"password",    "passwd",        "passphrase", "token",      "secret",
                           "apikey",      "api_key",       "api-key",    "credential", "privatekey",
                           "private_key", "authorization", "x-api-key"};
    auto upper = [](std::string s) {
        for (auto& c : s) c = (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
        return s;
    };
    auto alternate = [](std::string s) {
        for (size_t i = 0; i < s.size(); i += 2)
            s[i] = (s[i] >= 'a' && s[i] <= 'z') ? char(s[i] - 'a' + 'A') : s[i];
        return s;
    };
    for (std::string word : words) {
        for (const std::string& spelled : {word, upper(word), alternate(word)}) {
            for (std::string prefix : {"", "note ", "\xc3\xa9t\xc3\xa9 ", "\xff\x80;", "[Z] "}) {
                const std::string text = prefix + spelled + "=v-1 rest";
                EXPECT_EQ(robo::log::redact_text(text), prefix + spelled + "=[REDACTED] rest") << text;
            }
        }
    }
    // Bytes with the high bit set are never letters: a lookalike stays as written.
    const std::string lookalike = "p\xc3\xa1ssword=v rest";
    EXPECT_EQ(robo::log::redact_text(lookalike), lookalike);
}
