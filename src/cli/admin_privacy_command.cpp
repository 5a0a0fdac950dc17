// `megatron admin rotate-secret-key`, `admin audit`, `admin customer forget` (issue 20,
// docs/data.md).
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "commands/channel_context.hpp"
#include "commands/outreach/outreach_jobs.hpp"
#include "jobs/runtime.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "storage/audit_log.hpp"
#include "storage/customer_data.hpp"
#include "storage/secret_columns.hpp"
#include "storage/store.hpp"
#include "util/key_ring.hpp"

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <boost/json.hpp>

#include <charconv>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>

namespace megatron::cli {
namespace {

// The configuration and the migrated database every command here starts from; nullopt after
// the failure line was printed.
struct Opened {
    config::Config config;
    std::unique_ptr<storage::Database> db;
};
std::optional<Opened> open(CommandContext& ctx) {
    auto config = load_config(ctx);
    if (!config) return std::nullopt;
    auto db = open_and_migrate(*config, ctx);
    if (!db) return std::nullopt;
    return Opened{std::move(*config), std::move(db)};
}

void fail(CommandContext& ctx, const std::string& line) {
    report_error(line);
    ctx.exit_code = kExitFailure;
}

// Re-seals every stored secret under the first key of MEGATRON_SECRET_KEY. Rotation without
// downtime: put the new key first and keep the old one after it, restart the servers (they
// read both), run this, then drop the old key.
void rotate_secret_key(CommandContext& ctx) {
    auto opened = open(ctx);
    if (!opened) return;
    const auto* ring = opened->db->key_ring();
    if (ring == nullptr) {
        report_error("MEGATRON_SECRET_KEY: is required to rotate (new key first, old after it)");
        ctx.exit_code = kExitBadConfig;
        return;
    }
    auto changed = storage::reseal_secrets(*opened->db, *ring, storage::Reseal::NotCurrent);
    if (!changed) return fail(ctx, "cannot re-encrypt stored secrets: " + changed.error().message);
    (void)storage::flush_erased(*opened->db);
    fmt::print("re-encrypted {} secrets under key {}; older keys may now be removed\n", *changed,
               ring->current_key_id());
}

struct PrivacyArgs {
    std::string org;
    std::string channel;
    std::string since;
    std::string format = "table";
    std::string workspace;
    std::string user;
    bool dry_run = false;
    bool delete_slack_messages = false;
};

// --since: a UTC date or time (2026-12-01, 2026-12-01T10:00:00Z) or an age (90m, 24h, 7d).
std::optional<std::int64_t> since_millis(const std::string& text) {
    using namespace std::chrono;
    const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    if (!text.empty() && std::string_view("mhd").find(text.back()) != std::string_view::npos) {
        long amount = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, amount);
        if (ec != std::errc{} || end != text.data() + text.size() - 1 || amount < 0) {
            return std::nullopt;
        }
        const long unit = text.back() == 'm' ? 60 : text.back() == 'h' ? 3600 : 86400;
        return now - amount * unit * 1000;
    }
    std::tm tm{};
    std::istringstream in(text);
    in >> std::get_time(&tm, text.size() > 10 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d");
    if (in.fail()) return std::nullopt;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::string utc(std::int64_t millis) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                       fmt::gmtime(static_cast<std::time_t>(millis / 1000)));
}

void print_audit(const std::vector<storage::AuditEntry>& entries, const std::string& format) {
    if (format == "json") {
        boost::json::array rows;
        for (const auto& e : entries) {
            rows.push_back(boost::json::object{
                {"id", e.id},
                {"at", utc(e.at)},
                {"organization_id", e.organization_id ? boost::json::value(*e.organization_id)
                                                      : boost::json::value(nullptr)},
                {"actor", e.actor},
                {"action", e.action},
                {"via", e.via},
                {"channel", e.channel},
                {"workspace", e.workspace},
                {"customer", e.customer},
                {"detail", e.detail}});
        }
        fmt::print("{}\n", boost::json::serialize(rows));
        return;
    }
    fmt::print("{:<20}  {:<12}  {:<14}  {:<14}  {:<12}  {:<12}  {:<12}  {}\n", "AT", "ACTOR",
               "ACTION", "VIA", "CHANNEL", "WORKSPACE", "CUSTOMER", "DETAIL");
    for (const auto& e : entries) {
        fmt::print("{:<20}  {:<12}  {:<14}  {:<14}  {:<12}  {:<12}  {:<12}  {}\n", utc(e.at),
                   e.actor, e.action, e.via, e.channel, e.workspace, e.customer, e.detail);
    }
}

void audit(CommandContext& ctx, const PrivacyArgs& a) {
    storage::AuditFilter filter;
    filter.channel = a.channel;
    if (!a.since.empty()) {
        filter.since = since_millis(a.since);
        if (!filter.since) {
            report_error(
                "--since: must be a date (2026-12-01), a UTC time "
                "(2026-12-01T10:00:00Z) or an age (90m, 24h, 7d)");
            ctx.exit_code = kExitBadConfig;
            return;
        }
    }
    auto opened = open(ctx);
    if (!opened) return;
    auto& db = opened->db;
    auto failure = [&](const std::string& line) { fail(ctx, line); };
    if (!a.org.empty()) {
        auto org = storage::Store(*db).find_organization_by_name(a.org);
        if (!org) return failure(org.error().message);
        if (!*org) return failure("unknown organization '" + a.org + "'");
        filter.organization_id = (*org)->id;
    }
    SystemClock clock;
    auto entries = storage::AuditLog(*db, clock).list(filter);
    if (!entries) return failure(entries.error().message);
    print_audit(*entries, a.format);
}

// The Slack side of forgetting: Megatron's mirrors deleted (when asked), then the channel
// archived. Returns the failure line, if any; nothing stored is deleted before this succeeds,
// so a failed run can simply be repeated.
struct SlackCleanup {
    int deleted = 0;
    int not_deleted = 0;
};
Expected<SlackCleanup, std::string> clean_up_slack(const config::Config& config,
                                                   storage::Store& store,
                                                   const storage::CustomerData& data,
                                                   bool delete_messages) {
    SlackCleanup done;
    const auto& channel = *data.channel;
    auto integration = store.integration(channel.integration_id);
    if (!integration) return unexpected("support workspace: " + integration.error().message);
    slack::WebApiClientOptions options;
    options.base_url = config.slack_api_url;
    slack::WebApiClient client(options);
    const slack::Credentials support{integration->bot_token, {}};
    if (delete_messages) {
        for (const auto& ts : data.mirrored_ts) {
            auto deleted = slack::delete_message(client, support, channel.platform_channel_id, ts);
            bool gone = deleted || deleted.error().code == slack::SlackErrorCode::MessageNotFound;
            ++(gone ? done.deleted : done.not_deleted);
        }
    }
    if (channel.is_thread()) {
        // Threads mode: the support channel is everyone's; the parent message (the customer's
        // name and avatar) is deleted instead, which leaves the thread without its head.
        auto deleted =
            slack::delete_message(client, support, channel.platform_channel_id, channel.thread_ts);
        if (!deleted && deleted.error().code != slack::SlackErrorCode::MessageNotFound) {
            return unexpected("cannot delete the thread's parent message: " +
                              deleted.error().describe());
        }
        return done;
    }
    if (channel.is_archived) return done;
    auto archived = slack::archive_conversation(client, support, channel.platform_channel_id);
    if (!archived && archived.error().code != slack::SlackErrorCode::AlreadyArchived &&
        archived.error().code != slack::SlackErrorCode::ChannelNotFound) {
        return unexpected("cannot archive channel " + channel.platform_channel_id + ": " +
                          archived.error().describe());
    }
    return done;
}

void print_customer_data(const storage::CustomerData& data, const PrivacyArgs& a) {
    fmt::print("customer {} in {}{}:\n", a.user, a.workspace, a.dry_run ? " (dry run)" : "");
    if (data.channel) {
        fmt::print("  engagement channel {} ({}): {}\n", data.channel->platform_channel_id,
                   data.channel->name,
                   a.dry_run ? "would be archived and forgotten" : "archived, forgotten");
    }
    fmt::print("  message mappings: {}\n", data.message_mappings);
    fmt::print("  cached profile: {}\n", data.profile ? "yes" : "no");
    if (a.dry_run) fmt::print("  the customer's queued and finished jobs: would be deleted\n");
    fmt::print(
        "  Megatron's mirrored messages in Slack: {}{}\n", data.mirrored_ts.size(),
        a.delete_slack_messages ? "" : " (kept: Slack's to delete, or --delete-slack-messages)");
}

// The work queue's jobs of the customer (database or Redis), finished or not: their payloads
// and results hold message texts (a finished job for MEGATRON_JOB_RETENTION_HOURS). Relays of
// the engagement channel and direct messages to the customer are keyed by them. Done before
// the stored rows go, so a failure here leaves a run that can simply be repeated.
Expected<std::int64_t, std::string> forget_jobs(const config::Config& config, storage::Database& db,
                                                const Clock& clock,
                                                const storage::CustomerData& data,
                                                std::int64_t workspace_id,
                                                const std::string& user) {
    auto queue = jobs::open_queue(config, db, clock);
    std::vector<std::string> keys{commands::outreach::dm_ordering_key(workspace_id, user)};
    if (data.channel) keys.push_back(commands::channel_ordering_key(data.channel->id));
    std::int64_t deleted = 0;
    for (const auto& key : keys) {
        auto gone = queue->forget_key(key);
        if (!gone) return unexpected("cannot delete the customer's jobs: " + gone.error().message);
        deleted += *gone;
    }
    return deleted;
}

void forget_customer(CommandContext& ctx, const PrivacyArgs& a) {
    auto opened = open(ctx);
    if (!opened) return;
    auto& db = opened->db;
    auto failure = [&](const std::string& line) { fail(ctx, line); };
    storage::Store store(*db);
    auto workspace = store.find_workspace(storage::PlatformType::Slack, a.workspace);
    if (!workspace) return failure(workspace.error().message);
    if (!*workspace) return failure("unknown workspace '" + a.workspace + "'");
    auto data = storage::find_customer_data(*db, (*workspace)->id, a.user);
    if (!data) return failure(data.error().message);
    if (data->empty()) {
        fmt::print("nothing stored for customer {} in {}\n", a.user, a.workspace);
        return;
    }
    if (a.dry_run) return print_customer_data(*data, a);
    SlackCleanup slack_done;
    if (data->channel) {
        auto cleaned = clean_up_slack(opened->config, store, *data, a.delete_slack_messages);
        if (!cleaned) return failure(cleaned.error());
        slack_done = *cleaned;
    }
    storage::AuditEntry entry;
    entry.organization_id = (*workspace)->organization_id;
    entry.actor = "admin";
    entry.action = "forget";
    entry.via = storage::audit_via::kAdmin;
    entry.channel = data->channel ? data->channel->platform_channel_id : "";
    entry.workspace = a.workspace;
    entry.customer = a.user;
    entry.detail =
        fmt::format("{} mappings, profile {}, {} Slack messages deleted", data->message_mappings,
                    data->profile ? "deleted" : "none", slack_done.deleted);
    SystemClock clock;
    auto jobs_gone = forget_jobs(opened->config, *db, clock, *data, (*workspace)->id, a.user);
    if (!jobs_gone) return failure(jobs_gone.error());
    auto forgotten = storage::forget_customer(*db, clock, (*workspace)->id, a.user, entry);
    if (!forgotten) return failure(forgotten.error().message);
    (void)storage::flush_erased(*db);
    print_customer_data(*forgotten, a);
    fmt::print("  queued and finished jobs deleted: {}\n", *jobs_gone);
    if (slack_done.not_deleted > 0) {
        fmt::print("  {} mirrored messages could not be deleted in Slack\n",
                   slack_done.not_deleted);
    }
}

}  // namespace

