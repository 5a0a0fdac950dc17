#include "config/database_url.hpp"

namespace megatron::config {

Expected<DatabaseUrl, std::string> parse_database_url(const std::string& url) {
    DatabaseUrl out;
    if (url.starts_with("sqlite://")) {
        std::string rest = url.substr(9);
        // dj-database-url: sqlite:///file.db is relative, sqlite:////abs/file.db absolute.
        if (rest == ":memory:" || rest == "/:memory:") {
            out.sqlite_path = ":memory:";
        } else if (rest.starts_with("/") && rest.size() > 1) {
            out.sqlite_path = rest.substr(1);
        } else {
            return unexpected(std::string("must look like sqlite:///path/to/file.db"));
        }
        out.kind = DatabaseUrl::Kind::Sqlite;
        return out;
    }
    if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        auto host_start = url.find("://") + 3;
        if (url.size() <= host_start) return unexpected(std::string("postgres URL has no host"));
        out.kind = DatabaseUrl::Kind::Postgres;
        out.postgres_url = url;
        return out;
    }
    return unexpected(std::string("must start with sqlite:// or postgres://"));
}

std::string redact_url(const std::string& url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    auto at = url.find('@', scheme_end + 3);
    if (at == std::string::npos) return url;
    auto colon = url.find(':', scheme_end + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace megatron::config
