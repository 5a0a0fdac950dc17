#pragma once
// Versioned schema migrations, recorded in schema_migrations(component, version, name,
// applied_at). Each component ("core", "jobs", ...) numbers its own migrations from 1.
#include "storage/sql.hpp"

#include <span>
#include <string>
#include <vector>

namespace megatron::storage {

struct Migration {
    std::string component;     // e.g. "core", "jobs"
    int version = 0;           // unique within the component; applied in ascending order
    std::string name;          // for humans ("create organizations")
    std::string sqlite_sql;    // may hold several statements
    std::string postgres_sql;  // may hold several statements
};

// Applies every migration not yet recorded, in version order per component, each in its own
// transaction together with its schema_migrations row. Safe to run twice and from several
// processes at once: PostgreSQL serializes migrators with an advisory transaction lock,
// SQLite with BEGIN IMMEDIATE. Returns how many migrations this call applied.
StorageResult<int> migrate(Database& db, std::span<const Migration> migrations);

// Versions of `component` already applied, ascending (empty before the first migration).
StorageResult<std::vector<int>> applied_versions(Database& db, const std::string& component);

// Megatron's own schema (component "core"): the data model of store.hpp.
std::span<const Migration> core_migrations();

}  // namespace megatron::storage
