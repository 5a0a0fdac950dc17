// Fuzz target: DATABASE_URL and REDIS_URL, read at start-up (and redacted for every log line
// that names the database). Each line of the input is tried as both.
#include "config/database_url.hpp"
#include "fuzz_input.hpp"
#include "jobs/redis_client.hpp"

#include <string>

namespace {

using megatron::fuzz::check;

void try_url(const std::string& url) {
    if (auto database = megatron::config::parse_database_url(url)) {
        check(database->kind != megatron::config::DatabaseUrl::Kind::Sqlite ||
                  !database->sqlite_path.empty(),
              "a SQLite URL names a file");
    }
    (void)megatron::config::redact_url(url);
    if (auto redis = megatron::jobs::parse_redis_url(url)) {
        check(redis->port > 0 && redis->port <= 65535, "a Redis port is a TCP port");
        check(redis->db >= 0, "a Redis database number is not negative");
        check(!redis->host.empty(), "a Redis URL names a host");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    for (int i = 0; i < 8 && !rest.empty(); ++i) {
        auto line = rest.substr(0, rest.find('\n'));
        rest.remove_prefix(std::min(rest.size(), line.size() + 1));
        try_url(std::string(line));
    }
    return 0;
}
