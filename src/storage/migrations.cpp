#include "storage/migrations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>
#include <utility>

namespace megatron::storage {
namespace {

// Any fixed 64-bit number shared by every Megatron process ("megatron" in ASCII).
constexpr std::int64_t kAdvisoryLockKey = 0x6d65676174726f6e;

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " component TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL,"
    " PRIMARY KEY (component, version))";

std::int64_t now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Inside a transaction: make sure only this migrator proceeds, and that the table exists.
StorageResult<void> lock_and_prepare(Database& db, Connection& conn) {
    if (db.dialect() == Dialect::Postgres) {
        // Also guards CREATE TABLE IF NOT EXISTS, which races between two sessions on PostgreSQL.
        auto locked = conn.execute("SELECT pg_advisory_xact_lock(?)", {kAdvisoryLockKey});
        if (!locked) return unexpected(locked.error());
    }
    auto created = conn.execute(kCreateTable);
    if (!created) return unexpected(created.error());
    return {};
}

StorageResult<void> validate(std::span<const Migration> migrations) {
    std::set<std::pair<std::string, int>> seen;
    for (const auto& m : migrations) {
        if (m.component.empty() || m.version <= 0) {
            return unexpected(StorageError{
                StorageError::Kind::Invalid,
                fmt::format("migration '{}' needs a component and a positive version", m.name)});
        }
        if (!seen.emplace(m.component, m.version).second) {
            return unexpected(StorageError{
                StorageError::Kind::Invalid,
                fmt::format("migration {} {} is listed twice", m.component, m.version)});
        }
    }
    return {};
}

}  // namespace

StorageResult<int> migrate(Database& db, std::span<const Migration> migrations) {
    if (auto ok = validate(migrations); !ok) return unexpected(ok.error());

    std::vector<const Migration*> ordered;
    ordered.reserve(migrations.size());
    for (const auto& m : migrations) ordered.push_back(&m);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Migration* a, const Migration* b) {
        return std::tie(a->component, a->version) < std::tie(b->component, b->version);
    });

    int applied = 0;
    for (const Migration* m : ordered) {
        bool applied_here = false;  // reset per attempt: a retried transaction starts over
        auto outcome = db.transaction([&](Connection& conn) -> StorageResult<void> {
            applied_here = false;
            if (auto ok = lock_and_prepare(db, conn); !ok) return ok;
            auto existing =
                conn.execute("SELECT 1 FROM schema_migrations WHERE component = ? AND version = ?",
                             {m->component, std::int64_t{m->version}});
            if (!existing) return unexpected(existing.error());
            if (!existing->rows.empty()) return {};  // someone (maybe another process) did it

            const std::string& sql =
                db.dialect() == Dialect::Postgres ? m->postgres_sql : m->sqlite_sql;
            if (auto ran = conn.execute(sql); !ran) {
                auto e = ran.error();
                e.message = fmt::format("migration {} {} ({}) failed: {}", m->component, m->version,
                                        m->name, e.message);
                return unexpected(std::move(e));
            }
            auto recorded = conn.execute(
                "INSERT INTO schema_migrations (component, version, name, applied_at) "
                "VALUES (?, ?, ?, ?)",
                {m->component, std::int64_t{m->version}, m->name, now_millis()});
            if (!recorded) return unexpected(recorded.error());
            applied_here = true;
            return {};
        });
        if (!outcome) return unexpected(outcome.error());
        if (applied_here) ++applied;
    }
    return applied;
}

StorageResult<std::vector<int>> applied_versions(Database& db, const std::string& component) {
    std::vector<int> versions;
    auto outcome = db.transaction([&](Connection& conn) -> StorageResult<void> {
        if (auto ok = lock_and_prepare(db, conn); !ok) return ok;
        auto rows = conn.execute(
            "SELECT version FROM schema_migrations WHERE component = ? ORDER BY version",
            {component});
        if (!rows) return unexpected(rows.error());
        versions.clear();
        for (const auto& row : rows->rows) versions.push_back(static_cast<int>(row.integer(0)));
        return {};
    });
    if (!outcome) return unexpected(outcome.error());
    return versions;
}

}  // namespace megatron::storage
