#include "job_backend.hpp"

#include "config/database_url.hpp"
#include "jobs/migrations.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"

#include <vector>

namespace megatron::jobs::test {

void PrintTo(Backend backend, std::ostream* os) {
    *os << (backend == Backend::Sqlite ? "Sqlite" : "Postgres");
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
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

}  // namespace megatron::jobs::test
