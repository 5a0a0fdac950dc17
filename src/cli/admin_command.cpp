// `megatron admin`: what the original needed the Django shell for.
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "storage/store.hpp"

#include <fmt/core.h>

#include <iostream>
#include <memory>
#include <optional>

namespace megatron::cli {
namespace {

struct AdminArgs {
    std::string org;
    std::string name;
    std::string command_url;
    std::string team_id;
    std::string domain;
    std::string bot_token;
    std::string auto_pause_on_claim;  // "on" | "off" | "" (unchanged)
    std::optional<int> hand_back_minutes;
    std::string engagement_mode;
    std::string support_channel;
    std::optional<std::string> note_prefix;
};

std::string describe(const storage::StorageError& e) {
    switch (e.kind) {
        case storage::StorageError::Kind::Conflict:
            return "already exists (" + e.message + ")";
        case storage::StorageError::Kind::NotFound:
            return "not found";
        default:
            return e.message;
    }
}

// Runs `action` against an open Store; prints one line and sets exit code 1 on failure.
template <class Action>
void with_store(CommandContext& ctx, Action action) {
    auto config = load_config(ctx);
    if (!config) return;
    auto db = open_and_migrate(*config, ctx);
    if (!db) return;
    storage::Store store(*db);
    if (auto failure = action(store)) {
        report_error(*failure);
        ctx.exit_code = kExitFailure;
    }
}

using Failure = std::optional<std::string>;

// The organization named by --org, or a failure line.
Expected<storage::Organization, std::string> find_org(storage::Store& store,
                                                      const std::string& name) {
    auto org = store.find_organization_by_name(name);
    if (!org) return unexpected(describe(org.error()));
    if (!*org) return unexpected("unknown organization '" + name + "'");
    return **org;
}

// A bot token from --bot-token, or from standard input when given as "-" (keeps it out of
// the process list and shell history).
std::string read_token(const std::string& value) {
    if (value != "-") return value;
    std::string line;
    std::getline(std::cin, line);
    return line;
}

void add_org_set_command(CLI::App& org, CommandContext& ctx, const std::shared_ptr<AdminArgs>& a);

void add_org_commands(CLI::App& admin, CommandContext& ctx, const std::shared_ptr<AdminArgs>& a) {
    auto* org = admin.add_subcommand("org", "Organizations (the original's MegatronUser)");
    org->require_subcommand(1);

    auto* create =
        org->add_subcommand("create", "Create an organization and print its API token once");
    create->add_option("--name", a->name, "Organization name")->required();
    create->add_option("--command-url", a->command_url, "Where the bot app receives App Commands");
    create->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            std::optional<std::string> url;
            if (!a->command_url.empty()) url = a->command_url;
            auto created = store.create_organization(a->name, url);
            if (!created)
                return "cannot create organization '" + a->name + "': " + describe(created.error());
            fmt::print("organization: {} (id {})\n", created->organization.name,
                       created->organization.id);
            fmt::print("verification token: {}\n", created->organization.verification_token);
            fmt::print("API token (shown once, store it now): {}\n", created->api_token.reveal());
            return std::nullopt;
        });
    });

    org->add_subcommand("list", "List organizations")->callback([&ctx] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto orgs = store.organizations();
            if (!orgs) return describe(orgs.error());
            for (const auto& o : *orgs) {
                fmt::print("{}\t{}\t{}\n", o.id, o.name, o.command_url.value_or("-"));
            }
            return std::nullopt;
        });
    });

    auto* rotate = org->add_subcommand("rotate-token", "Replace an organization's API token");
    rotate->add_option("--org", a->org, "Organization name")->required();
    rotate->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            auto token = store.rotate_token(o->id);
            if (!token) return describe(token.error());
            fmt::print("new API token (shown once, the old one no longer works): {}\n",
                       token->reveal());
            return std::nullopt;
        });
    });

    auto* set_token = org->add_subcommand(
        "set-verification-token",
        "Set the token refresh_workspace carries (read from stdin: keep it out of the shell)");
    set_token->add_option("--org", a->org, "Organization name")->required();
    set_token->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            auto token = read_token("-");
            if (token.empty()) return std::string("no verification token on standard input");
            auto done = store.set_verification_token(o->id, token);
            if (!done) return describe(done.error());
            fmt::print("verification token of {} set\n", o->name);
            return std::nullopt;
        });
    });

    auto* set_url = org->add_subcommand("set-command-url", "Change where App Commands are sent");
    set_url->add_option("--org", a->org, "Organization name")->required();
    set_url->add_option("--command-url", a->command_url, "URL")->required();
    set_url->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            auto done = store.set_command_url(o->id, a->command_url);
            if (!done) return describe(done.error());
            fmt::print("command_url of {} set\n", o->name);
            return std::nullopt;
        });
    });
    add_org_set_command(*org, ctx, a);
}

