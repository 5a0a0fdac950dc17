#pragma once
// Database on SQLite: a small pool of WAL-mode connections. SQLite allows one writer at a
// time, so transactions also queue on an in-process writer lock (cheaper than spinning in the
// busy handler) and take the file's write lock up front with BEGIN IMMEDIATE. Checkpoints run
// on a thread of their own, never in a committing one.
#include "storage/sql.hpp"

#include <memory>
#include <string>

namespace megatron::storage::sqlite {

struct SqliteOptions {
    int pool_size = 4;           // ":memory:" always uses one connection (one private database)
    int busy_timeout_ms = 5000;  // how long a statement waits for another process's lock
    int busy_retries = 5;        // BEGIN IMMEDIATE attempts after the busy timeout expired
};

StorageResult<std::unique_ptr<Database>> open_sqlite(const std::string& path,
                                                     SqliteOptions options = {});

}  // namespace megatron::storage::sqlite
