#pragma once
// Secrets at rest: AES-256-GCM (OpenSSL EVP) under keys the operator holds outside the
// database (MEGATRON_SECRET_KEY). A sealed value is text, so it fits the TEXT columns that
// held the plain secret:
//     enc:v1:<key id>:<hex(12-byte nonce | ciphertext | 16-byte tag)>
// The key id (8 hex characters of a hash of the key) says which key sealed it, so a ring of
// several keys opens values sealed under any of them while it seals under the first: that is
// what lets `megatron admin rotate-secret-key` re-encrypt rows while servers keep running.
// `context` (e.g. "integrations.bot_token") is authenticated with the value, so a sealed
// value copied into another column does not open.
#include "util/expected.hpp"
#include "util/secret.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace megatron::crypto {

inline constexpr std::size_t kSecretKeyBytes = 32;

class KeyRing {
  public:
    // `keys`: raw 32-byte keys, the first one seals. Fails on an empty list or a wrong size.
    static Expected<KeyRing, std::string> from_keys(const std::vector<Secret>& keys);

    // Throws only when OpenSSL itself fails (no randomness): a programming-level failure.
    std::string seal(std::string_view plaintext, std::string_view context) const;
    // The plaintext, or one line saying why not (unknown key id, wrong key or damaged value).
    // Never includes the value.
    Expected<std::string, std::string> open(std::string_view sealed,
                                            std::string_view context) const;

    const std::string& current_key_id() const { return keys_.front().id; }
    // True when `stored` was sealed with the key seal() uses now.
    bool sealed_with_current(std::string_view stored) const;

  private:
    struct Key {
        std::string id;
        Secret bytes;
    };
    explicit KeyRing(std::vector<Key> keys) : keys_(std::move(keys)) {}
    const Key* find(std::string_view id) const;
    std::vector<Key> keys_;
};

// True for a value written by KeyRing::seal (plain tokens never start with "enc:").
bool is_sealed(std::string_view stored);
// The key id a sealed value names ("" when `stored` is not sealed).
std::string sealed_key_id(std::string_view stored);
// The key id of a raw key (what sealed values carry).
std::string key_id(std::string_view raw_key);

}  // namespace megatron::crypto
