#include "commands/workspace_refresh.hpp"

#include "http/client.hpp"
#include "storage/store.hpp"

#include <spdlog/spdlog.h>

namespace megatron::commands {

WorkspaceRefresher::WorkspaceRefresher(storage::Database& db, const Clock& clock,
                                       app_commands::ClientOptions options)
    : db_(db), clock_(clock), options_(options) {}

std::optional<Secret> WorkspaceRefresher::refresh(const std::string& workspace_id,
                                                  const Secret& rejected) {
    std::unique_lock lock(mutex_);
    if (auto in_flight = flights_.find(workspace_id); in_flight != flights_.end()) {
        auto flight = in_flight->second;
        landed_.wait(lock, [&] { return flight->done; });
        return flight->token;
    }
    // Read under the lock: a refresh that landed just before cannot be missed and repeated.
    if (auto stored = stored_token_unless(workspace_id, rejected)) return stored;
    auto flight = std::make_shared<Flight>();
    flights_[workspace_id] = flight;
    lock.unlock();

    auto token = ask_bot_app(workspace_id);

    lock.lock();
    flight->token = std::move(token);
    flight->done = true;
    flights_.erase(workspace_id);
    landed_.notify_all();
    return flight->token;
}

std::optional<Secret> WorkspaceRefresher::stored_token_unless(const std::string& workspace_id,
                                                              const Secret& rejected) {
    storage::Store store(db_, clock_);
    auto workspace = store.find_workspace(storage::PlatformType::Slack, workspace_id);
    if (!workspace || !*workspace) return std::nullopt;
    const auto& token = (*workspace)->bot_token;
    if (token.empty() || token == rejected) return std::nullopt;
    return token;
}

std::optional<Secret> WorkspaceRefresher::ask_bot_app(const std::string& workspace_id) {
    auto failed = [&](const std::string& why) {
        spdlog::warn("refresh_workspace for workspace {} failed: {}; its jobs will retry",
                     workspace_id, why);
        return std::nullopt;
    };
    storage::Store store(db_, clock_);
    auto workspace = store.find_workspace(storage::PlatformType::Slack, workspace_id);
    if (!workspace) return failed("storage: " + workspace.error().message);
    if (!*workspace) return failed("unknown workspace");
    auto organization = store.organization((*workspace)->organization_id);
    if (!organization) return failed("storage: " + organization.error().message);
    const auto& url = organization->command_url;
    if (!url || url->empty()) return failed("the organization has no command_url");

    // The original sent refresh_workspace with the organization's own verification token.
    http::Client http;
    app_commands::AppCommandClient bot_app(http, clock_, options_);
    auto answer =
        bot_app.refresh_workspace({*url, Secret(organization->verification_token)}, {workspace_id});
    if (!answer) return failed(answer.error().message());

    storage::WorkspaceRegistration fresh;
    fresh.name = answer->name;
    fresh.platform_id = workspace_id;
    fresh.domain = answer->domain;
    fresh.bot_token = answer->connection_token;
    auto stored = store.upsert_workspace(organization->id, fresh);
    if (!stored) return failed("storing the new credentials: " + stored.error().message);
    spdlog::info("workspace {} has fresh credentials from the bot app", workspace_id);
    return answer->connection_token;
}

}  // namespace megatron::commands
