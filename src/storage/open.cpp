#include "storage/open.hpp"

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace megatron::storage {

StorageResult<std::unique_ptr<Database>> open_database(const config::DatabaseUrl& url,
                                                       int pool_size) {
    switch (url.kind) {
        case config::DatabaseUrl::Kind::Postgres: {
            postgres::PostgresOptions options;
            options.pool_size = pool_size;
            return postgres::open_postgres(url.postgres_url, options);
        }
        case config::DatabaseUrl::Kind::Sqlite:
            break;
    }
    sqlite::SqliteOptions options;
    options.pool_size = pool_size;
    return sqlite::open_sqlite(url.sqlite_path, options);
}

}  // namespace megatron::storage
