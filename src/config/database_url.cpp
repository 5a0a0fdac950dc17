#include "config/database_url.hpp"

#include <algorithm>
#include <cctype>

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

namespace {

// The query with the value of every password=... parameter replaced by ***.
std::string redact_query(const std::string& query) {
    std::string out;
    std::size_t start = 0;
    while (start <= query.size()) {
        auto end = std::min(query.find('&', start), query.size());
        std::string param = query.substr(start, end - start);
        auto eq = param.find('=');
        std::string key = param.substr(0, eq);
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (eq != std::string::npos && key == "password") param = param.substr(0, eq + 1) + "***";
        out += (start == 0 ? "" : "&") + param;
        start = end + 1;
    }
    return out;
}

}  // namespace

std::string redact_url(const std::string& url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    auto authority = scheme_end + 3;
    // The credentials end at the last '@' before the query, so an '@' in the password is
    // covered. A password may hold a '?' too: then the '@' comes after the first '?', and the
    // last '@' of the whole URL is taken (hiding too much rather than too little).
    auto query = url.find('?', authority);
    auto at = url.rfind('@', query == std::string::npos ? std::string::npos : query);
    if (at != std::string::npos && at < authority) at = std::string::npos;
    if (at == std::string::npos && query != std::string::npos) {
        at = url.rfind('@');
        if (at != std::string::npos) query = url.find('?', at);
    }
    std::string base = url.substr(0, query);
    std::string rest = query == std::string::npos ? "" : "?" + redact_query(url.substr(query + 1));
    if (at == std::string::npos || at < authority) return base + rest;
    auto colon = url.find(':', authority);
    if (colon == std::string::npos || colon > at) return base + rest;
    return url.substr(0, colon + 1) + "***" + base.substr(at) + rest;
}

}  // namespace megatron::config
