#include "config/config.hpp"

#include "config/database_url.hpp"
#include "config/variables.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>

extern char** environ;

namespace megatron::config {
using Vars = std::map<std::string, std::string>;

std::optional<std::string> get(const Vars& vars, const std::string& name) {
    auto it = vars.find(name);
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
}

Expected<long, ConfigError> get_int(const Vars& vars, const std::string& name, long fallback,
                                    long min, long max) {
    auto text = get(vars, name);
    if (!text) return fallback;
    long value = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || ptr != text->data() + text->size()) {
        return unexpected(ConfigError{name, "must be a whole number"});
    }
    if (value < min || value > max) {
        return unexpected(ConfigError{
            name, "must be between " + std::to_string(min) + " and " + std::to_string(max)});
    }
    return value;
}

namespace {

std::string unquote(std::string value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
        return value.substr(1, value.size() - 2);
    }
    return value;
}

}  // namespace

std::string to_string(AppMode mode) {
    switch (mode) {
        case AppMode::Dev:
            return "megatron-dev";
        case AppMode::Production:
            return "megatron-production";
        case AppMode::Test:
            return "megatron-test";
    }
    return "megatron-dev";
}

Expected<Vars, ConfigError> read_env_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return unexpected(ConfigError{"--env-file", "cannot read " + path});
    Vars vars;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        auto text = strings::trim(line);
        if (text.empty() || text.front() == '#') continue;
        if (text.starts_with("export ")) text = strings::trim(text.substr(7));
        auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0) {
            return unexpected(ConfigError{
                "--env-file", path + " line " + std::to_string(number) + " is not KEY=VALUE"});
        }
        vars[strings::trim(text.substr(0, eq))] = unquote(strings::trim(text.substr(eq + 1)));
    }
    return vars;
}

