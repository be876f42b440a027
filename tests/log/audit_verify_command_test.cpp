// `robo_trader audit verify` from the library (log/audit_verify.hpp): an intact chain, a
// tampered record and a missing file, each with its exit status and words.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "robo/log/audit_trail.hpp"
#include "robo/log/audit_verify.hpp"

namespace robo::log {
namespace {

namespace fs = std::filesystem;

TEST(AuditVerifyCommand, IntactTamperedAndMissing) {
    const fs::path file = fs::temp_directory_path() / ("robo_audit_verify_cmd_" + std::to_string(::getpid()));
    fs::remove(file);
    {
        AuditTrail trail(file);
        trail.record("order_submitted", {{"client_id", "a-1"}, {"quantity", "10"}});
        trail.record("order_submitted", {{"client_id", "a-2"}, {"quantity", "20"}});
    }
    std::ostringstream out, err;
    EXPECT_EQ(verify_audit_command(file, out, err), 0) << err.str();
    EXPECT_NE(out.str().find("2 records, chain intact"), std::string::npos) << out.str();

    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    text.replace(text.find("\"20\""), 4, "\"99\"");
    std::ofstream(file) << text;
    std::ostringstream out2, err2;
    EXPECT_EQ(verify_audit_command(file, out2, err2), 1);
    EXPECT_NE(out2.str().find("tampered with or damaged"), std::string::npos) << out2.str();

    fs::remove(file);
    std::ostringstream out3, err3;
    EXPECT_EQ(verify_audit_command(file, out3, err3), 2);
    EXPECT_FALSE(err3.str().empty());
}

}  // namespace
}  // namespace robo::log
