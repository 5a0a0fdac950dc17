#pragma once
// Opens the back end a DATABASE_URL names.
#include "config/database_url.hpp"
#include "storage/sql.hpp"

#include <memory>

namespace megatron::storage {

// pool_size: connections kept per process (SQLite ":memory:" always uses one). Fails with
// Unavailable when the file cannot be opened or the server cannot be reached.
StorageResult<std::unique_ptr<Database>> open_database(const config::DatabaseUrl& url,
                                                       int pool_size);

}  // namespace megatron::storage
