// `megatron admin` run as a user would, against a real SQLite file.
#include "support/environment.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace megatron::test {
namespace {

class Admin : public ::testing::Test {
  protected:
    ProcessResult admin(std::vector<std::string> args) {
        args.insert(args.begin(), "admin");
        return run(megatron_binary(), args, {{"DATABASE_URL", "sqlite:///admin.db"}}, dir_.path());
    }
    std::string database_bytes() const {
        std::ifstream in(dir_.path() + "/admin.db", std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::ifstream wal(dir_.path() + "/admin.db-wal", std::ios::binary);
        ss << wal.rdbuf();
        return ss.str();
    }
    static std::string token_in(const std::string& output) {
        std::smatch m;
        std::regex re("token[^:]*: ([0-9a-f]{40})");
        return std::regex_search(output, m, re) ? m[1].str() : "";
    }
    TempDir dir_;
};

TEST_F(Admin, CreateOrganizationPrintsTheApiTokenOnceAndStoresOnlyItsHash) {
    auto created =
        admin({"org", "create", "--name", "Acme", "--command-url", "http://bot.example/cmd"});
    ASSERT_EQ(created.exit_code, 0) << created.output;
    auto token = token_in(created.output);
    ASSERT_EQ(token.size(), 40u) << created.output;
    EXPECT_EQ(database_bytes().find(token), std::string::npos);

    auto list = admin({"org", "list"});
    ASSERT_EQ(list.exit_code, 0);
    EXPECT_NE(list.output.find("Acme"), std::string::npos);
    EXPECT_EQ(list.output.find(token), std::string::npos);
}

TEST_F(Admin, DuplicateOrganizationIsOneClearLine) {
    ASSERT_EQ(admin({"org", "create", "--name", "Acme"}).exit_code, 0);
    auto again = admin({"org", "create", "--name", "Acme"});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
    EXPECT_EQ(std::count(again.output.begin(), again.output.end(), '\n'), 1) << again.output;
}

TEST_F(Admin, UnknownOrganizationIsOneClearLine) {
    auto r = admin(
        {"integration", "add", "--org", "Nobody", "--team-id", "T1", "--bot-token", "xoxb-1"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("unknown organization 'Nobody'"), std::string::npos) << r.output;
}

TEST_F(Admin, DuplicateTeamIdIsRefusedWithoutShowingTheToken) {
    ASSERT_EQ(admin({"org", "create", "--name", "Acme"}).exit_code, 0);
    ASSERT_EQ(admin({"integration", "add", "--org", "Acme", "--team-id", "TSUP", "--bot-token",
                     "xoxb-secret-1"})
                  .exit_code,
              0);
    auto dup = admin({"integration", "add", "--org", "Acme", "--team-id", "TSUP", "--bot-token",
                      "xoxb-secret-2"});
    EXPECT_EQ(dup.exit_code, 1);
    EXPECT_NE(dup.output.find("already exists"), std::string::npos) << dup.output;
    EXPECT_EQ(dup.output.find("xoxb-secret"), std::string::npos) << dup.output;
    auto list = admin({"integration", "list", "--org", "Acme"});
    EXPECT_NE(list.output.find("TSUP"), std::string::npos);
}

TEST_F(Admin, WorkspacesAddUpdateAndList) {
    ASSERT_EQ(admin({"org", "create", "--name", "Acme"}).exit_code, 0);
    auto add = admin({"workspace", "add", "--org", "Acme", "--team-id", "TCUST", "--name",
                      "Customer Co", "--domain", "customerco", "--bot-token", "xoxb-c"});
    ASSERT_EQ(add.exit_code, 0) << add.output;
    auto add_again = admin({"workspace", "add", "--org", "Acme", "--team-id", "TCUST", "--name",
                            "X", "--domain", "x", "--bot-token", "xoxb-c"});
    EXPECT_EQ(add_again.exit_code, 1);
    auto update = admin({"workspace", "update", "--org", "Acme", "--team-id", "TCUST", "--name",
                         "Customer Inc", "--domain", "customerinc", "--bot-token", "xoxb-c2"});
    ASSERT_EQ(update.exit_code, 0) << update.output;
    auto update_missing = admin({"workspace", "update", "--org", "Acme", "--team-id", "TNONE",
                                 "--name", "X", "--domain", "x", "--bot-token", "xoxb"});
    EXPECT_EQ(update_missing.exit_code, 1);
    auto list = admin({"workspace", "list", "--org", "Acme"});
    EXPECT_NE(list.output.find("Customer Inc"), std::string::npos) << list.output;
    EXPECT_NE(list.output.find("customerinc"), std::string::npos);
    EXPECT_EQ(list.output.find("xoxb"), std::string::npos);
}

TEST_F(Admin, RotateTokenGivesANewOne) {
    auto created = admin({"org", "create", "--name", "Acme"});
    auto first = token_in(created.output);
    auto rotated = admin({"org", "rotate-token", "--org", "Acme"});
    ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
    auto second = token_in(rotated.output);
    ASSERT_EQ(second.size(), 40u) << rotated.output;
    EXPECT_NE(first, second);
}

// A migrating team keeps the verification token its bot app already checks: read from
// standard input (never an argument), stored, never echoed.
TEST_F(Admin, SetVerificationTokenReadsTheValueFromStandardInput) {
    ASSERT_EQ(admin({"org", "create", "--name", "Acme"}).exit_code, 0);
    auto piped = [&](const std::string& input, const std::string& org) {
        return run(
            "/bin/sh",
            {"-c", "printf '%s' \"$1\" | \"$0\" admin org set-verification-token --org \"$2\"",
             megatron_binary(), input, org},
            {{"DATABASE_URL", "sqlite:///admin.db"}}, dir_.path());
    };
    const std::string value = "the-originals-token-4f1c9e";
    auto set = piped(value + "\n", "Acme");
    ASSERT_EQ(set.exit_code, 0) << set.output;
    EXPECT_NE(set.output.find("verification token of Acme set"), std::string::npos) << set.output;
    EXPECT_EQ(set.output.find(value), std::string::npos) << set.output;
    EXPECT_NE(database_bytes().find(value), std::string::npos);

    auto empty = piped("", "Acme");
    EXPECT_EQ(empty.exit_code, 1);
    EXPECT_NE(empty.output.find("no verification token on standard input"), std::string::npos)
        << empty.output;
    auto unknown = piped("x\n", "Nobody");
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.output.find("unknown organization 'Nobody'"), std::string::npos)
        << unknown.output;
}

// Issue 19: pause on claim and hand back to the bot, off by default; an option not given keeps
// its value; bad values are one clear line.
TEST_F(Admin, OrgSetChangesClaimAndHandBackSettings) {
    ASSERT_EQ(admin({"org", "create", "--name", "Acme"}).exit_code, 0);
    auto on = admin({"org", "set", "--org", "Acme", "--auto-pause-on-claim", "on"});
    ASSERT_EQ(on.exit_code, 0) << on.output;
    EXPECT_NE(on.output.find("Acme: auto_pause_on_claim on, hand_back_minutes 0"),
              std::string::npos)
        << on.output;
    auto minutes = admin({"org", "set", "--org", "Acme", "--hand-back-minutes", "15"});
    ASSERT_EQ(minutes.exit_code, 0) << minutes.output;
    EXPECT_NE(minutes.output.find("auto_pause_on_claim on, hand_back_minutes 15"),
              std::string::npos)
        << minutes.output;
    auto off = admin({"org", "set", "--org", "Acme", "--auto-pause-on-claim", "off",
                      "--hand-back-minutes", "0"});
    EXPECT_NE(off.output.find("auto_pause_on_claim off, hand_back_minutes 0"), std::string::npos)
        << off.output;

    for (const auto& bad : std::vector<std::vector<std::string>>{
             {"org", "set", "--org", "Acme", "--auto-pause-on-claim", "maybe"},
             {"org", "set", "--org", "Acme", "--hand-back-minutes", "-1"},
             {"org", "set", "--org", "Acme"},
             {"org", "set", "--org", "Nobody", "--hand-back-minutes", "5"}}) {
        auto r = admin(bad);
        EXPECT_NE(r.exit_code, 0) << r.output;
        EXPECT_FALSE(r.output.empty());
    }
}

// Threads mode (issue 21): `org set` switches an organization; what cannot work is one line.
TEST_F(Admin, OrgSetSwitchesTheEngagementModeAndRefusesWhatCannotWork) {
    ASSERT_EQ(admin({"org", "create", "--name", "Acme"}).exit_code, 0);
    auto no_channel = admin({"org", "set", "--org", "Acme", "--engagement-mode", "threads"});
    EXPECT_EQ(no_channel.exit_code, 1);
    EXPECT_NE(no_channel.output.find("threads mode needs --support-channel"), std::string::npos)
        << no_channel.output;
    auto bad_mode = admin({"org", "set", "--org", "Acme", "--engagement-mode", "forums"});
    EXPECT_EQ(bad_mode.exit_code, 1);
    EXPECT_NE(bad_mode.output.find("must be channels or threads"), std::string::npos)
        << bad_mode.output;
    auto bad_channel = admin({"org", "set", "--org", "Acme", "--engagement-mode", "threads",
                              "--support-channel", "support desk"});
    EXPECT_EQ(bad_channel.exit_code, 1);
    EXPECT_NE(bad_channel.output.find("channel id (C...) or #name"), std::string::npos)
        << bad_channel.output;

    auto set = admin({"org", "set", "--org", "Acme", "--engagement-mode", "threads",
                      "--support-channel", "#support"});
    ASSERT_EQ(set.exit_code, 0) << set.output;
    EXPECT_NE(set.output.find("engagement mode of Acme: threads in #support (notes start with //)"),
              std::string::npos)
        << set.output;
    auto prefix = admin({"org", "set", "--org", "Acme", "--note-prefix", "note:"});
    ASSERT_EQ(prefix.exit_code, 0) << prefix.output;
    EXPECT_NE(prefix.output.find("threads in #support (notes start with note:)"), std::string::npos)
        << prefix.output;
    auto back = admin({"org", "set", "--org", "Acme", "--engagement-mode", "channels"});
    ASSERT_EQ(back.exit_code, 0) << back.output;
    EXPECT_NE(back.output.find("engagement mode of Acme: channels"), std::string::npos)
        << back.output;
}

TEST_F(Admin, ChannelListOfANewOrganizationIsEmpty) {
    ASSERT_EQ(admin({"org", "create", "--name", "Acme"}).exit_code, 0);
    auto list = admin({"channel", "list", "--org", "Acme"});
    EXPECT_EQ(list.exit_code, 0) << list.output;
    EXPECT_TRUE(list.output.empty()) << list.output;
}

}  // namespace
}  // namespace megatron::test
