#pragma once
// Database on PostgreSQL (libpq): a bounded pool of connections opened on demand; a lost
// connection is dropped and replaced on the next use.
#include "storage/sql.hpp"

#include <memory>
#include <string>

namespace megatron::storage::postgres {

struct PostgresOptions {
    int pool_size = 4;
    int serialization_retries = 5;  // extra attempts after a serialization failure or deadlock
};

StorageResult<std::unique_ptr<Database>> open_postgres(const std::string& url,
                                                       PostgresOptions options = {});

}  // namespace megatron::storage::postgres