void add_admin_privacy_commands(CLI::App& admin, CommandContext& ctx) {
    auto a = std::make_shared<PrivacyArgs>();
    admin
        .add_subcommand("rotate-secret-key",
                        "Re-encrypt stored tokens under the first key of MEGATRON_SECRET_KEY")
        ->callback([&ctx] { rotate_secret_key(ctx); });

    auto* log = admin.add_subcommand("audit", "Who took over which conversation, when and how");
    log->add_option("--org", a->org, "Organization name");
    log->add_option("--channel", a->channel, "Engagement channel id (support side)");
    log->add_option("--since", a->since, "A date, UTC time or age (7d, 24h)");
    log->add_option("--format", a->format, "table or json")
        ->check(CLI::IsMember({"table", "json"}));
    log->callback([&ctx, a] { audit(ctx, *a); });

    auto* customer = admin.add_subcommand("customer", "A customer's stored data");
    customer->require_subcommand(1);
    auto* forget = customer->add_subcommand(
        "forget", "Delete a customer's profile, channel and message mappings; archive the channel");
    forget->add_option("--workspace", a->workspace, "Customer workspace team id (T...)")
        ->required();
    forget->add_option("--user", a->user, "The customer's user id (U...)")->required();
    forget->add_flag("--dry-run", a->dry_run, "Show what would go, change nothing");
    forget->add_flag("--delete-slack-messages", a->delete_slack_messages,
                     "Also delete Megatron's mirrored messages in the channel through Slack");
    forget->callback([&ctx, a] { forget_customer(ctx, *a); });
}

}  // namespace megatron::cli
