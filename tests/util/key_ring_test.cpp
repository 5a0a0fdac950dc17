// AES-256-GCM sealing of secrets at rest (util/key_ring).
#include "util/key_ring.hpp"

#include <gtest/gtest.h>

namespace megatron::crypto {
namespace {

KeyRing ring(std::vector<char> firsts) {
    std::vector<Secret> keys;
    for (char c : firsts) keys.emplace_back(std::string(kSecretKeyBytes, c));
    return *KeyRing::from_keys(keys);
}

TEST(KeyRing, SealsToTextNamingTheKeyAndOpensBack) {
    auto r = ring({'a'});
    auto sealed = r.seal("xoxb-123", "integrations.bot_token");
    EXPECT_TRUE(is_sealed(sealed));
    EXPECT_EQ(sealed.find("xoxb"), std::string::npos);
    EXPECT_EQ(sealed_key_id(sealed), r.current_key_id());
    EXPECT_NE(sealed, r.seal("xoxb-123", "integrations.bot_token"));  // a fresh nonce each time
    auto opened = r.open(sealed, "integrations.bot_token");
    ASSERT_TRUE(opened) << opened.error();
    EXPECT_EQ(*opened, "xoxb-123");
}

TEST(KeyRing, AnotherColumnsContextOrAChangedByteDoesNotOpen) {
    auto r = ring({'a'});
    auto sealed = r.seal("xoxb-123", "integrations.bot_token");
    EXPECT_FALSE(r.open(sealed, "customer_workspaces.bot_token"));
    auto tampered = sealed;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    auto opened = r.open(tampered, "integrations.bot_token");
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.error().find("wrong key or damaged value"), std::string::npos);
}

TEST(KeyRing, ARingOpensWhatAnyOfItsKeysSealedAndSealsWithTheFirst) {
    auto old_ring = ring({'a'});
    auto sealed = old_ring.seal("t", "c");
    auto rotating = ring({'b', 'a'});
    EXPECT_FALSE(rotating.sealed_with_current(sealed));
    ASSERT_TRUE(rotating.open(sealed, "c"));
    EXPECT_TRUE(rotating.sealed_with_current(rotating.seal("t", "c")));
    auto unknown = ring({'b'}).open(sealed, "c");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().find(old_ring.current_key_id()), std::string::npos);
}

TEST(KeyRing, KeysMustBe32Bytes) {
    EXPECT_FALSE(KeyRing::from_keys({Secret("short")}));
    EXPECT_FALSE(KeyRing::from_keys({}));
}

}  // namespace
}  // namespace megatron::crypto
