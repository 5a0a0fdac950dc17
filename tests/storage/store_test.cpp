// The repository over Megatron's tables: every table's create/read/update, every uniqueness
// rule, cascades, token hashing.
#include "storage/store.hpp"
#include "backend.hpp"
#include "storage/migrations.hpp"
#include "util/crypto.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace megatron::storage::test {
namespace {

using Kind = StorageError::Kind;

bool is_hex(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

template <class T>
void expect_error(const StorageResult<T>& r, Kind kind) {
    ASSERT_FALSE(r) << "expected an error";
    EXPECT_EQ(r.error().kind, kind) << r.error().message;
}

class StoreTest : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(migrate(db(), core_migrations()));
        store_ = std::make_unique<Store>(db(), clock_);
    }
    Store& store() { return *store_; }

    // An organization with an integration, a customer workspace and one channel.
    struct World {
        CreatedOrganization org;
        Integration integration;
        CustomerWorkspace workspace;
        Channel channel;
    };
    World make_world(const std::string& name = "acme") {
        World w;
        auto org = store().create_organization(name, "https://bot." + name + ".example/commands");
        EXPECT_TRUE(org) << org.error().message;
        w.org = *org;
        auto integration = store().create_integration(w.org.organization.id, PlatformType::Slack,
                                                      "T-" + name, Secret("xoxb-support-" + name));
        EXPECT_TRUE(integration) << integration.error().message;
        w.integration = *integration;
        auto ws = store().upsert_workspace(w.org.organization.id,
                                           {name + " customers", PlatformType::Slack, "TC-" + name,
                                            name + "-customers", Secret("xoxb-customer-" + name)});
        EXPECT_TRUE(ws) << ws.error().message;
        w.workspace = *ws;
        auto channel = store().create_channel({w.org.organization.id, w.integration.id,
                                               w.workspace.id, "zz-preston", "C100", "U100", 0});
        EXPECT_TRUE(channel) << channel.error().message;
        w.channel = *channel;
        return w;
    }

    ManualClock clock_;
    std::unique_ptr<Store> store_;
};

// --- organizations and tokens ------------------------------------------------------------------

TEST_P(StoreTest, CreateOrganizationGeneratesTokensAndReadsBack) {
    auto created = store().create_organization("acme", "https://bot.example/commands");
    ASSERT_OK(created);
    const Organization& org = created->organization;
    EXPECT_GT(org.id, 0);
    EXPECT_EQ(org.name, "acme");
    EXPECT_EQ(org.command_url, "https://bot.example/commands");
    EXPECT_EQ(org.verification_token.size(), 24u);
    EXPECT_TRUE(is_hex(org.verification_token));
    EXPECT_EQ(created->api_token.reveal().size(), 40u);
    EXPECT_TRUE(is_hex(created->api_token.reveal()));
    EXPECT_EQ(org.created_at, clock_.now_millis());

    auto by_id = store().organization(org.id);
    ASSERT_OK(by_id);
    EXPECT_EQ(by_id->name, "acme");
    EXPECT_EQ(by_id->verification_token, org.verification_token);
    auto by_name = store().find_organization_by_name("acme");
    ASSERT_OK(by_name);
    ASSERT_TRUE(by_name->has_value());
    EXPECT_EQ((*by_name)->id, org.id);

    auto other = store().create_organization("globex", std::nullopt);
    ASSERT_OK(other);
    EXPECT_EQ(other->organization.command_url, std::nullopt);
    EXPECT_NE(other->organization.verification_token, org.verification_token);
    EXPECT_NE(other->api_token, created->api_token);
    auto all = store().organizations();
    ASSERT_OK(all);
    EXPECT_EQ(all->size(), 2u);
}

TEST_P(StoreTest, MissingOrganizationIsNotFoundOrNullopt) {
    expect_error(store().organization(12345), Kind::NotFound);
    auto by_name = store().find_organization_by_name("nobody");
    ASSERT_OK(by_name);
    EXPECT_FALSE(by_name->has_value());
    expect_error(store().set_command_url(12345, "x"), Kind::NotFound);
    expect_error(store().rotate_token(12345), Kind::NotFound);
    expect_error(store().delete_organization(12345), Kind::NotFound);
}

TEST_P(StoreTest, OrganizationNamesAreUnique) {
    ASSERT_OK(store().create_organization("acme", std::nullopt));
    expect_error(store().create_organization("acme", "https://elsewhere"), Kind::Conflict);
    // The failed attempt left no token behind.
    EXPECT_EQ(count("api_tokens"), 1);
}

TEST_P(StoreTest, CommandUrlCanBeChangedAndCleared) {
    auto created = store().create_organization("acme", std::nullopt);
    ASSERT_OK(created);
    const auto id = created->organization.id;
    ASSERT_OK(store().set_command_url(id, "https://new.example/c"));
    EXPECT_EQ(store().organization(id)->command_url, "https://new.example/c");
    ASSERT_OK(store().set_command_url(id, std::nullopt));
    EXPECT_EQ(store().organization(id)->command_url, std::nullopt);
}

