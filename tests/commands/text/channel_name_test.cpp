// Engagement channel names: the original's "<prefix><username>_<domain>", within Slack's rules.
#include "commands/text/channel_name.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace megatron::text {
namespace {

bool slack_valid(const std::string& name) {
    static const std::regex rule("^[a-z0-9_-]{1,80}$");
    return std::regex_match(name, rule);
}

TEST(ChannelName, AsTheOriginalForOrdinaryNames) {
    EXPECT_EQ(engagement_channel_name("zz-", "alice", "acme"), "zz-alice_acme");
    EXPECT_EQ(engagement_channel_name("zz-", "Alice.Smith", "Acme-Corp"),
              "zz-alicesmith_acme-corp");
    EXPECT_EQ(engagement_channel_name("", "bob_99", "example"), "bob_99_example");
}

TEST(ChannelName, DisallowedCharactersAreDropped) {
    EXPECT_EQ(engagement_channel_name("zz-", "José Núñez", "Acme Corp"), "zz-josnez_acmecorp");
    EXPECT_EQ(engagement_channel_name("ZZ ", "a#b@c!", "d.e"), "zzabc_de");
}

TEST(ChannelName, EmptyPartsHaveFallbacks) {
    EXPECT_EQ(engagement_channel_name("zz-", "", "acme"), "zz-user_acme");
    EXPECT_EQ(engagement_channel_name("zz-", "李小龙", "acme"), "zz-user_acme");
    EXPECT_EQ(engagement_channel_name("zz-", "alice", ""), "zz-alice");
    EXPECT_EQ(engagement_channel_name("zz-", "alice", "!!"), "zz-alice");
    EXPECT_EQ(engagement_channel_name("", "", ""), "user");
}

TEST(ChannelName, LongNamesFitIn80KeepingTheDomain) {
    auto long_user = engagement_channel_name("zz-", std::string(100, 'a'), "acme");
    EXPECT_EQ(long_user.size(), 80u);
    EXPECT_TRUE(long_user.starts_with("zz-aaaa"));
    EXPECT_TRUE(long_user.ends_with("_acme"));

    auto long_domain = engagement_channel_name("zz-", "alice", std::string(100, 'd'));
    EXPECT_EQ(long_domain.size(), 80u);
    EXPECT_TRUE(long_domain.starts_with("zz-alice_ddd"));

    auto both = engagement_channel_name("zz-", std::string(100, 'a'), std::string(100, 'd'));
    EXPECT_EQ(both.size(), 80u);
    EXPECT_TRUE(both.starts_with("zz-aaaaaaaa_ddd"));  // the username keeps eight characters

    auto long_prefix = engagement_channel_name(std::string(100, 'p'), "alice", "acme");
    EXPECT_EQ(long_prefix.size(), 80u);
}

TEST(ChannelName, AlwaysSlackValid) {
    const std::vector<std::string> parts{
        "", "A", "Zoë", "x.y-z_w", std::string(90, 'Q'), "\xff\xfe", "  ", "emoji😀name", "UPPER"};
    for (const auto& prefix : {std::string("zz-"), std::string(""), std::string(85, 'p')}) {
        for (const auto& user : parts) {
            for (const auto& domain : parts) {
                auto name = engagement_channel_name(prefix, user, domain);
                EXPECT_TRUE(slack_valid(name)) << name;
                for (int n : {2, 9, 10, 123}) {
                    auto suffixed = channel_name_with_suffix(name, n);
                    EXPECT_TRUE(slack_valid(suffixed)) << suffixed;
                    EXPECT_TRUE(suffixed.ends_with("-" + std::to_string(n))) << suffixed;
                }
            }
        }
    }
}

TEST(ChannelNameSuffix, NumberedAfterNameTaken) {
    EXPECT_EQ(channel_name_with_suffix("zz-alice_acme", 1), "zz-alice_acme");
    EXPECT_EQ(channel_name_with_suffix("zz-alice_acme", 2), "zz-alice_acme-2");
    EXPECT_EQ(channel_name_with_suffix("zz-alice_acme", 15), "zz-alice_acme-15");
    auto full = std::string(80, 'a');
    EXPECT_EQ(channel_name_with_suffix(full, 12), std::string(77, 'a') + "-12");
}

}  // namespace
}  // namespace megatron::text