// The settings `org set` changes; a failure line when the combination cannot work.
Expected<storage::EngagementSettings, std::string> engagement_settings_from(
    storage::EngagementSettings settings, const AdminArgs& a) {
    if (a.engagement_mode == "threads") {
        settings.mode = storage::EngagementMode::Threads;
    } else if (a.engagement_mode == "channels") {
        settings.mode = storage::EngagementMode::Channels;
    } else if (!a.engagement_mode.empty()) {
        return unexpected("--engagement-mode must be channels or threads, not '" +
                          a.engagement_mode + "'");
    }
    if (!a.support_channel.empty()) {
        // An id (C.../G...) is used as it is; "#name" is resolved by the first command that
        // needs it (this command does not talk to Slack).
        const auto& c = a.support_channel;
        bool named = c.size() > 1 && c.front() == '#';
        bool id = c.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos;
        if (!named && !id) {
            return unexpected("--support-channel must be a channel id (C...) or #name, not '" + c +
                              "'");
        }
        settings.support_channel = c;
    }
    if (a.note_prefix) settings.note_prefix = *a.note_prefix;
    if (settings.mode == storage::EngagementMode::Threads && settings.support_channel.empty()) {
        return unexpected(std::string("threads mode needs --support-channel C... or #name"));
    }
    return settings;
}

// `org set`'s issue-19 options.
Failure set_agent_settings(storage::Store& store, const storage::Organization& o,
                           const AdminArgs& a) {
    auto settings = store.organization_settings(o.id);
    if (!settings) return describe(settings.error());
    if (!a.auto_pause_on_claim.empty())
        settings->auto_pause_on_claim = a.auto_pause_on_claim == "on";
    if (a.hand_back_minutes) settings->hand_back_minutes = *a.hand_back_minutes;
    auto done = store.set_organization_settings(o.id, *settings);
    if (!done) return describe(done.error());
    fmt::print("{}: auto_pause_on_claim {}, hand_back_minutes {}\n", o.name,
               settings->auto_pause_on_claim ? "on" : "off", settings->hand_back_minutes);
    return std::nullopt;
}

// `org set`'s issue-21 options.
Failure set_engagement_settings(storage::Store& store, const storage::Organization& o,
                                const AdminArgs& a) {
    auto current = store.engagement_settings(o.id);
    if (!current) return describe(current.error());
    auto wanted = engagement_settings_from(*current, a);
    if (!wanted) return wanted.error();
    if (wanted->note_prefix.empty()) return std::string("--note-prefix cannot be empty");
    auto done = store.set_engagement_settings(o.id, *wanted);
    if (!done) return describe(done.error());
    bool threads = wanted->mode == storage::EngagementMode::Threads;
    fmt::print("engagement mode of {}: {}{}\n", o.name, threads ? "threads" : "channels",
               threads ? " in " + wanted->support_channel + " (notes start with " +
                             wanted->note_prefix + ")"
                       : "");
    return std::nullopt;
}

// `org set`: what agents see (issue 19: pause on claim, hand back to the bot) and how the
// organization's engagements are shown (issue 21: channels or threads; docs/agent-guide.md).
// Options not given keep their value; each group changed is printed as it is now.
void add_org_set_command(CLI::App& org, CommandContext& ctx, const std::shared_ptr<AdminArgs>& a) {
    auto* set = org.add_subcommand("set", "Change an organization's settings");
    set->add_option("--org", a->org, "Organization name")->required();
    set->add_option("--auto-pause-on-claim", a->auto_pause_on_claim,
                    "Pause the bot when an agent claims a help request")
        ->check(CLI::IsMember({"on", "off"}));
    set->add_option("--hand-back-minutes", a->hand_back_minutes,
                    "Hand a paused channel back to the bot after N quiet minutes (0: never)")
        ->check(CLI::Range(0, 10080));
    set->add_option("--engagement-mode", a->engagement_mode,
                    "channels (a channel per customer) or threads (a thread per customer in "
                    "the support channel)");
    set->add_option("--support-channel", a->support_channel,
                    "threads mode: the support channel, C... or #name");
    set->add_option("--note-prefix", a->note_prefix,
                    "threads mode: thread replies starting with it stay internal (default //)");
    set->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            const bool agents = !a->auto_pause_on_claim.empty() || a->hand_back_minutes;
            const bool engagement =
                !a->engagement_mode.empty() || !a->support_channel.empty() || a->note_prefix;
            if (!agents && !engagement) {
                return "org set: give --auto-pause-on-claim, --hand-back-minutes, "
                       "--engagement-mode, --support-channel or --note-prefix";
            }
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            if (agents) {
                if (auto failed = set_agent_settings(store, *o, *a)) return failed;
            }
            if (engagement) return set_engagement_settings(store, *o, *a);
            return std::nullopt;
        });
    });
}

