#pragma once
// Megatron's configuration: environment variables with the original's names (plus new ones),
// optionally loaded from an env file first. Validated once at start-up; a bad value is a
// ConfigError naming the variable, never its (possibly secret) value.
#include "util/expected.hpp"
#include "util/secret.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::config {

// CUSTOMER_SERVICE_CHANNEL when unset, as in the original.
inline constexpr std::string_view kDefaultCustomerServiceChannel = "#customer-service";

enum class AppMode { Dev, Production, Test };
enum class FileTransfer { Slack, S3 };
// MEGATRON_PLAYGROUND: auto runs the playground (docs/playground.md) while no Slack integration
// is configured; on runs it beside a real one; off never.
enum class PlaygroundMode { Auto, On, Off };

struct S3Settings {
    Secret access_key_id;              // S3_AWS_ACCESS_KEY_ID
    Secret secret_access_key;          // S3_AWS_SECRET_ACCESS_KEY
    std::string bucket;                // AWS_S3_BUCKET
    std::string endpoint_url;          // S3_ENDPOINT_URL (any S3-compatible store)
    std::string region = "us-east-1";  // S3_REGION
    // MEGATRON_S3_URL_EXPIRY_SECONDS: how long a presigned link to a stored file works
    // (SigV4 allows at most 7 days, the default).
    long url_expiry_seconds = 604800;
};

// The work queue, workers and scheduler (src/jobs). Tests shrink the waits.
struct JobSettings {
    int max_attempts = 8;                   // MEGATRON_JOB_MAX_ATTEMPTS: failures before "dead"
    long backoff_base_ms = 1000;            // MEGATRON_JOB_BACKOFF_BASE_MS
    long backoff_max_ms = 300000;           // MEGATRON_JOB_BACKOFF_MAX_MS
    long lease_ms = 60000;                  // MEGATRON_JOB_LEASE_MS: a claimed job returns after
    long poll_ms = 200;                     // MEGATRON_JOB_POLL_MS: idle workers look this often
    std::string redis_prefix = "megatron";  // MEGATRON_REDIS_PREFIX: stream/key namespace
    long scheduler_minute_ms = 60000;       // MEGATRON_SCHEDULER_MINUTE_MS: length of a "minute"
    long retention_hours = 24;              // MEGATRON_JOB_RETENTION_HOURS: done jobs kept
};

// MEGATRON_MARKS: the reactions (emoji names, no colons) Megatron puts on an agent's message
// in the engagement channel to say how its relay to the customer went (docs/agent-guide.md).
// "queued=...,delivered=...,failed=..." (any of the three), or "off" for none.
struct DeliveryMarkNames {
    bool enabled = true;
    std::string queued = "hourglass_flowing_sand";  // queued or retrying for over ~2 s
    std::string delivered = "white_check_mark";     // Slack accepted it in the customer's DM
    std::string failed = "x";                       // failed for good (a note says why)
};

// Issue 20: secrets at rest, redaction of what is copied into the support workspace,
// retention (docs/data.md).
struct PrivacySettings {
    // MEGATRON_SECRET_KEY or the file MEGATRON_SECRET_KEY_FILE names: comma-separated keys of
    // 32 bytes as 64 hex characters (`openssl rand -hex 32`). The first seals, every one
    // opens (rotation: docs/data.md). Empty: secrets are stored as they are.
    std::vector<Secret> secret_keys;
    // MEGATRON_REDACT: comma-separated built-in rules (cards, email, phone, iban, us_ssn), or
    // "none". Checked here; compiled by commands/text/redaction.
    std::vector<std::string> redact_rules = {"cards"};
    std::string redact_file;  // MEGATRON_REDACT_FILE: custom `name=regex` lines
    long retain_days = 90;    // MEGATRON_RETAIN_DAYS
};

