#include "commands/scheduled/scheduled_jobs.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::commands::scheduled {
namespace json = boost::json;

std::string to_payload(const ChannelTask& task) {
    return json::serialize(json::object{{"channel_id", task.channel_id}});
}

std::string to_payload(const ProfileRefresh& refresh) {
    auto scope =
        refresh.scope == ProfileRefresh::Scope::CustomerWorkspace ? "workspace" : "integration";
    return json::serialize(json::object{
        {"scope", scope}, {"id", refresh.id}, {"stale_before_ms", refresh.stale_before_ms}});
}

std::optional<ChannelTask> channel_task_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    auto id = payload::integer(*o, "channel_id");
    if (!id) return std::nullopt;
    return ChannelTask{*id};
}

std::optional<ProfileRefresh> profile_refresh_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    const auto* scope = o->if_contains("scope");
    auto id = payload::integer(*o, "id");
    auto before = payload::integer(*o, "stale_before_ms");
    if (scope == nullptr || !scope->is_string() || !id || !before) return std::nullopt;
    ProfileRefresh refresh;
    if (scope->as_string() == "workspace") {
        refresh.scope = ProfileRefresh::Scope::CustomerWorkspace;
    } else if (scope->as_string() == "integration") {
        refresh.scope = ProfileRefresh::Scope::SupportIntegration;
    } else {
        return std::nullopt;
    }
    refresh.id = *id;
    refresh.stale_before_ms = *before;
    return refresh;
}

std::optional<std::int64_t> period_start_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    return payload::integer(*o, "period_start_ms");
}

}  // namespace megatron::commands::scheduled
