#pragma once
// The columns that hold secrets (bot tokens, organizations' verification tokens) and how they
// are kept at rest: sealed with the database's key ring (util/key_ring.hpp) when it has one,
// as they are otherwise. A plain value read back is returned as it is (rows written before a
// key was set, until the start-up pass seals them); a sealed value without a ring, or under a
// key the ring does not hold, is an Invalid StorageError naming the table and row only.
#include "storage/sql.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace megatron::storage {

struct SecretColumn {
    const char* table;
    const char* column;
    std::string context() const { return std::string(table) + "." + column; }
};

inline constexpr SecretColumn kVerificationTokenColumn{"organizations", "verification_token"};
inline constexpr SecretColumn kIntegrationTokenColumn{"integrations", "bot_token"};
inline constexpr SecretColumn kWorkspaceTokenColumn{"customer_workspaces", "bot_token"};
inline constexpr std::array<SecretColumn, 3> kSecretColumns = {
    kVerificationTokenColumn, kIntegrationTokenColumn, kWorkspaceTokenColumn};

// What goes into the column for `plain`.
std::string seal_secret(const crypto::KeyRing* ring, const std::string& plain,
                        const SecretColumn& column);
// The plain value of what the column holds.
StorageResult<std::string> open_secret(const crypto::KeyRing* ring, const std::string& stored,
                                       const SecretColumn& column);

enum class Reseal {
    PlainOnly,   // start-up with a key: seal what was stored before there was one
    NotCurrent,  // rotate-secret-key: also re-seal what an older key of the ring sealed
};

// Seals every secret the mode selects under the ring's current key, one row at a time and
// only if the row still holds what was read (a server writing at the same time wins), so it
// runs while servers keep serving. Returns how many rows changed. Fails (changing nothing
// further) on the first value the ring cannot open.
StorageResult<std::int64_t> reseal_secrets(Database& db, const crypto::KeyRing& ring, Reseal mode);

// Checks that every stored secret can be read with `ring` (nullptr: that none is sealed), so
// a wrong or missing key stops start-up with one line instead of failing jobs later.
StorageResult<void> check_secrets(Database& db, const crypto::KeyRing* ring);

}  // namespace megatron::storage