struct Config {
    // --- the original's variables ---
    unsigned short port = 8002;                          // DJANGO_PORT
    std::string hostname;                                // HOSTNAME: public root URL
    std::string database_url = "sqlite:///megatron.db";  // DATABASE_URL
    std::string redis_url;                               // REDIS_URL (empty: no Redis)
    std::string channel_prefix = "zz-";                  // CHANNEL_PREFIX
    Secret verification_token;                           // MEGATRON_VERIFICATION_TOKEN
    AppMode app_mode = AppMode::Dev;                     // MEGATRON_APP_MODE
    S3Settings s3;

    // --- new ---
    Secret slack_signing_secret;                           // SLACK_SIGNING_SECRET
    std::string slack_api_url = "https://slack.com/api/";  // SLACK_API_URL
    // SLACK_APP_TOKEN (xapp-...): when set, Slack's requests also come over Socket Mode.
    Secret slack_app_token;
    Secret metrics_token;  // MEGATRON_METRICS_TOKEN: GET /metrics wants it as a bearer token
    // MEGATRON_SOCKET_MODE_CA_FILE: PEM CAs trusted for Socket Mode's wss:// besides the
    // system's (tests with a self-signed server; a TLS-inspecting proxy).
    std::string socket_mode_ca_file;
    long socket_mode_backoff_ms = 1000;    // MEGATRON_SOCKET_MODE_BACKOFF_MS: first reconnect wait
    std::string bot_name = "Megatron";     // MEGATRON_BOT_NAME
    std::string bot_icon_url;              // MEGATRON_BOT_ICON_URL
    std::string customer_service_channel;  // CUSTOMER_SERVICE_CHANNEL (id or name)
    std::string listen_address = "0.0.0.0";  // MEGATRON_LISTEN_ADDRESS
    // Both kinds of thread spend most of their time waiting (HTTP threads on the enqueue's
    // commit, workers on Slack's answer), so there are more of them than cores.
    int http_threads = 8;             // MEGATRON_HTTP_THREADS
    int worker_threads = 16;          // MEGATRON_WORKERS
    std::size_t max_connections = 0;  // MEGATRON_MAX_CONNECTIONS; 0: from the descriptor limit
    std::string log_level = "info";   // MEGATRON_LOG_LEVEL
    std::string log_format = "text";  // MEGATRON_LOG_FORMAT: text, or json (one object a line)
    FileTransfer file_transfer = FileTransfer::Slack;  // MEGATRON_FILE_TRANSFER
    std::size_t max_file_bytes = 20 * 1024 * 1024;     // MEGATRON_MAX_FILE_BYTES
    // MEGATRON_FILE_TYPES: comma-separated MIME types; "type/*" matches a whole family.
    std::vector<std::string> allowed_file_types = {"image/*", "application/pdf"};
    JobSettings jobs;
    DeliveryMarkNames marks;  // MEGATRON_MARKS
    // MEGATRON_HELP_ESCALATE_MINUTES: an unclaimed help request's @here reminder after this.
    long help_escalate_minutes = 5;
    PlaygroundMode playground = PlaygroundMode::Auto;  // MEGATRON_PLAYGROUND
    PrivacySettings privacy;
};

struct ConfigError {
    std::string variable;  // e.g. "DATABASE_URL"
    std::string reason;    // e.g. "must look like sqlite:///path or postgres://..."
    std::string line() const { return variable + ": " + reason; }
};

// Reads KEY=VALUE lines (the original's django-variables.env format): blank lines and
// '#' comments are skipped, values may be quoted, `export ` prefixes are allowed.
Expected<std::map<std::string, std::string>, ConfigError> read_env_file(const std::string& path);

// Builds the configuration from variables. `vars` is the process environment with the env
// file's values underneath (the environment wins, as with docker-compose).
Expected<Config, ConfigError> from_variables(const std::map<std::string, std::string>& vars);

// The process environment, with the env file (if any) underneath.
Expected<Config, ConfigError> load(const std::optional<std::string>& env_file);

std::string to_string(AppMode mode);

}  // namespace megatron::config
