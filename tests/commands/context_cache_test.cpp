// commands/channel_context: the process's cache of channel contexts and profiles. A job sees
// every change another process made before it started (the generation is read first), and
// entries of an older generation are never served.
#include "commands/channel_context.hpp"
#include "commands/sqlite_database.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

namespace megatron::commands {
namespace {

class ContextCacheTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = test::migrated_sqlite(dir_.path());
        ASSERT_NE(db_, nullptr);
        // A second handle on the same file: what another Megatron process changes.
        other_ = test::migrated_sqlite(dir_.path());
        ASSERT_NE(other_, nullptr);
        storage::Store store(*other_, clock_);
        auto org = store.create_organization("acme", "https://bot.acme.example/commands");
        ASSERT_TRUE(org) << org.error().message;
        auto integration = store.create_integration(
            org->organization.id, storage::PlatformType::Slack, "T-acme", Secret("xoxb-support"));
        ASSERT_TRUE(integration) << integration.error().message;
        auto workspace = store.upsert_workspace(
            org->organization.id, {"acme customers", storage::PlatformType::Slack, "TC-acme",
                                   "acme-customers", Secret("xoxb-customer")});
        ASSERT_TRUE(workspace) << workspace.error().message;
        organization_id_ = org->organization.id;
        auto channel = store.create_channel(
            {org->organization.id, integration->id, workspace->id, "zz-carla", "C100", "U100", 0});
        ASSERT_TRUE(channel) << channel.error().message;
        channel_id_ = channel->id;
    }

    // What a relay job's opening does: the context through the cache.
    std::variant<ChannelContext, jobs::JobOutcome> load() {
        storage::Store store(*db_, clock_);
        return load_channel_context(store, channel_id_, cache_, at_);
    }
    ChannelContext loaded() {
        auto context = load();
        EXPECT_TRUE(std::holds_alternative<ChannelContext>(context));
        return std::holds_alternative<ChannelContext>(context) ? std::get<ChannelContext>(context)
                                                               : ChannelContext{};
    }

    megatron::test::TempDir dir_;
    SystemClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::Database> other_;
    std::int64_t organization_id_ = 0;
    std::int64_t channel_id_ = 0;
    ContextCache cache_;
    CachedAt at_;
};

TEST_F(ContextCacheTest, AChangeInAnotherProcessIsSeenByTheNextJob) {
    EXPECT_FALSE(loaded().channel.is_paused);
    storage::Store other(*other_, clock_);
    ASSERT_TRUE(other.set_paused(channel_id_, true));
    EXPECT_TRUE(loaded().channel.is_paused) << "a paused channel was served from memory";

    ASSERT_TRUE(other.upsert_workspace(organization_id_,
                                       {"acme customers", storage::PlatformType::Slack, "TC-acme",
                                        "acme-customers", Secret("xoxb-rotated")}));
    EXPECT_EQ(loaded().workspace.bot_token.reveal(), "xoxb-rotated");

    ASSERT_TRUE(other.set_archived(channel_id_, true));
    auto archived = load();
    ASSERT_TRUE(std::holds_alternative<jobs::JobOutcome>(archived))
        << "an archived channel's job ran from a cached context";
}

TEST_F(ContextCacheTest, AnUnchangedContextIsServedFromMemory) {
    auto first = loaded();
    auto generation = at_.generation;
    // Writing the channel's row behind the triggers' back (as no Megatron code does) shows
    // where the second load comes from.
    auto renamed =
        other_->execute("UPDATE channels SET name = 'zz-renamed' WHERE id = ?", {channel_id_});
    ASSERT_TRUE(renamed);
    ASSERT_TRUE(
        other_->execute("UPDATE context_generation SET value = ? WHERE id = 1", {generation}));
    EXPECT_EQ(loaded().channel.name, first.channel.name);
    EXPECT_EQ(at_.cache, &cache_);
    // A relayed message's activity leaves the cache valid.
    storage::Store other(*other_, clock_);
    ASSERT_TRUE(other.set_last_message_sent(channel_id_, 1'800'000'000'000));
    EXPECT_EQ(loaded().channel.name, first.channel.name);
}

TEST(ContextCache, EntriesOfAnOlderGenerationAreNeverServed) {
    ContextCache cache;
    storage::Profile carla;
    carla.platform_id = "U100";
    carla.username = "carla";
    cache.keep(5, ContextCache::Person::Customer, 1, carla);
    EXPECT_TRUE(cache.profile(5, ContextCache::Person::Customer, 1, "U100"));
    EXPECT_FALSE(cache.profile(5, ContextCache::Person::Agent, 1, "U100"));
    // A job that read generation 6 empties the cache; one still on 5 can neither read nor add.
    EXPECT_FALSE(cache.profile(6, ContextCache::Person::Customer, 1, "U100"));
    cache.keep(5, ContextCache::Person::Customer, 1, carla);
    EXPECT_FALSE(cache.profile(6, ContextCache::Person::Customer, 1, "U100"));
    EXPECT_FALSE(cache.profile(5, ContextCache::Person::Customer, 1, "U100"));
}

}  // namespace
}  // namespace megatron::commands