TEST_P(StoreTest, ApiTokenAuthenticatesByHashAndIsNeverStoredInPlaintext) {
    auto created = store().create_organization("acme", std::nullopt);
    ASSERT_OK(created);
    const std::string plaintext = created->api_token.reveal();

    auto found = store().organization_for_token(plaintext);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, created->organization.id);
    for (const std::string& wrong :
         {std::string(), std::string("nope"), plaintext + "0", crypto::sha256_hex(plaintext)}) {
        auto none = store().organization_for_token(wrong);
        ASSERT_OK(none);
        EXPECT_FALSE(none->has_value()) << wrong;
    }

    // Scan every column of every stored row: only the SHA-256 of the token is there.
    auto rows = db().execute("SELECT * FROM api_tokens");
    ASSERT_OK(rows);
    ASSERT_EQ(rows->rows.size(), 1u);
    for (std::size_t i = 0; i < rows->rows[0].columns.size(); ++i) {
        EXPECT_EQ(rows->rows[0].text(i).find(plaintext), std::string::npos);
    }
    auto hash = db().execute("SELECT token_hash FROM api_tokens");
    ASSERT_OK(hash);
    EXPECT_EQ(hash->rows.at(0).text(0), crypto::sha256_hex(plaintext));
    auto orgs = db().execute("SELECT * FROM organizations");
    ASSERT_OK(orgs);
    for (std::size_t i = 0; i < orgs->rows.at(0).columns.size(); ++i) {
        EXPECT_EQ(orgs->rows[0].text(i).find(plaintext), std::string::npos);
    }
}

TEST_P(StoreTest, RotatingTheTokenRevokesTheOldOne) {
    auto created = store().create_organization("acme", std::nullopt);
    ASSERT_OK(created);
    auto other = store().create_organization("globex", std::nullopt);
    ASSERT_OK(other);
    auto rotated = store().rotate_token(created->organization.id);
    ASSERT_OK(rotated);
    EXPECT_NE(*rotated, created->api_token);
    EXPECT_EQ(rotated->reveal().size(), 40u);

    auto old_token = store().organization_for_token(created->api_token.reveal());
    ASSERT_OK(old_token);
    EXPECT_FALSE(old_token->has_value());
    auto new_token = store().organization_for_token(rotated->reveal());
    ASSERT_OK(new_token);
    ASSERT_TRUE(new_token->has_value());
    EXPECT_EQ((*new_token)->id, created->organization.id);
    // The other organization's token is untouched.
    auto untouched = store().organization_for_token(other->api_token.reveal());
    ASSERT_OK(untouched);
    EXPECT_TRUE(untouched->has_value());
    EXPECT_EQ(count("api_tokens"), 2);
}

// --- integrations ------------------------------------------------------------------------------

TEST_P(StoreTest, IntegrationsCreateReadUpdate) {
    auto org = store().create_organization("acme", std::nullopt);
    ASSERT_OK(org);
    const auto org_id = org->organization.id;
    auto created = store().create_integration(org_id, PlatformType::Slack, "T1", Secret("xoxb-1"));
    ASSERT_OK(created);
    EXPECT_EQ(created->organization_id, org_id);
    EXPECT_EQ(created->platform_type, PlatformType::Slack);
    EXPECT_EQ(created->team_id, "T1");
    EXPECT_EQ(created->bot_token.reveal(), "xoxb-1");
    EXPECT_EQ(fmt::format("{}", created->bot_token), "***");

    auto by_id = store().integration(created->id);
    ASSERT_OK(by_id);
    EXPECT_EQ(by_id->team_id, "T1");
    auto found = store().find_integration(PlatformType::Slack, "T1");
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, created->id);
    auto missing = store().find_integration(PlatformType::Slack, "T-none");
    ASSERT_OK(missing);
    EXPECT_FALSE(missing->has_value());
    expect_error(store().integration(999), Kind::NotFound);

    ASSERT_OK(store().set_integration_token(created->id, Secret("xoxb-2")));
    EXPECT_EQ(store().integration(created->id)->bot_token.reveal(), "xoxb-2");
    expect_error(store().set_integration_token(999, Secret("x")), Kind::NotFound);

    ASSERT_OK(store().create_integration(org_id, PlatformType::Slack, "T2", Secret("xoxb-3")));
    auto listed = store().integrations_for(org_id);
    ASSERT_OK(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].team_id, "T1");
    EXPECT_EQ((*listed)[1].team_id, "T2");
}

TEST_P(StoreTest, IntegrationTeamIsUniquePerPlatformAcrossOrganizations) {
    auto a = store().create_organization("acme", std::nullopt);
    auto b = store().create_organization("globex", std::nullopt);
    ASSERT_OK(a);
    ASSERT_OK(b);
    ASSERT_OK(
        store().create_integration(a->organization.id, PlatformType::Slack, "T1", Secret("x")));
    expect_error(
        store().create_integration(a->organization.id, PlatformType::Slack, "T1", Secret("y")),
        Kind::Conflict);
    expect_error(
        store().create_integration(b->organization.id, PlatformType::Slack, "T1", Secret("z")),
        Kind::Conflict);
}

