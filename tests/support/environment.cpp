#include "support/environment.hpp"

#include "util/crypto.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace megatron::test {
namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}

void admin_exec(const std::string& admin_url, const std::string& sql) {
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(admin_url.c_str()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        throw std::runtime_error(std::string("test postgres unreachable: ") +
                                 PQerrorMessage(conn.get()));
    }
    std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(conn.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        throw std::runtime_error(std::string("test postgres: ") + PQerrorMessage(conn.get()));
    }
}

// "postgres://u@h:p/db?x" -> "postgres://u@h:p/<name>?x"
std::string with_database(const std::string& url, const std::string& name) {
    auto scheme_end = url.find("://");
    auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    auto query = url.find('?');
    std::string base = url.substr(0, path_start == std::string::npos ? query : path_start);
    std::string rest = query == std::string::npos ? "" : url.substr(query);
    return base + "/" + name + rest;
}

}  // namespace

std::string megatron_binary() {
    return MEGATRON_BINARY_PATH;
}
std::string slack_sim_binary() {
    return SLACK_SIM_BINARY_PATH;
}

std::optional<std::string> postgres_admin_url() {
    return env("MEGATRON_TEST_POSTGRES_URL");
}
std::optional<std::string> redis_url() {
    return env("MEGATRON_TEST_REDIS_URL");
}

PostgresDatabase::PostgresDatabase(const std::string& admin_url)
    : admin_url_(admin_url), name_("megatron_test_" + crypto::random_hex(6)) {
    admin_exec(admin_url_, "CREATE DATABASE " + name_);
    url_ = with_database(admin_url_, name_);
}

PostgresDatabase::~PostgresDatabase() {
    try {
        admin_exec(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a leftover test database is harmless
    }
}

}  // namespace megatron::test
