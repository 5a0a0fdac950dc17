// `megatron import-original` run as a user would: the original's database (the fixture) on the
// test PostgreSQL server, imported into a SQLite file and into PostgreSQL.
#include "importer/original_world.hpp"
#include "storage/store.hpp"
#include "util/crypto.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

namespace megatron::test {
namespace {

class ImportOriginal : public ::testing::TestWithParam<Target> {
  protected:
    void SetUp() override {
        world = std::make_unique<OriginalWorld>(GetParam());
        ASSERT_TRUE(world->unavailable().empty()) << world->unavailable();
    }
    static bool has(const std::string& output, const std::string& text) {
        return output.find(text) != std::string::npos;
    }
    static void expect_lines(const std::string& output, const std::vector<std::string>& lines) {
        for (const auto& line : lines) {
            EXPECT_TRUE(has(output, line)) << line << "\nnot in:\n" << output;
        }
    }
    std::unique_ptr<OriginalWorld> world;
};

// What the fixture maps (see its header): 2 organizations, 2 keys, 2 integrations, 2
// workspaces, 3 customers, 2 agents, 3 channels, 4 message mappings.
void expect_fixture_counts(const std::string& output) {
    const std::vector<std::pair<std::string, long>> expected{
        {"organizations", 2},  {"api_tokens", 2},
        {"integrations", 2},   {"customer_workspaces", 2},
        {"platform_users", 3}, {"platform_agents", 2},
        {"channels", 3},       {"messages", 4}};
    for (const auto& [table, n] : expected) {
        std::smatch m;
        ASSERT_TRUE(std::regex_search(output, m, std::regex("\n" + table + " +([0-9]+)\n")))
            << table << " in:\n"
            << output;
        EXPECT_EQ(std::stol(m[1].str()), n) << table;
    }
}

TEST_P(ImportOriginal, ImportsEveryTableAndTheBotAppsKeyStillFindsItsOrganization) {
    auto result = world->import();
    ASSERT_EQ(result.exit_code, 0) << result.output;
    expect_fixture_counts(result.output);

    storage::Store store(world->target());
    // The key the bot app already sends authenticates it, and only its hash is stored.
    auto acme = store.organization_for_token(kAcmeKey);
    ASSERT_TRUE(acme && *acme);
    EXPECT_EQ((*acme)->name, "Acme");
    EXPECT_EQ((*acme)->verification_token, "a1b2c3d4e5f60718293a4b5c");
    EXPECT_EQ((*acme)->command_url, "http://127.0.0.1:9/acme/commands");
    auto beta = store.organization_for_token(kBetaKey);
    ASSERT_TRUE(beta && *beta);
    EXPECT_EQ((*beta)->name, "Beta");
    EXPECT_FALSE((*beta)->command_url.has_value());
    EXPECT_EQ(world->dump().find(kAcmeKey), std::string::npos);
    EXPECT_NE(world->dump().find(crypto::sha256_hex(kAcmeKey)), std::string::npos);

    auto integration = store.find_integration(storage::PlatformType::Slack, "T0SUPPORT");
    ASSERT_TRUE(integration && *integration);
    EXPECT_EQ((*integration)->organization_id, (*acme)->id);
    EXPECT_EQ((*integration)->bot_token.reveal(), "xoxb-support-token");
    auto workspace = store.find_workspace(storage::PlatformType::Slack, "T0CUSTOMER");
    ASSERT_TRUE(workspace && *workspace);
    EXPECT_EQ((*workspace)->organization_id, (*acme)->id);
    EXPECT_EQ((*workspace)->domain, "customer-co");
    EXPECT_EQ((*workspace)->bot_token.reveal(), "xoxb-customer-token");

    // Channels keep their support-side id, paused and archived state and last activity.
    auto carla = store.find_channel_for_customer((*workspace)->id, "U0CARLA");
    ASSERT_TRUE(carla && *carla);
    EXPECT_EQ((*carla)->platform_channel_id, "C0ZZCARLA");
    EXPECT_EQ((*carla)->name, "zz-carla_customer-co");
    EXPECT_EQ((*carla)->integration_id, (*integration)->id);
    EXPECT_TRUE((*carla)->is_paused);
    EXPECT_FALSE((*carla)->is_archived);
    EXPECT_EQ((*carla)->last_message_sent, 1714557600000);  // 2024-05-01 10:00:00 UTC
    auto dave = store.find_channel_for_customer((*workspace)->id, "U0DAVE");
    ASSERT_TRUE(dave && *dave);
    EXPECT_TRUE((*dave)->is_archived);
    EXPECT_FALSE((*dave)->is_paused);
    EXPECT_EQ((*dave)->last_message_sent, 1711963800250);

    // Message mappings, so edits of earlier messages are followed.
    auto mapping = store.find_message_by_customer_id((*carla)->id, "1714557600.000100");
    ASSERT_TRUE(mapping && *mapping);
    EXPECT_EQ((*mapping)->integration_msg_id, "1714557600.000900");
    auto support_only = store.find_message_by_integration_id((*carla)->id, "1714557700.000200");
    ASSERT_TRUE(support_only && *support_only);
    EXPECT_FALSE((*support_only)->customer_msg_id.has_value());

    auto user = store.find_platform_user((*workspace)->id, "U0CARLA");
    ASSERT_TRUE(user && *user);
    EXPECT_EQ((*user)->profile.best_name(), "Carla C");
    EXPECT_EQ((*user)->profile.profile_image, "https://avatars.example/carla_72.png");
    auto agent = store.find_platform_agent((*integration)->id, "U0ANN");
    ASSERT_TRUE(agent && *agent);
    EXPECT_EQ((*agent)->profile.real_name, "Ann Agent");

    // No key, bot token or verification token is printed.
    for (const char* secret : {kAcmeKey, kBetaKey, "xoxb-support-token", "xoxb-customer-token",
                               "xoxb-beta-support-token", "a1b2c3d4e5f60718293a4b5c"}) {
        EXPECT_FALSE(has(result.output, secret)) << secret << " in:\n" << result.output;
    }
}

TEST_P(ImportOriginal, DryRunPrintsWhatWouldBeImportedWithCountsAndWritesNothing) {
    auto result = world->import({"--dry-run"});
    ASSERT_EQ(result.exit_code, 0) << result.output;
    expect_fixture_counts(result.output);
    EXPECT_TRUE(has(result.output, "organization \"Acme\" (original id 1): would be imported"))
        << result.output;
    EXPECT_TRUE(has(result.output, "dry run: nothing was written")) << result.output;
    EXPECT_EQ(world->dump(), "");
}

TEST_P(ImportOriginal, ASecondRunLeavesTheSameState) {
    auto first = world->import();
    ASSERT_EQ(first.exit_code, 0) << first.output;
    const auto after_first = world->dump();
    ASSERT_NE(after_first, "");

    auto second = world->import();
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_EQ(world->dump(), after_first);
    expect_fixture_counts(second.output);
}

TEST_P(ImportOriginal, RowsThatCannotBeMappedAreReportedByTableAndIdAndSkipped) {
    auto result = world->import();
    ASSERT_EQ(result.exit_code, 0) << result.output;
    expect_lines(result.output,
                 {"skipped megatron_customerworkspace id 3: no channel links it to one of the 2 "
                  "organizations",
                  "skipped megatron_platformuser id 4: workspace 3 is not imported",
                  "skipped megatron_megatronchannel id 4: integration 1 belongs to organization 1",
                  "skipped megatron_megatronmessage id 6: channel 4 is not imported",
                  "skipped megatron_megatronmessage id 5: neither message id", "5 row(s) skipped"});
    storage::Store store(world->target());
    auto orphan = store.find_workspace(storage::PlatformType::Slack, "T0ORPHAN");
    ASSERT_TRUE(orphan);
    EXPECT_FALSE(orphan->has_value());
    auto channels = world->target().execute(
        "SELECT COUNT(*) FROM channels WHERE platform_channel_id = 'C0ZZMIXED'");
    ASSERT_TRUE(channels);
    EXPECT_EQ(channels->rows.front().integer(0), 0);
    EXPECT_EQ(world->count("messages"), 4);
}

TEST_P(ImportOriginal, AnOrganizationThatFailsIsRolledBackWholeAndTheOthersAreImported) {
    ASSERT_EQ(world->import().exit_code, 0);
    storage::Store store(world->target());
    auto beta = store.find_organization_by_name("Beta");
    ASSERT_TRUE(beta && *beta);
    ASSERT_TRUE(store.delete_organization((*beta)->id));
    // Meanwhile in Megatron: Acme's command URL changed, and carla's support channel now
    // serves another customer, so writing carla's channel breaks a uniqueness rule after
    // Acme's organization row was already written in the same transaction.
    ASSERT_TRUE(world->target().execute(
        "UPDATE organizations SET command_url = 'http://changed.example/' WHERE name = 'Acme'"));
    ASSERT_TRUE(world->target().execute(
        "UPDATE channels SET platform_user_id = 'U0SOMEONE' WHERE platform_channel_id = "
        "'C0ZZCARLA'"));
    const auto acme_rows = world->count("messages");

    auto result = world->import();
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_TRUE(has(result.output,
                    "organization \"Acme\" (original id 1): NOT imported, nothing of it was "
                    "written"))
        << result.output;
    EXPECT_TRUE(has(result.output, "organization \"Beta\" (original id 2): imported"))
        << result.output;
    auto acme = store.find_organization_by_name("Acme");
    ASSERT_TRUE(acme && *acme);
    EXPECT_EQ((*acme)->command_url, "http://changed.example/");  // Acme's row rolled back
    EXPECT_EQ(world->count("channels"), 3);  // Acme's 2 as they were, Beta's again
    auto again = store.organization_for_token(kBetaKey);
    ASSERT_TRUE(again && *again);
    // Beta's 1 mapping is back; Acme's 3 were neither duplicated nor removed.
    EXPECT_EQ(world->count("messages"), acme_rows + 1);
}

TEST_P(ImportOriginal, ARowAnotherOrganizationHoldsInMegatronIsReportedAndLeftUntouched) {
    storage::Store store(world->target());
    auto other = store.create_organization("Other", std::nullopt);
    ASSERT_TRUE(other);
    ASSERT_TRUE(store.create_integration(other->organization.id, storage::PlatformType::Slack,
                                         "T0SUPPORT", Secret("xoxb-others-own-token")));

    auto result = world->import();
    ASSERT_EQ(result.exit_code, 0) << result.output;
    expect_lines(
        result.output,
        {"skipped megatron_megatronintegration id 1: the support workspace already belongs to "
         "another organization in Megatron",
         "skipped megatron_megatronchannel id 1: its integration or workspace is not imported",
         "skipped megatron_megatronchannel id 2: its integration or workspace is not imported",
         "skipped megatron_platformagent id 1: integration 1 is not imported",
         "skipped megatron_megatronmessage id 1: channel 1 is not imported"});
    auto integration = store.find_integration(storage::PlatformType::Slack, "T0SUPPORT");
    ASSERT_TRUE(integration && *integration);
    EXPECT_EQ((*integration)->organization_id, other->organization.id);
    EXPECT_EQ((*integration)->bot_token.reveal(), "xoxb-others-own-token");
    EXPECT_EQ(world->count("channels"), 1);  // Beta's
}

MEGATRON_INSTANTIATE_TARGETS(ImportOriginal);

TEST(ImportOriginalArguments, AFromUrlThatIsNotPostgresIsOneClearLine) {
    TempDir dir;
    auto result = run(megatron_binary(), {"import-original", "--from", "sqlite:///old.db"},
                      {{"DATABASE_URL", "sqlite:///megatron.db"}}, dir.path());
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_TRUE(result.output.find("--from") != std::string::npos) << result.output;
    EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
}

TEST(ImportOriginalArguments, AnUnreachableOriginalIsOneLineWithoutItsPassword) {
    TempDir dir;
    const std::string from =
        "postgres://megatron:pw-s3cret-value@127.0.0.1:" + std::to_string(free_port()) +
        "/megatron";
    auto result = run(megatron_binary(), {"import-original", "--from", from},
                      {{"DATABASE_URL", "sqlite:///megatron.db"}}, dir.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(result.output.find("cannot open the original's database") != std::string::npos)
        << result.output;
    EXPECT_EQ(result.output.find("pw-s3cret-value"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace megatron::test