TEST_P(StoreTest, RowsPointingAtMissingParentsAreInvalid) {
    expect_error(store().create_integration(4242, PlatformType::Slack, "T1", Secret("x")),
                 Kind::Invalid);
    expect_error(store().upsert_workspace(4242, {"n", PlatformType::Slack, "TC", "d", Secret("x")}),
                 Kind::Invalid);
    expect_error(store().create_message(4242, "1.1", "2.2"), Kind::Invalid);
    expect_error(store().upsert_platform_user(4242, Profile{"U1", "u", {}, {}, ""}), Kind::Invalid);
}

// --- customer workspaces -----------------------------------------------------------------------

TEST_P(StoreTest, RegisteringAWorkspaceTwiceUpdatesIt) {
    auto org = store().create_organization("acme", std::nullopt);
    ASSERT_OK(org);
    const auto org_id = org->organization.id;
    auto created = store().upsert_workspace(
        org_id, {"Customer Co", PlatformType::Slack, "TC1", "customerco", Secret("xoxb-old")});
    ASSERT_OK(created);
    EXPECT_EQ(created->name, "Customer Co");
    EXPECT_EQ(created->domain, "customerco");
    EXPECT_EQ(created->organization_id, org_id);

    auto updated = store().upsert_workspace(
        org_id, {"Customer Inc", PlatformType::Slack, "TC1", "customerinc", Secret("xoxb-new")});
    ASSERT_OK(updated);
    EXPECT_EQ(updated->id, created->id);
    EXPECT_EQ(updated->name, "Customer Inc");
    EXPECT_EQ(updated->domain, "customerinc");
    EXPECT_EQ(updated->bot_token.reveal(), "xoxb-new");
    EXPECT_EQ(count("customer_workspaces"), 1);

    auto by_id = store().workspace(created->id);
    ASSERT_OK(by_id);
    EXPECT_EQ(by_id->name, "Customer Inc");
    auto found = store().find_workspace(PlatformType::Slack, "TC1");
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, created->id);
    auto none = store().find_workspace(PlatformType::Slack, "TC-none");
    ASSERT_OK(none);
    EXPECT_FALSE(none->has_value());
    expect_error(store().workspace(999), Kind::NotFound);
}

TEST_P(StoreTest, AnOrganizationCannotTakeOverAnotherOrganizationsWorkspace) {
    auto a = store().create_organization("acme", std::nullopt);
    auto b = store().create_organization("globex", std::nullopt);
    ASSERT_OK(a);
    ASSERT_OK(b);
    ASSERT_OK(store().upsert_workspace(
        a->organization.id, {"Acme's", PlatformType::Slack, "TC1", "acme", Secret("xoxb-a")}));
    expect_error(store().upsert_workspace(b->organization.id, {"Stolen", PlatformType::Slack, "TC1",
                                                               "evil", Secret("xoxb-b")}),
                 Kind::Conflict);
    auto still = store().find_workspace(PlatformType::Slack, "TC1");
    ASSERT_OK(still);
    ASSERT_TRUE(still->has_value());
    EXPECT_EQ((*still)->organization_id, a->organization.id);
    EXPECT_EQ((*still)->name, "Acme's");
    EXPECT_EQ((*still)->bot_token.reveal(), "xoxb-a");

    ASSERT_OK(store().upsert_workspace(
        b->organization.id, {"Globex's", PlatformType::Slack, "TC2", "globex", Secret("xoxb-g")}));
    auto mine = store().workspaces_for(a->organization.id);
    ASSERT_OK(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].platform_id, "TC1");
}

// --- channels ----------------------------------------------------------------------------------

