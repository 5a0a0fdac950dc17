#include "storage/secret_columns.hpp"

#include "util/key_ring.hpp"

#include <fmt/format.h>

namespace megatron::storage {
namespace {

// The error of a value that does not open, with the row it is in (never the value).
StorageError in_row(const StorageError& e, const Row& row) {
    return StorageError{StorageError::Kind::Invalid,
                        fmt::format("{} (row {})", e.message, row.integer(0))};
}

StorageResult<Result> rows_of(Database& db, const SecretColumn& column) {
    return db.execute(
        fmt::format("SELECT id, {} FROM {} ORDER BY id", column.column, column.table));
}

// One row re-sealed, unless a concurrent writer changed it since it was read.
StorageResult<std::int64_t> reseal_row(Database& db, const crypto::KeyRing& ring,
                                       const SecretColumn& column, const Row& row) {
    const std::string stored = row.text(1);
    StorageResult<std::string> plain = stored;
    if (crypto::is_sealed(stored)) plain = open_secret(&ring, stored, column);
    if (!plain) return unexpected(in_row(plain.error(), row));
    auto updated = db.execute(
        fmt::format("UPDATE {0} SET {1} = ? WHERE id = ? AND {1} = ?", column.table, column.column),
        {ring.seal(*plain, column.context()), row.integer(0), stored});
    if (!updated) return unexpected(updated.error());
    return updated->affected;
}

}  // namespace

std::string seal_secret(const crypto::KeyRing* ring, const std::string& plain,
                        const SecretColumn& column) {
    return ring != nullptr ? ring->seal(plain, column.context()) : plain;
}

StorageResult<std::string> open_secret(const crypto::KeyRing* ring, const std::string& stored,
                                       const SecretColumn& column) {
    if (!crypto::is_sealed(stored)) return stored;
    if (ring == nullptr) {
        return unexpected(StorageError{
            StorageError::Kind::Invalid,
            fmt::format("{}.{} is encrypted (key {}) but MEGATRON_SECRET_KEY is not set",
                        column.table, column.column, crypto::sealed_key_id(stored))});
    }
    auto plain = ring->open(stored, column.context());
    if (!plain) {
        return unexpected(
            StorageError{StorageError::Kind::Invalid,
                         fmt::format("{}.{}: {}", column.table, column.column, plain.error())});
    }
    return std::move(*plain);
}

StorageResult<std::int64_t> reseal_secrets(Database& db, const crypto::KeyRing& ring, Reseal mode) {
    std::int64_t changed = 0;
    for (const auto& column : kSecretColumns) {
        auto rows = rows_of(db, column);
        if (!rows) return unexpected(rows.error());
        for (const auto& row : rows->rows) {
            const std::string stored = row.text(1);
            const bool wanted = mode == Reseal::PlainOnly ? !crypto::is_sealed(stored)
                                                          : !ring.sealed_with_current(stored);
            if (!wanted) continue;
            auto done = reseal_row(db, ring, column, row);
            if (!done) return unexpected(done.error());
            changed += *done;
        }
    }
    return changed;
}

StorageResult<void> check_secrets(Database& db, const crypto::KeyRing* ring) {
    for (const auto& column : kSecretColumns) {
        auto rows = rows_of(db, column);
        if (!rows) return unexpected(rows.error());
        for (const auto& row : rows->rows) {
            auto plain = open_secret(ring, row.text(1), column);
            if (!plain) return unexpected(in_row(plain.error(), row));
        }
    }
    return {};
}

}  // namespace megatron::storage
