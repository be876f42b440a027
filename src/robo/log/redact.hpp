// log/redact.hpp — what never reaches a log line in clear: values under keys that name
// secrets, account ids, and "secret=value" spellings inside free text.
//
// Secret keys (case-insensitive, ignoring '_', '-' and spaces): anything containing
// password, passwd, passphrase, token, secret, apikey, credential, privatekey or
// authorization. Account keys: "account", "acct", and keys ending in "account",
// "accountid" or "accountnumber". Their values (of any type, nested objects included)
// become "[REDACTED]". In every string, at any depth, IBKR account ids (U1234567,
// DU1234567, F/DF advisor ids: an optional D, then U or F, then 5 to 9 digits, standing
// alone as a word) become "[ACCOUNT]", and "password=..." / "token: ..." spellings lose
// their value. Used by the logger on every event; never by callers.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace robo::log {

inline constexpr std::string_view redacted_marker = "[REDACTED]";
inline constexpr std::string_view account_marker = "[ACCOUNT]";

bool is_secret_key(std::string_view key) noexcept;
bool is_account_key(std::string_view key) noexcept;

// Returns text with account ids and inline secret values replaced.
std::string redact_text(std::string_view text);
// Redacts a JSON value in place, recursively.
void redact(nlohmann::json& value);

}  // namespace robo::log
