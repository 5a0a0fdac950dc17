#pragma once
// DATABASE_URL parsing: which back end, and where.
#include "util/expected.hpp"

#include <string>

namespace megatron::config {

struct DatabaseUrl {
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    std::string sqlite_path;   // for Sqlite: file path (":memory:" allowed)
    std::string postgres_url;  // for Postgres: the URL as libpq takes it
};

// sqlite:///relative.db, sqlite:////absolute/path.db, sqlite://:memory:,
// postgres://... and postgresql://...
Expected<DatabaseUrl, std::string> parse_database_url(const std::string& url);

// A URL safe to print: the password replaced by ***.
std::string redact_url(const std::string& url);

}  // namespace megatron::config
