#include "backend.hpp"

#include "config/database_url.hpp"
#include "storage/open.hpp"

#include <fstream>
#include <sstream>

namespace megatron::storage::test {

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

void PrintTo(Backend backend, std::ostream* os) {
    *os << (backend == Backend::Sqlite ? "Sqlite" : "Postgres");
}

void BackendTest::SetUp() {
    if (GetParam() == Backend::Sqlite) {
        dir_.emplace();
        url_ = "sqlite:///" + dir_->path() + "/megatron.db";
    } else {
        auto admin = megatron::test::postgres_admin_url();
        ASSERT_TRUE(admin.has_value())
            << "MEGATRON_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh "
               "(or scripts/test-services.sh start) so a PostgreSQL server is available";
        pg_ = std::make_unique<megatron::test::PostgresDatabase>(*admin);
        url_ = pg_->url();
    }
    db_ = open_another();
    ASSERT_NE(db_, nullptr);
}

std::unique_ptr<Database> BackendTest::open_another(int pool_size) {
    auto parsed = config::parse_database_url(url_);
    EXPECT_TRUE(parsed) << "bad test database URL";
    if (!parsed) return nullptr;
    auto opened = open_database(*parsed, pool_size);
    EXPECT_TRUE(opened) << opened.error().message;
    if (!opened) return nullptr;
    return std::move(*opened);
}

std::int64_t BackendTest::count(const std::string& table) {
    auto r = db_->execute("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->rows.at(0).integer(0) : -1;
}

std::string BackendTest::all_stored_text() {
    auto tables =
        db_->execute(GetParam() == Backend::Sqlite
                         ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                         : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                           "current_schema()");
    EXPECT_TRUE(tables) << tables.error().message;
    if (!tables) return {};
    std::string text;
    for (const auto& table : tables->rows) {
        auto rows = db_->execute("SELECT * FROM " + table.text(0));
        EXPECT_TRUE(rows) << rows.error().message;
        if (!rows) continue;
        for (const auto& row : rows->rows) {
            for (const auto& value : row.columns) {
                if (const auto* s = std::get_if<std::string>(&value)) text += *s + "\n";
            }
        }
    }
    return text;
}

std::string BackendTest::raw_copy() {
    if (GetParam() != Backend::Sqlite) return all_stored_text();
    std::stringstream bytes;
    for (const char* suffix : {"", "-wal"}) {
        std::ifstream in(dir_->path() + "/megatron.db" + suffix, std::ios::binary);
        bytes << in.rdbuf();
    }
    return bytes.str();
}

}  // namespace megatron::storage::test