TEST_P(StoreTest, ChannelsCreateAndLookUp) {
    clock_.set_millis(5'000);
    World w = make_world();
    EXPECT_EQ(w.channel.name, "zz-preston");
    EXPECT_EQ(w.channel.last_message_sent, 5'000);  // 0 means "now"
    EXPECT_EQ(w.channel.created_at, 5'000);
    EXPECT_FALSE(w.channel.is_paused);
    EXPECT_FALSE(w.channel.is_archived);
    EXPECT_EQ(w.channel.paused_reminder_sent_at, std::nullopt);

    auto by_id = store().channel(w.channel.id);
    ASSERT_OK(by_id);
    EXPECT_EQ(by_id->platform_channel_id, "C100");
    EXPECT_EQ(by_id->platform_user_id, "U100");
    EXPECT_EQ(by_id->integration_id, w.integration.id);
    EXPECT_EQ(by_id->workspace_id, w.workspace.id);

    auto for_customer = store().find_channel_for_customer(w.workspace.id, "U100");
    ASSERT_OK(for_customer);
    ASSERT_TRUE(for_customer->has_value());
    EXPECT_EQ((*for_customer)->id, w.channel.id);
    auto by_support_channel = store().find_channel_by_platform_channel(w.integration.id, "C100");
    ASSERT_OK(by_support_channel);
    ASSERT_TRUE(by_support_channel->has_value());
    EXPECT_EQ((*by_support_channel)->id, w.channel.id);

    auto nobody = store().find_channel_for_customer(w.workspace.id, "U-none");
    ASSERT_OK(nobody);
    EXPECT_FALSE(nobody->has_value());
    auto wrong_integration = store().find_channel_by_platform_channel(w.integration.id + 1, "C100");
    ASSERT_OK(wrong_integration);
    EXPECT_FALSE(wrong_integration->has_value());
    expect_error(store().channel(999), Kind::NotFound);

    auto explicit_time = store().create_channel(
        {w.org.organization.id, w.integration.id, w.workspace.id, "zz-ann", "C101", "U101", 42});
    ASSERT_OK(explicit_time);
    EXPECT_EQ(explicit_time->last_message_sent, 42);
    auto listed = store().channels_for(w.org.organization.id);
    ASSERT_OK(listed);
    EXPECT_EQ(listed->size(), 2u);
}

TEST_P(StoreTest, ChannelUniquenessIsPerWorkspace) {
    World w = make_world();
    const auto org = w.org.organization.id;
    // Same support channel id in the same workspace.
    expect_error(store().create_channel(
                     {org, w.integration.id, w.workspace.id, "zz-other", "C100", "U200", 0}),
                 Kind::Conflict);
    // Same customer in the same workspace.
    expect_error(store().create_channel(
                     {org, w.integration.id, w.workspace.id, "zz-other", "C200", "U100", 0}),
                 Kind::Conflict);
    // The same customer id in another workspace is another person.
    auto other_ws = store().upsert_workspace(
        org, {"Second", PlatformType::Slack, "TC-second", "second", Secret("xoxb-s")});
    ASSERT_OK(other_ws);
    ASSERT_OK(store().create_channel(
        {org, w.integration.id, other_ws->id, "zz-preston-2", "C300", "U100", 0}));
}

TEST_P(StoreTest, UpsertChannelCreatesThenUpdatesTheCustomersChannel) {
    World w = make_world();
    ASSERT_OK(store().set_archived(w.channel.id, true));
    auto updated = store().upsert_channel({w.org.organization.id, w.integration.id, w.workspace.id,
                                           "zz-preston-new", "C900", "U100", 0});
    ASSERT_OK(updated);
    EXPECT_FALSE(updated->created);
    EXPECT_EQ(updated->channel.id, w.channel.id);
    EXPECT_EQ(updated->channel.name, "zz-preston-new");
    EXPECT_EQ(updated->channel.platform_channel_id, "C900");
    EXPECT_TRUE(updated->channel.is_archived);  // unarchiving is the caller's separate step

    auto created = store().upsert_channel(
        {w.org.organization.id, w.integration.id, w.workspace.id, "zz-ann", "C901", "U101", 0});
    ASSERT_OK(created);
    EXPECT_TRUE(created->created);
    EXPECT_NE(created->channel.id, w.channel.id);
    EXPECT_EQ(count("channels"), 2);

    // Taking a support channel id another customer's channel already uses is a Conflict.
    expect_error(store().upsert_channel({w.org.organization.id, w.integration.id, w.workspace.id,
                                         "zz-ann", "C900", "U101", 0}),
                 Kind::Conflict);
    auto ann = store().channel(created->channel.id);
    ASSERT_OK(ann);
    EXPECT_EQ(ann->platform_channel_id, "C901");
}

TEST_P(StoreTest, ChannelStateUpdates) {
    World w = make_world();
    const auto id = w.channel.id;
    ASSERT_OK(store().set_paused(id, true));
    ASSERT_OK(store().mark_paused_reminder_sent(id, 111));
    ASSERT_OK(store().mark_not_paused_warning(id, 222));
    auto c = store().channel(id);
    ASSERT_OK(c);
    EXPECT_TRUE(c->is_paused);
    EXPECT_EQ(c->paused_reminder_sent_at, 111);
    EXPECT_EQ(c->not_paused_warning_at, 222);

    // A change of pause state starts the reminders afresh.
    ASSERT_OK(store().set_paused(id, false));
    c = store().channel(id);
    ASSERT_OK(c);
    EXPECT_FALSE(c->is_paused);
    EXPECT_EQ(c->paused_reminder_sent_at, std::nullopt);
    EXPECT_EQ(c->not_paused_warning_at, std::nullopt);

    ASSERT_OK(store().set_archived(id, true));
    ASSERT_OK(store().set_last_message_sent(id, 987'654'321'000));
    c = store().channel(id);
    ASSERT_OK(c);
    EXPECT_TRUE(c->is_archived);
    EXPECT_EQ(c->last_message_sent, 987'654'321'000);

    expect_error(store().set_paused(999, true), Kind::NotFound);
    expect_error(store().set_archived(999, true), Kind::NotFound);
    expect_error(store().set_last_message_sent(999, 1), Kind::NotFound);
    expect_error(store().mark_paused_reminder_sent(999, 1), Kind::NotFound);
    expect_error(store().mark_not_paused_warning(999, 1), Kind::NotFound);
}

TEST_P(StoreTest, PausedAndIdleChannelListsForScheduledTasks) {
    World w = make_world();
    const auto org = w.org.organization.id;
    auto add = [&](const std::string& n, std::int64_t last, bool paused, bool archived) {
        auto c = store().create_channel(
            {org, w.integration.id, w.workspace.id, "zz-" + n, "C" + n, "U" + n, last});
        EXPECT_TRUE(c) << c.error().message;
        if (paused) {
            EXPECT_TRUE(store().set_paused(c->id, true));
        }
        if (archived) {
            EXPECT_TRUE(store().set_archived(c->id, true));
        }
        return c->id;
    };
    ASSERT_OK(store().delete_channel(w.channel.id));
    const auto old_paused = add("1", 1'000, true, false);
    const auto new_paused = add("2", 9'000, true, false);
    const auto old_active = add("3", 1'000, false, false);
    add("4", 1'000, true, true);  // archived: never listed
    add("5", 9'000, false, false);

    auto paused = store().paused_channels();
    ASSERT_OK(paused);
    ASSERT_EQ(paused->size(), 2u);
    EXPECT_EQ((*paused)[0].id, old_paused);
    EXPECT_EQ((*paused)[1].id, new_paused);

    auto paused_long = store().paused_channels(5'000);
    ASSERT_OK(paused_long);
    ASSERT_EQ(paused_long->size(), 1u);
    EXPECT_EQ((*paused_long)[0].id, old_paused);

    auto idle = store().idle_channels(1'000);  // "at or before"
    ASSERT_OK(idle);
    ASSERT_EQ(idle->size(), 2u);
    EXPECT_EQ((*idle)[0].id, old_paused);
    EXPECT_EQ((*idle)[1].id, old_active);
}

// --- messages ----------------------------------------------------------------------------------

TEST_P(StoreTest, MessagesLinkBothSidesAndCanBeEdited) {
    World w = make_world();
    auto m = store().create_message(w.channel.id, "1700000000.000100", "1700000001.000200");
    ASSERT_OK(m);
    EXPECT_EQ(m->channel_id, w.channel.id);
    EXPECT_EQ(m->integration_msg_id, "1700000000.000100");
    EXPECT_EQ(m->customer_msg_id, "1700000001.000200");

    auto by_support = store().find_message_by_integration_id(w.channel.id, "1700000000.000100");
    ASSERT_OK(by_support);
    ASSERT_TRUE(by_support->has_value());
    EXPECT_EQ((*by_support)->id, m->id);
    auto by_customer = store().find_message_by_customer_id(w.channel.id, "1700000001.000200");
    ASSERT_OK(by_customer);
    ASSERT_TRUE(by_customer->has_value());
    EXPECT_EQ((*by_customer)->id, m->id);
    auto wrong_side = store().find_message_by_customer_id(w.channel.id, "1700000000.000100");
    ASSERT_OK(wrong_side);
    EXPECT_FALSE(wrong_side->has_value());

    ASSERT_OK(store().update_message(m->id, "1700000000.000100", "1700000009.000900"));
    auto edited = store().message(m->id);
    ASSERT_OK(edited);
    EXPECT_EQ(edited->customer_msg_id, "1700000009.000900");
    expect_error(store().update_message(999, "a", "b"), Kind::NotFound);
    expect_error(store().message(999), Kind::NotFound);
}

// Who wrote a mapped message is kept: only an agent's message may be deleted for the customer.
TEST_P(StoreTest, MessagesRememberWhoWroteThem) {
    World w = make_world();
    int n = 0;
    for (auto origin : {MessageOrigin::Agent, MessageOrigin::Customer, MessageOrigin::Bot,
                        MessageOrigin::Unknown}) {
        auto ts = std::to_string(++n);
        ASSERT_OK(store().create_message(w.channel.id, ts + ".1", ts + ".2", origin));
        auto found = store().find_message_by_integration_id(w.channel.id, ts + ".1");
        ASSERT_OK(found);
        ASSERT_TRUE(found->has_value());
        EXPECT_EQ((*found)->origin, origin) << n;
    }
    // Without an origin (rows from before migration 7, imported rows): unknown.
    auto plain = store().create_message(w.channel.id, "9.1", "9.2");
    ASSERT_OK(plain);
    EXPECT_EQ(plain->origin, MessageOrigin::Unknown);
}

TEST_P(StoreTest, MessageIdsAreUniquePerChannelButMayBeMissing) {
    World w = make_world();
    ASSERT_OK(store().create_message(w.channel.id, "1.1", "2.2"));
    expect_error(store().create_message(w.channel.id, "1.1", "3.3"), Kind::Conflict);
    expect_error(store().create_message(w.channel.id, "4.4", "2.2"), Kind::Conflict);
    // Unknown ids (NULL) do not collide with each other.
    ASSERT_OK(store().create_message(w.channel.id, "5.5", std::nullopt));
    ASSERT_OK(store().create_message(w.channel.id, "6.6", std::nullopt));
    ASSERT_OK(store().create_message(w.channel.id, std::nullopt, "7.7"));
    ASSERT_OK(store().create_message(w.channel.id, std::nullopt, "8.8"));
    // The same ts in another channel is another message.
    auto other = store().create_channel(
        {w.org.organization.id, w.integration.id, w.workspace.id, "zz-ann", "C101", "U101", 0});
    ASSERT_OK(other);
    ASSERT_OK(store().create_message(other->id, "1.1", "2.2"));
    EXPECT_EQ(count("messages"), 6);
}

// --- profiles ----------------------------------------------------------------------------------

TEST_P(StoreTest, PlatformUsersUpsertFindAndGoStale) {
    World w = make_world();
    clock_.set_millis(1'000);
    auto created = store().upsert_platform_user(
        w.workspace.id, Profile{"U100", "preston", std::nullopt, "Preston Real", "https://img/1"});
    ASSERT_OK(created);
    EXPECT_EQ(created->workspace_id, w.workspace.id);
    EXPECT_EQ(created->profile.username, "preston");
    EXPECT_EQ(created->profile.display_name, std::nullopt);
    EXPECT_EQ(created->profile.best_name(), "Preston Real");
    EXPECT_EQ(created->updated_at, 1'000);

    clock_.set_millis(2'000);
    auto updated = store().upsert_platform_user(
        w.workspace.id, Profile{"U100", "preston", "P", "Preston Real", "https://img/2"});
    ASSERT_OK(updated);
    EXPECT_EQ(updated->id, created->id);
    EXPECT_EQ(updated->profile.best_name(), "P");
    EXPECT_EQ(updated->updated_at, 2'000);
    EXPECT_EQ(count("platform_users"), 1);

    clock_.set_millis(3'000);
    ASSERT_OK(store().upsert_platform_user(w.workspace.id, Profile{"U200", "ann", {}, {}, ""}));

    auto found = store().find_platform_user(w.workspace.id, "U100");
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->profile.profile_image, "https://img/2");
    auto missing = store().find_platform_user(w.workspace.id, "U999");
    ASSERT_OK(missing);
    EXPECT_FALSE(missing->has_value());

    auto stale = store().stale_platform_users(2'500);
    ASSERT_OK(stale);
    ASSERT_EQ(stale->size(), 1u);
    EXPECT_EQ((*stale)[0].profile.platform_id, "U100");
    auto all_stale = store().stale_platform_users(10'000);
    ASSERT_OK(all_stale);
    EXPECT_EQ(all_stale->size(), 2u);
    EXPECT_EQ((*all_stale)[1].profile.best_name(), "ann");
}

// The refresh task writes over a cached profile only: one pruned by retention (or forgotten)
// after the task read its stale list must not come back (a read-then-upsert did, under load).
TEST_P(StoreTest, ARefreshStoresOverACachedProfileAndNeverBringsBackAGoneOne) {
    World w = make_world();
    clock_.set_millis(1'000);
    ASSERT_OK(store().upsert_platform_user(w.workspace.id, Profile{"U100", "old", {}, {}, ""}));

    clock_.set_millis(2'000);
    auto refreshed = store().refresh_platform_user(
        w.workspace.id, Profile{"U100", "new", "New", {}, "https://img/n"});
    ASSERT_OK(refreshed);
    EXPECT_TRUE(*refreshed);
    auto found = store().find_platform_user(w.workspace.id, "U100");
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->profile.best_name(), "New");
    EXPECT_EQ((*found)->updated_at, 2'000);

    ASSERT_OK(db().execute("DELETE FROM platform_users"));
    auto gone = store().refresh_platform_user(w.workspace.id, Profile{"U100", "new", {}, {}, ""});
    ASSERT_OK(gone);
    EXPECT_FALSE(*gone);
    EXPECT_EQ(count("platform_users"), 0);
}

TEST_P(StoreTest, PlatformAgentsUpsertFindAndGoStale) {
    World w = make_world();
    clock_.set_millis(1'000);
    auto created = store().upsert_platform_agent(
        w.integration.id, Profile{"UA1", "agent.smith", "Smith", {}, "https://img/a"});
    ASSERT_OK(created);
    EXPECT_EQ(created->integration_id, w.integration.id);
    clock_.set_millis(2'000);
    auto updated = store().upsert_platform_agent(
        w.integration.id, Profile{"UA1", "agent.smith", {}, "Agent Smith", "https://img/b"});
    ASSERT_OK(updated);
    EXPECT_EQ(updated->id, created->id);
    EXPECT_EQ(updated->profile.best_name(), "Agent Smith");
    EXPECT_EQ(count("platform_agents"), 1);

    auto found = store().find_platform_agent(w.integration.id, "UA1");
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->profile.profile_image, "https://img/b");
    auto missing = store().find_platform_agent(w.integration.id, "UA9");
    ASSERT_OK(missing);
    EXPECT_FALSE(missing->has_value());
    auto stale = store().stale_platform_agents(1'500);
    ASSERT_OK(stale);
    EXPECT_TRUE(stale->empty());
    stale = store().stale_platform_agents(2'001);
    ASSERT_OK(stale);
    EXPECT_EQ(stale->size(), 1u);
}

// --- processed events --------------------------------------------------------------------------

TEST_P(StoreTest, EventsAreProcessedOnceAndPruned) {
    clock_.set_millis(1'000);
    auto first = store().mark_event_processed("Ev01");
    ASSERT_OK(first);
    EXPECT_TRUE(*first);
    auto again = store().mark_event_processed("Ev01");
    ASSERT_OK(again);
    EXPECT_FALSE(*again);
    clock_.set_millis(5'000);
    auto second = store().mark_event_processed("Ev02");
    ASSERT_OK(second);
    EXPECT_TRUE(*second);

    auto pruned = store().prune_processed_events(3'000);
    ASSERT_OK(pruned);
    EXPECT_EQ(*pruned, 1);
    EXPECT_EQ(count("processed_events"), 1);
    // Forgotten, an old id counts as new again; the kept one is still a duplicate.
    EXPECT_TRUE(*store().mark_event_processed("Ev01"));
    EXPECT_FALSE(*store().mark_event_processed("Ev02"));
}

// --- cascades ----------------------------------------------------------------------------------

TEST_P(StoreTest, DeletingAChannelDeletesItsMessages) {
    World w = make_world();
    ASSERT_OK(store().create_message(w.channel.id, "1.1", "2.2"));
    ASSERT_OK(store().delete_channel(w.channel.id));
    EXPECT_EQ(count("messages"), 0);
    EXPECT_EQ(count("customer_workspaces"), 1);
    expect_error(store().delete_channel(w.channel.id), Kind::NotFound);
}

TEST_P(StoreTest, DeletingAWorkspaceDeletesItsChannelsMessagesAndCustomers) {
    World w = make_world();
    ASSERT_OK(store().create_message(w.channel.id, "1.1", "2.2"));
    ASSERT_OK(store().upsert_platform_user(w.workspace.id, Profile{"U100", "p", {}, {}, ""}));
    ASSERT_OK(store().upsert_platform_agent(w.integration.id, Profile{"UA", "a", {}, {}, ""}));
    ASSERT_OK(store().delete_workspace(w.workspace.id));
    EXPECT_EQ(count("channels"), 0);
    EXPECT_EQ(count("messages"), 0);
    EXPECT_EQ(count("platform_users"), 0);
    EXPECT_EQ(count("integrations"), 1);
    EXPECT_EQ(count("platform_agents"), 1);
}

TEST_P(StoreTest, DeletingAnIntegrationDeletesItsChannelsAndAgents) {
    World w = make_world();
    ASSERT_OK(store().create_message(w.channel.id, "1.1", "2.2"));
    ASSERT_OK(store().upsert_platform_agent(w.integration.id, Profile{"UA", "a", {}, {}, ""}));
    ASSERT_OK(store().delete_integration(w.integration.id));
    EXPECT_EQ(count("channels"), 0);
    EXPECT_EQ(count("messages"), 0);
    EXPECT_EQ(count("platform_agents"), 0);
    EXPECT_EQ(count("customer_workspaces"), 1);
}

TEST_P(StoreTest, DeletingAnOrganizationDeletesEverythingItOwnsAndNothingElse) {
    World acme = make_world("acme");
    World globex = make_world("globex");
    for (const World* w : {&acme, &globex}) {
        ASSERT_OK(store().create_message(w->channel.id, "1.1", "2.2"));
        ASSERT_OK(store().upsert_platform_user(w->workspace.id, Profile{"U1", "u", {}, {}, ""}));
        ASSERT_OK(store().upsert_platform_agent(w->integration.id, Profile{"A1", "a", {}, {}, ""}));
    }
    ASSERT_OK(store().delete_organization(acme.org.organization.id));
    for (const char* table : {"organizations", "api_tokens", "integrations", "customer_workspaces",
                              "channels", "messages", "platform_users", "platform_agents"}) {
        EXPECT_EQ(count(table), 1) << table;  // only globex's row is left
    }
    auto token = store().organization_for_token(acme.org.api_token.reveal());
    ASSERT_OK(token);
    EXPECT_FALSE(token->has_value());
    auto globex_token = store().organization_for_token(globex.org.api_token.reveal());
    ASSERT_OK(globex_token);
    EXPECT_TRUE(globex_token->has_value());
}

// --- a Store inside the caller's transaction ----------------------------------------------------

TEST_P(StoreTest, AStoreOnAConnectionCommitsWithTheCallersTransaction) {
    World w = make_world();
    ASSERT_OK(db().transaction([&](Connection& c) -> StorageResult<void> {
        Store inside(c, clock_);
        auto m = inside.create_message(w.channel.id, "1.1", "2.2");
        if (!m) return unexpected(m.error());
        // Several-statement methods join the open transaction instead of starting one.
        auto org = inside.create_organization("initech", std::nullopt);
        if (!org) return unexpected(org.error());
        auto ok = inside.set_last_message_sent(w.channel.id, 77);
        if (!ok) return ok;
        return {};
    }));
    EXPECT_EQ(count("messages"), 1);
    EXPECT_EQ(count("organizations"), 2);
    EXPECT_EQ(store().channel(w.channel.id)->last_message_sent, 77);
}

TEST_P(StoreTest, AStoreOnAConnectionRollsBackWithTheCallersTransaction) {
    World w = make_world();
    auto outcome = db().transaction([&](Connection& c) -> StorageResult<void> {
        Store inside(c, clock_);
        auto m = inside.create_message(w.channel.id, "1.1", "2.2");
        if (!m) return unexpected(m.error());
        auto org = inside.create_organization("initech", std::nullopt);
        if (!org) return unexpected(org.error());
        // Something later in the same unit of work fails: none of it may remain.
        return unexpected(StorageError{Kind::Invalid, "the caller changed its mind"});
    });
    ASSERT_FALSE(outcome);
    EXPECT_EQ(count("messages"), 0);
    EXPECT_EQ(count("organizations"), 1);
    EXPECT_EQ(count("api_tokens"), 1);
}

// --- the context generation (commands::ContextCache) ------------------------------------------

// Every change to what a cached channel context or profile holds raises the generation, from
// any process (here a second Database, as another process would open it); a relayed message
// touching the channel's last activity does not, or the cache would never be used.
TEST_P(StoreTest, ContextGenerationRisesWithEveryContextChangeButNotWithActivity) {
    auto w = make_world();
    auto other_db = open_another();
    Store other(*other_db, clock_);
    auto generation = [&] {
        auto g = store().context_generation();
        EXPECT_TRUE(g) << g.error().message;
        return g ? *g : -1;
    };
    Profile profile{"U100", "preston", std::string("Preston"), std::nullopt, "https://img/1"};
    ASSERT_OK(store().upsert_platform_user(w.workspace.id, profile));
    ASSERT_OK(store().upsert_platform_agent(w.integration.id, profile));

    auto before = generation();
    ASSERT_OK(other.set_last_message_sent(w.channel.id, 1'800'000'000'000));
    ASSERT_OK(store().create_message_once(w.channel.id, "1.1", "2.2", MessageOrigin::Customer));
    EXPECT_EQ(generation(), before) << "activity and mappings must leave cached contexts valid";

    auto expect_raised = [&](const char* what, auto&& change) {
        auto was = generation();
        change();
        EXPECT_GT(generation(), was) << what << " left the generation as it was";
    };
    expect_raised("pausing", [&] { ASSERT_OK(other.set_paused(w.channel.id, true)); });
    expect_raised("the not-paused warning",
                  [&] { ASSERT_OK(other.mark_not_paused_warning(w.channel.id, 5)); });
    expect_raised("a new support token", [&] {
        ASSERT_OK(other.set_integration_token(w.integration.id, Secret("xoxb-new")));
    });
    expect_raised("a workspace's new token", [&] {
        ASSERT_OK(other.upsert_workspace(w.org.organization.id,
                                         {"acme customers", PlatformType::Slack, "TC-acme",
                                          "acme-customers", Secret("xoxb-customer-new")}));
    });
    profile.display_name = "Preston Q.";
    expect_raised("a refreshed customer profile",
                  [&] { ASSERT_OK(other.upsert_platform_user(w.workspace.id, profile)); });
    expect_raised("a refreshed agent profile",
                  [&] { ASSERT_OK(other.upsert_platform_agent(w.integration.id, profile)); });
    expect_raised("archiving", [&] { ASSERT_OK(other.set_archived(w.channel.id, true)); });
    expect_raised("deleting the channel", [&] { ASSERT_OK(other.delete_channel(w.channel.id)); });
}

// The relay's last-activity write changes the row only when it moves a minute or more ahead:
// most relays then write nothing to the channel.
TEST_P(StoreTest, TouchLastMessageSentMovesItOnlyByAMinuteOrMore) {
    auto w = make_world();
    ASSERT_OK(store().set_last_message_sent(w.channel.id, 1'800'000'000'000));
    auto last = [&] {
        auto channel = store().channel(w.channel.id);
        EXPECT_TRUE(channel) << channel.error().message;
        return channel ? channel->last_message_sent : 0;
    };
    ASSERT_OK(store().touch_last_message_sent(w.channel.id, 1'800'000'059'000));
    EXPECT_EQ(last(), 1'800'000'000'000);
    ASSERT_OK(store().touch_last_message_sent(w.channel.id, 1'800'000'061'000));
    EXPECT_EQ(last(), 1'800'000'061'000);
    ASSERT_OK(store().touch_last_message_sent(w.channel.id + 1000, 1'900'000'000'000));
}

// The message mapping is written once: a second write for either ts (a retried job) changes
// nothing and is no error.
TEST_P(StoreTest, CreateMessageOnceKeepsTheFirstMappingOfEitherTs) {
    auto w = make_world();
    ASSERT_OK(store().create_message_once(w.channel.id, "1.1", "2.2", MessageOrigin::Customer));
    ASSERT_OK(store().create_message_once(w.channel.id, "1.1", "2.2", MessageOrigin::Customer));
    ASSERT_OK(store().create_message_once(w.channel.id, "1.1", "3.3", MessageOrigin::Agent));
    ASSERT_OK(store().create_message_once(w.channel.id, "4.4", "2.2", MessageOrigin::Agent));
    EXPECT_EQ(count("messages"), 1);
    auto found = store().find_message_by_integration_id(w.channel.id, "1.1");
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->customer_msg_id, std::optional<std::string>("2.2"));
    EXPECT_EQ((*found)->origin, MessageOrigin::Customer);
}

MEGATRON_INSTANTIATE_BACKENDS(StoreTest);

}  // namespace
}  // namespace megatron::storage::test
