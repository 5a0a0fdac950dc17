#include "job_backend.hpp"

#include "config/database_url.hpp"
#include "jobs/db_queue.hpp"
#include "jobs/migrations.hpp"
#include "jobs/redis_queue.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "util/crypto.hpp"

#include <sstream>
#include <vector>

namespace megatron::jobs::test {

void PrintTo(Backend backend, std::ostream* os) {
    switch (backend) {
        case Backend::Sqlite:
            *os << "Sqlite";
            break;
        case Backend::Postgres:
            *os << "Postgres";
            break;
        case Backend::PostgresRedis:
            *os << "PostgresRedis";
            break;
    }
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    std::ostringstream os;
    PrintTo(info.param, &os);
    return os.str();
}

TestDatabase::TestDatabase(Backend backend) {
    if (backend == Backend::Sqlite) {
        dir_.emplace();
        url_ = "sqlite:///" + dir_->path() + "/megatron.db";
    } else {
        auto admin = megatron::test::postgres_admin_url();
        if (!admin) {
            ADD_FAILURE() << "MEGATRON_TEST_POSTGRES_URL is not set: run the tests through "
                             "scripts/test.sh so a PostgreSQL server is available";
            return;
        }
        pg_ = std::make_unique<megatron::test::PostgresDatabase>(*admin);
        url_ = pg_->url();
    }
    if (backend == Backend::PostgresRedis) {
        auto redis = megatron::test::redis_url();
        if (!redis) {
            ADD_FAILURE() << "MEGATRON_TEST_REDIS_URL is not set: run the tests through "
                             "scripts/test.sh so a Redis server is available";
            return;
        }
        redis_url_ = *redis;
        redis_prefix_ = "megatron-test-" + crypto::random_hex(6);
    }
    auto db = open(2);
    if (!db) return;
    auto core = storage::core_migrations();
    std::vector<storage::Migration> all(core.begin(), core.end());
    auto job_tables = migrations();
    all.insert(all.end(), job_tables.begin(), job_tables.end());
    auto applied = storage::migrate(*db, all);
    EXPECT_TRUE(applied) << applied.error().message;
}

std::unique_ptr<storage::Database> TestDatabase::open(int pool_size) const {
    auto parsed = config::parse_database_url(url_);
    EXPECT_TRUE(parsed) << "bad test database URL";
    if (!parsed) return nullptr;
    auto opened = storage::open_database(*parsed, pool_size);
    EXPECT_TRUE(opened) << opened.error().message;
    if (!opened) return nullptr;
    return std::move(*opened);
}

std::unique_ptr<JobQueue> TestDatabase::queue(storage::Database& db, const Clock& clock) const {
    if (redis_url_.empty()) {
        auto parsed = config::parse_database_url(url_);
        bool postgres = parsed && parsed->kind == config::DatabaseUrl::Kind::Postgres;
        return std::make_unique<DbQueue>(db, clock, postgres ? parsed->postgres_url : "");
    }
    return std::make_unique<RedisQueue>(redis_url_, redis_prefix_, db, clock);
}

std::map<std::string, std::string> TestDatabase::env() const {
    return {{"DATABASE_URL", url_},
            {"REDIS_URL", redis_url_},
            {"MEGATRON_REDIS_PREFIX", redis_prefix_.empty() ? "megatron" : redis_prefix_}};
}

}  // namespace megatron::jobs::test