void add_integration_commands(CLI::App& admin, CommandContext& ctx,
                              const std::shared_ptr<AdminArgs>& a) {
    auto* integration = admin.add_subcommand("integration", "The support team's Slack workspace");
    integration->require_subcommand(1);
    auto* add = integration->add_subcommand("add", "Register the support workspace's bot token");
    add->add_option("--org", a->org, "Organization name")->required();
    add->add_option("--team-id", a->team_id, "Slack team id (T...)")->required();
    add->add_option("--bot-token", a->bot_token, "Bot token (xoxb-...), or - to read it from stdin")
        ->required();
    add->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            auto created = store.create_integration(o->id, storage::PlatformType::Slack, a->team_id,
                                                    Secret(read_token(a->bot_token)));
            if (!created)
                return "cannot add integration " + a->team_id + ": " + describe(created.error());
            fmt::print("integration {} added to {} (id {})\n", a->team_id, o->name, created->id);
            return std::nullopt;
        });
    });
    auto* list = integration->add_subcommand("list", "List support workspaces");
    list->add_option("--org", a->org, "Organization name")->required();
    list->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            auto all = store.integrations_for(o->id);
            if (!all) return describe(all.error());
            for (const auto& i : *all) fmt::print("{}\t{}\n", i.id, i.team_id);
            return std::nullopt;
        });
    });
}

void add_workspace_commands(CLI::App& admin, CommandContext& ctx,
                            const std::shared_ptr<AdminArgs>& a) {
    auto* workspace =
        admin.add_subcommand("workspace", "Customer workspaces (where the bot lives)");
    workspace->require_subcommand(1);
    for (const char* verb : {"add", "update"}) {
        bool is_add = std::string(verb) == "add";
        auto* cmd = workspace->add_subcommand(
            verb, is_add ? "Register a customer workspace"
                         : "Update a customer workspace's name, domain or token");
        cmd->add_option("--org", a->org, "Organization name")->required();
        cmd->add_option("--team-id", a->team_id, "Slack team id (T...)")->required();
        cmd->add_option("--name", a->name, "Workspace name")->required();
        cmd->add_option("--domain", a->domain, "Workspace domain")->required();
        cmd->add_option("--bot-token", a->bot_token, "Bot token, or - to read it from stdin")
            ->required();
        cmd->callback([&ctx, a, is_add] {
            with_store(ctx, [&](storage::Store& store) -> Failure {
                auto o = find_org(store, a->org);
                if (!o) return o.error();
                auto existing = store.find_workspace(storage::PlatformType::Slack, a->team_id);
                if (!existing) return describe(existing.error());
                if (is_add && *existing)
                    return "workspace " + a->team_id + " already exists (use update)";
                if (!is_add && !*existing) return "unknown workspace " + a->team_id + " (use add)";
                storage::WorkspaceRegistration reg{a->name, storage::PlatformType::Slack,
                                                   a->team_id, a->domain,
                                                   Secret(read_token(a->bot_token))};
                auto saved = store.upsert_workspace(o->id, reg);
                if (!saved)
                    return "cannot save workspace " + a->team_id + ": " + describe(saved.error());
                fmt::print("workspace {} ({}) {}\n", saved->name, saved->platform_id,
                           is_add ? "added" : "updated");
                return std::nullopt;
            });
        });
    }
    auto* list = workspace->add_subcommand("list", "List an organization's customer workspaces");
    list->add_option("--org", a->org, "Organization name")->required();
    list->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            auto all = store.workspaces_for(o->id);
            if (!all) return describe(all.error());
            for (const auto& w : *all)
                fmt::print("{}\t{}\t{}\t{}\n", w.id, w.platform_id, w.name, w.domain);
            return std::nullopt;
        });
    });
}

void add_channel_commands(CLI::App& admin, CommandContext& ctx,
                          const std::shared_ptr<AdminArgs>& a) {
    auto* channel = admin.add_subcommand("channel", "Engagement channels");
    channel->require_subcommand(1);
    auto* list = channel->add_subcommand("list", "List an organization's engagement channels");
    list->add_option("--org", a->org, "Organization name")->required();
    list->callback([&ctx, a] {
        with_store(ctx, [&](storage::Store& store) -> Failure {
            auto o = find_org(store, a->org);
            if (!o) return o.error();
            auto all = store.channels_for(o->id);
            if (!all) return describe(all.error());
            for (const auto& c : *all) {
                // A thread engagement (threads mode) is shown as <support channel>/<parent ts>.
                fmt::print("{}\t{}\t{}{}\t{}\t{}{}\n", c.id, c.name, c.platform_channel_id,
                           c.is_thread() ? "/" + c.thread_ts : "", c.platform_user_id,
                           c.is_paused ? "paused" : "live", c.is_archived ? ",archived" : "");
            }
            return std::nullopt;
        });
    });
}

}  // namespace

CLI::App& add_admin_command(CLI::App& app, CommandContext& ctx) {
    auto* admin = app.add_subcommand("admin", "Organizations, workspaces, channels and jobs");
    admin->require_subcommand(1);
    auto args = std::make_shared<AdminArgs>();
    add_org_commands(*admin, ctx, args);
    add_integration_commands(*admin, ctx, args);
    add_workspace_commands(*admin, ctx, args);
    add_channel_commands(*admin, ctx, args);
    return *admin;
}

}  // namespace megatron::cli
