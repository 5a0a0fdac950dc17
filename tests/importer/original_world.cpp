#include "importer/original_world.hpp"

#include "config/database_url.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace megatron::test {
namespace {

// The original's schema and sample rows (SQL, so not one of fixtures.hpp's JSON fixtures).
std::string fixture_sql() {
    const auto path = fixtures_dir() / "original" / "schema.sql";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::unique_ptr<storage::Database> open(const std::string& url) {
    auto parsed = config::parse_database_url(url);
    if (!parsed) throw std::runtime_error("bad database url: " + parsed.error());
    auto db = storage::open_database(*parsed, 2);
    if (!db) throw std::runtime_error("cannot open a test database: " + db.error().message);
    return std::move(*db);
}

std::string cell(const storage::Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return "NULL";
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
    return "'" + std::get<std::string>(v) + "'";
}

}  // namespace

std::string target_name(const ::testing::TestParamInfo<Target>& info) {
    switch (info.param) {
        case Target::Sqlite:
            return "Sqlite";
        case Target::Postgres:
            return "Postgres";
        case Target::PostgresRedis:
            return "PostgresRedis";
    }
    return "Unknown";
}

void PrintTo(Target target, std::ostream* os) {
    *os << target_name(::testing::TestParamInfo<Target>(target, 0));
}

OriginalWorld::OriginalWorld(Target target) {
    auto admin = postgres_admin_url();
    if (!admin) {
        unavailable_ = "MEGATRON_TEST_POSTGRES_URL is not set: run through scripts/test.sh";
        return;
    }
    original_pg_ = std::make_unique<PostgresDatabase>(*admin);
    original_url_ = original_pg_->url();
    original_ = open(original_url_);
    auto loaded = original_->execute(fixture_sql());
    if (!loaded) throw std::runtime_error("cannot load the fixture: " + loaded.error().message);

    if (target != Target::Sqlite) {
        target_pg_ = std::make_unique<PostgresDatabase>(*admin);
        target_url_ = target_pg_->url();
    } else {
        dir_.emplace();
        target_url_ = "sqlite:///" + dir_->path() + "/megatron.db";
    }
    target_ = open(target_url_);
    auto core = storage::migrate(*target_, storage::core_migrations());
    if (!core) throw std::runtime_error("cannot migrate the target: " + core.error().message);
}

OriginalWorld::~OriginalWorld() {
    original_.reset();
    target_.reset();
}

ProcessResult OriginalWorld::import(const std::vector<std::string>& args) const {
    std::vector<std::string> all{"import-original", "--from", original_url_};
    all.insert(all.end(), args.begin(), args.end());
    return run(megatron_binary(), all, {{"DATABASE_URL", target_url_}});
}

std::string OriginalWorld::dump() {
    std::string out;
    for (const char* table : {"organizations", "api_tokens", "integrations", "customer_workspaces",
                              "platform_users", "platform_agents", "channels", "messages"}) {
        auto rows = target_->execute(std::string("SELECT * FROM ") + table + " ORDER BY id");
        if (!rows) throw std::runtime_error("cannot read " + std::string(table));
        for (const auto& row : rows->rows) {
            out += table;
            for (const auto& v : row.columns) out += " " + cell(v);
            out += "\n";
        }
    }
    return out;
}

std::int64_t OriginalWorld::count(const std::string& table) {
    auto r = target_->execute("SELECT COUNT(*) FROM " + table);
    if (!r || r->rows.empty()) throw std::runtime_error("cannot count " + table);
    return r->rows.front().integer(0);
}

}  // namespace megatron::test