namespace {

// DJANGO_PORT, HOSTNAME, the database and Redis, channel names, the app mode.
Expected<void, ConfigError> read_server(const Vars& vars, Config& c) {
    auto port = get_int(vars, "DJANGO_PORT", c.port, 1, 65535);
    if (!port) return unexpected(port.error());
    c.port = static_cast<unsigned short>(*port);

    c.hostname = get(vars, "HOSTNAME").value_or("");
    c.database_url = get(vars, "DATABASE_URL").value_or(c.database_url);
    if (auto parsed = parse_database_url(c.database_url); !parsed) {
        return unexpected(ConfigError{"DATABASE_URL", parsed.error()});
    }
    c.redis_url = get(vars, "REDIS_URL").value_or("");
    if (!c.redis_url.empty() && !c.redis_url.starts_with("redis://")) {
        return unexpected(ConfigError{"REDIS_URL", "must start with redis://"});
    }
    c.channel_prefix = get(vars, "CHANNEL_PREFIX").value_or(c.channel_prefix);
    c.verification_token = Secret(get(vars, "MEGATRON_VERIFICATION_TOKEN").value_or(""));

    auto mode = get(vars, "MEGATRON_APP_MODE").value_or("megatron-dev");
    if (mode == "megatron-dev") {
        c.app_mode = AppMode::Dev;
    } else if (mode == "megatron-production") {
        c.app_mode = AppMode::Production;
    } else if (mode == "megatron-test") {
        c.app_mode = AppMode::Test;
    } else {
        return unexpected(ConfigError{
            "MEGATRON_APP_MODE", "must be megatron-dev, megatron-production or megatron-test"});
    }
    return {};
}

// The S3-compatible store for file transfer.
Expected<void, ConfigError> read_s3(const Vars& vars, Config& c) {
    c.s3.access_key_id = Secret(get(vars, "S3_AWS_ACCESS_KEY_ID").value_or(""));
    c.s3.secret_access_key = Secret(get(vars, "S3_AWS_SECRET_ACCESS_KEY").value_or(""));
    c.s3.bucket = get(vars, "AWS_S3_BUCKET").value_or("");
    c.s3.endpoint_url = get(vars, "S3_ENDPOINT_URL").value_or("");
    c.s3.region = get(vars, "S3_REGION").value_or(c.s3.region);
    if (!c.s3.endpoint_url.empty() && !c.s3.endpoint_url.starts_with("http://") &&
        !c.s3.endpoint_url.starts_with("https://")) {
        return unexpected(ConfigError{"S3_ENDPOINT_URL", "must start with http:// or https://"});
    }
    auto s3_expiry =
        get_int(vars, "MEGATRON_S3_URL_EXPIRY_SECONDS", c.s3.url_expiry_seconds, 1, 604800);
    if (!s3_expiry) return unexpected(s3_expiry.error());
    c.s3.url_expiry_seconds = *s3_expiry;
    return {};
}

// Slack's secret and API, how the bot is shown, where get-a-human goes, where to listen.
Expected<void, ConfigError> read_slack(const Vars& vars, Config& c) {
    c.slack_signing_secret = Secret(get(vars, "SLACK_SIGNING_SECRET").value_or(""));
    c.slack_api_url = get(vars, "SLACK_API_URL").value_or(c.slack_api_url);
    if (!c.slack_api_url.starts_with("http://") && !c.slack_api_url.starts_with("https://")) {
        return unexpected(ConfigError{"SLACK_API_URL", "must start with http:// or https://"});
    }
    if (!c.slack_api_url.ends_with("/")) c.slack_api_url += '/';
    // Socket Mode (docs/socket-mode.md): an app-level token turns it on.
    c.slack_app_token = Secret(get(vars, "SLACK_APP_TOKEN").value_or(""));
    if (!c.slack_app_token.empty() && !c.slack_app_token.reveal().starts_with("xapp-")) {
        return unexpected(ConfigError{
            "SLACK_APP_TOKEN", "must be an app-level token (xapp-...) with connections:write"});
    }
    c.socket_mode_ca_file = get(vars, "MEGATRON_SOCKET_MODE_CA_FILE").value_or("");
    auto socket_backoff =
        get_int(vars, "MEGATRON_SOCKET_MODE_BACKOFF_MS", c.socket_mode_backoff_ms, 1, 600000);
    if (!socket_backoff) return unexpected(socket_backoff.error());
    c.socket_mode_backoff_ms = *socket_backoff;
    c.bot_name = get(vars, "MEGATRON_BOT_NAME").value_or(c.bot_name);
    c.bot_icon_url = get(vars, "MEGATRON_BOT_ICON_URL").value_or("");
    // The original's default; a name is resolved to an id through conversations.list.
    c.customer_service_channel =
        get(vars, "CUSTOMER_SERVICE_CHANNEL").value_or(std::string(kDefaultCustomerServiceChannel));
    c.listen_address = get(vars, "MEGATRON_LISTEN_ADDRESS").value_or(c.listen_address);
    c.metrics_token = Secret(get(vars, "MEGATRON_METRICS_TOKEN").value_or(""));
    auto playground = get(vars, "MEGATRON_PLAYGROUND").value_or("auto");
    if (playground == "auto") {
        c.playground = PlaygroundMode::Auto;
    } else if (playground == "on") {
        c.playground = PlaygroundMode::On;
    } else if (playground == "off") {
        c.playground = PlaygroundMode::Off;
    } else {
        return unexpected(ConfigError{"MEGATRON_PLAYGROUND", "must be auto, on or off"});
    }
    return {};
}

// Threads and logging.
Expected<void, ConfigError> read_capacity(const Vars& vars, Config& c) {
    auto http_threads = get_int(vars, "MEGATRON_HTTP_THREADS", c.http_threads, 1, 256);
    if (!http_threads) return unexpected(http_threads.error());
    c.http_threads = static_cast<int>(*http_threads);
    // Unset: the HTTP server sizes the cap to the descriptor limit (http::ServerOptions).
    auto max_connections = get_int(vars, "MEGATRON_MAX_CONNECTIONS", 0, 1, 1'000'000);
    if (!max_connections) return unexpected(max_connections.error());
    c.max_connections = static_cast<std::size_t>(*max_connections);
    auto workers = get_int(vars, "MEGATRON_WORKERS", c.worker_threads, 1, 256);
    if (!workers) return unexpected(workers.error());
    c.worker_threads = static_cast<int>(*workers);

    c.log_level = get(vars, "MEGATRON_LOG_LEVEL").value_or(c.log_level);
    static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
    if (std::find(std::begin(kLevels), std::end(kLevels), c.log_level) == std::end(kLevels)) {
        return unexpected(
            ConfigError{"MEGATRON_LOG_LEVEL", "must be trace, debug, info, warn, error or off"});
    }
    c.log_format = get(vars, "MEGATRON_LOG_FORMAT").value_or(c.log_format);
    if (c.log_format != "text" && c.log_format != "json") {
        return unexpected(ConfigError{"MEGATRON_LOG_FORMAT", "must be text or json"});
    }
    return {};
}

// How files move, and which ones (after read_s3: s3 needs its bucket and keys).
Expected<void, ConfigError> read_file_transfer(const Vars& vars, Config& c) {
    auto transfer = get(vars, "MEGATRON_FILE_TRANSFER").value_or("slack");
    if (transfer == "slack") {
        c.file_transfer = FileTransfer::Slack;
    } else if (transfer == "s3") {
        c.file_transfer = FileTransfer::S3;
        if (c.s3.bucket.empty()) {
            return unexpected(
                ConfigError{"AWS_S3_BUCKET", "is required when MEGATRON_FILE_TRANSFER=s3"});
        }
        // Requests are signed with these (SigV4); there is no other credential source.
        if (c.s3.access_key_id.empty()) {
            return unexpected(
                ConfigError{"S3_AWS_ACCESS_KEY_ID", "is required when MEGATRON_FILE_TRANSFER=s3"});
        }
        if (c.s3.secret_access_key.empty()) {
            return unexpected(ConfigError{"S3_AWS_SECRET_ACCESS_KEY",
                                          "is required when MEGATRON_FILE_TRANSFER=s3"});
        }
    } else {
        return unexpected(ConfigError{"MEGATRON_FILE_TRANSFER", "must be slack or s3"});
    }
    auto max_file = get_int(vars, "MEGATRON_MAX_FILE_BYTES", static_cast<long>(c.max_file_bytes), 1,
                            1024L * 1024 * 1024);
    if (!max_file) return unexpected(max_file.error());
    c.max_file_bytes = static_cast<std::size_t>(*max_file);
    if (auto types = get(vars, "MEGATRON_FILE_TYPES")) {
        c.allowed_file_types.clear();
        std::string_view rest = *types;
        while (!rest.empty()) {
            auto comma = rest.find(',');
            auto trimmed = strings::trim(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            if (trimmed.empty()) continue;
            if (trimmed.find('/') == std::string::npos) {
                return unexpected(ConfigError{
                    "MEGATRON_FILE_TYPES", "must list MIME types like image/* or application/pdf"});
            }
            c.allowed_file_types.push_back(strings::to_lower(trimmed));
        }
    }
    return {};
}

// The work queue's tuning (mostly for tests and benchmarks) and its Redis key prefix.
Expected<void, ConfigError> read_jobs(const Vars& vars, Config& c) {
    struct JobNumber {
        const char* name;
        long* field;
        long min;
        long max;
    };
    long max_attempts = c.jobs.max_attempts;
    for (auto [name, field, min, max] : {
             JobNumber{"MEGATRON_JOB_MAX_ATTEMPTS", &max_attempts, 1, 1000},
             JobNumber{"MEGATRON_JOB_BACKOFF_BASE_MS", &c.jobs.backoff_base_ms, 1, 3600000},
             JobNumber{"MEGATRON_JOB_BACKOFF_MAX_MS", &c.jobs.backoff_max_ms, 1, 86400000},
             JobNumber{"MEGATRON_JOB_LEASE_MS", &c.jobs.lease_ms, 100, 86400000},
             JobNumber{"MEGATRON_JOB_POLL_MS", &c.jobs.poll_ms, 1, 60000},
             JobNumber{"MEGATRON_SCHEDULER_MINUTE_MS", &c.jobs.scheduler_minute_ms, 100, 60000},
             JobNumber{"MEGATRON_JOB_RETENTION_HOURS", &c.jobs.retention_hours, 1, 87600},
         }) {
        auto value = get_int(vars, name, *field, min, max);
        if (!value) return unexpected(value.error());
        *field = *value;
    }
    c.jobs.max_attempts = static_cast<int>(max_attempts);
    c.jobs.redis_prefix = get(vars, "MEGATRON_REDIS_PREFIX").value_or(c.jobs.redis_prefix);
    return {};
}

// MEGATRON_MARKS: "off", or name=emoji pairs separated by commas.
Expected<void, ConfigError> read_marks(const std::string& text, DeliveryMarkNames& marks) {
    const ConfigError bad{"MEGATRON_MARKS",
                          "must be off or queued=<emoji>,delivered=<emoji>,failed=<emoji>"};
    if (strings::trim(text) == "off") {
        marks.enabled = false;
        return {};
    }
    std::string_view rest = text;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        auto pair = strings::trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        auto equals = pair.find('=');
        if (equals == std::string_view::npos) return unexpected(bad);
        auto key = strings::trim(pair.substr(0, equals));
        auto emoji = std::string(strings::trim(pair.substr(equals + 1)));
        // Slack's emoji names; colons around them (":x:") are accepted and dropped.
        if (emoji.size() > 2 && emoji.front() == ':' && emoji.back() == ':') {
            emoji = emoji.substr(1, emoji.size() - 2);
        }
        if (emoji.empty() || emoji.find_first_of(" \t,") != std::string::npos) {
            return unexpected(bad);
        }
        if (key == "queued")
            marks.queued = emoji;
        else if (key == "delivered")
            marks.delivered = emoji;
        else if (key == "failed")
            marks.failed = emoji;
        else
            return unexpected(bad);
    }
    return {};
}

// What agents see about their messages.
Expected<void, ConfigError> read_agents(const Vars& vars, Config& c) {
    if (auto marks = get(vars, "MEGATRON_MARKS")) {
        if (auto read = read_marks(*marks, c.marks); !read) return read;
    }
    auto escalate =
        get_int(vars, "MEGATRON_HELP_ESCALATE_MINUTES", c.help_escalate_minutes, 1, 10080);
    if (!escalate) return unexpected(escalate.error());
    c.help_escalate_minutes = *escalate;
    return {};
}

}  // namespace

// One reader per group of variables, in the order their errors are reported.
Expected<Config, ConfigError> from_variables(const Vars& vars) {
    Config c;
    for (auto* reader : {read_server, read_s3, read_slack, read_capacity, read_file_transfer,
                         read_jobs, read_privacy, read_agents}) {
        auto read = reader(vars, c);
        if (!read) return unexpected(read.error());
    }
    return c;
}

Expected<Config, ConfigError> load(const std::optional<std::string>& env_file) {
    Vars vars;
    if (env_file) {
        auto file_vars = read_env_file(*env_file);
        if (!file_vars) return unexpected(file_vars.error());
        vars = std::move(*file_vars);
    }
    for (char** e = environ; *e != nullptr; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        vars[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
    }
    return from_variables(vars);
}

}  // namespace megatron::config
