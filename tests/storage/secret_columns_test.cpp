// Secrets at rest (issue 20): bot tokens and verification tokens are sealed in the database,
// read back in plain text through the Store, re-sealed under a new key while readable, and a
// wrong key is one clear error.
#include "storage/secret_columns.hpp"
#include "backend.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"
#include "util/key_ring.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace megatron::storage::test {
namespace {

std::shared_ptr<const crypto::KeyRing> ring_of(std::vector<char> firsts) {
    std::vector<Secret> keys;
    for (char c : firsts) keys.emplace_back(std::string(crypto::kSecretKeyBytes, c));
    auto ring = crypto::KeyRing::from_keys(keys);
    EXPECT_TRUE(ring) << ring.error();
    return std::make_shared<const crypto::KeyRing>(std::move(*ring));
}

class SecretColumnsTest : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(migrate(db(), core_migrations()));
    }

    // An organization with a support and a customer workspace, through the Store.
    void make_world() {
        Store store(db());
        auto org = store.create_organization("acme", std::nullopt);
        ASSERT_OK(org);
        org_id_ = org->organization.id;
        verification_ = org->organization.verification_token;
        ASSERT_OK(store.set_verification_token(org_id_, "verify-acme-0123456789"));
        ASSERT_OK(store.create_integration(org_id_, PlatformType::Slack, "TSUP",
                                           Secret("xoxb-support-secret-1")));
        ASSERT_OK(
            store.upsert_workspace(org_id_, {"Customer Co", PlatformType::Slack, "TCUS",
                                             "customer-co", Secret("xoxb-customer-secret-2")}));
    }

    // Every token readable in plain text through the Store.
    void expect_tokens_readable() {
        Store store(db());
        auto org = store.organization(org_id_);
        ASSERT_OK(org);
        EXPECT_EQ(org->verification_token, "verify-acme-0123456789");
        auto integration = store.find_integration(PlatformType::Slack, "TSUP");
        ASSERT_OK(integration);
        ASSERT_TRUE(*integration);
        EXPECT_EQ((*integration)->bot_token.reveal(), "xoxb-support-secret-1");
        auto workspaces = store.workspaces_for(org_id_);
        ASSERT_OK(workspaces);
        ASSERT_EQ(workspaces->size(), 1u);
        EXPECT_EQ(workspaces->front().bot_token.reveal(), "xoxb-customer-secret-2");
    }

    void expect_no_plain_token() {
        auto copy = raw_copy();
        for (const char* token : {"xoxb-support-secret-1", "xoxb-customer-secret-2",
                                  "verify-acme-0123456789", "xoxb-"}) {
            EXPECT_EQ(copy.find(token), std::string::npos) << token;
        }
    }

    std::int64_t org_id_ = 0;
    std::string verification_;
};

TEST_P(SecretColumnsTest, ACopyOfTheDatabaseHoldsNoTokenAndTheStoreReadsThemAll) {
    db().set_key_ring(ring_of({'a'}));
    make_world();
    if (HasFatalFailure()) return;
    expect_no_plain_token();
    expect_tokens_readable();
}

TEST_P(SecretColumnsTest, PlainRowsFromBeforeTheKeyAreSealedByTheStartUpPass) {
    make_world();  // no key yet: stored as they are
    if (HasFatalFailure()) return;
    EXPECT_NE(raw_copy().find("xoxb-support-secret-1"), std::string::npos);
    auto ring = ring_of({'a'});
    ASSERT_OK(check_secrets(db(), ring.get()));  // plain rows are readable with any ring
    auto sealed = reseal_secrets(db(), *ring, Reseal::PlainOnly);
    ASSERT_OK(sealed);
    EXPECT_EQ(*sealed, 3);
    db().set_key_ring(ring);
    EXPECT_EQ(all_stored_text().find("xoxb-"), std::string::npos);
    expect_tokens_readable();
    auto again = reseal_secrets(db(), *ring, Reseal::PlainOnly);
    ASSERT_OK(again);
    EXPECT_EQ(*again, 0);
}

TEST_P(SecretColumnsTest, RotationReSealsUnderTheNewKeyAndEveryTokenStaysReadable) {
    db().set_key_ring(ring_of({'a'}));
    make_world();
    if (HasFatalFailure()) return;
    // Servers run with the new key first and the old one after it while rows are re-sealed.
    auto both = ring_of({'b', 'a'});
    db().set_key_ring(both);
    expect_tokens_readable();
    auto changed = reseal_secrets(db(), *both, Reseal::NotCurrent);
    ASSERT_OK(changed);
    EXPECT_EQ(*changed, 3);
    // The old key can go now.
    auto only_new = ring_of({'b'});
    ASSERT_OK(check_secrets(db(), only_new.get()));
    db().set_key_ring(only_new);
    expect_tokens_readable();
    expect_no_plain_token();
}

TEST_P(SecretColumnsTest, AWrongKeyIsOneClearErrorWithoutTheToken) {
    db().set_key_ring(ring_of({'a'}));
    make_world();
    if (HasFatalFailure()) return;
    auto wrong = ring_of({'c'});
    auto checked = check_secrets(db(), wrong.get());
    ASSERT_FALSE(checked);
    EXPECT_NE(checked.error().message.find("which MEGATRON_SECRET_KEY does not hold"),
              std::string::npos)
        << checked.error().message;
    EXPECT_EQ(checked.error().message.find('\n'), std::string::npos);
    auto none = check_secrets(db(), nullptr);
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message.find("MEGATRON_SECRET_KEY is not set"), std::string::npos)
        << none.error().message;
    db().set_key_ring(wrong);
    auto read = Store(db()).find_integration(PlatformType::Slack, "TSUP");
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().message.find("xoxb"), std::string::npos);
}

MEGATRON_INSTANTIATE_BACKENDS(SecretColumnsTest);

}  // namespace
}  // namespace megatron::storage::test
