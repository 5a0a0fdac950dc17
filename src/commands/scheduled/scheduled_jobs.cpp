#include "commands/scheduled/scheduled_jobs.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::commands::scheduled {
namespace json = boost::json;

void tag_invoke(const json::value_from_tag&, json::value& out, ProfileRefresh::Scope scope) {
    out = scope == ProfileRefresh::Scope::CustomerWorkspace ? "workspace" : "integration";
}

bool read_member(const json::value* v, ProfileRefresh::Scope& out) {
    auto word = v != nullptr && v->is_string() ? std::string_view(v->as_string()) : "";
    if (word == "workspace") out = ProfileRefresh::Scope::CustomerWorkspace;
    if (word == "integration") out = ProfileRefresh::Scope::SupportIntegration;
    return word == "workspace" || word == "integration";
}

bool complete(const ChannelTask& task) {
    return task.channel_id != 0;
}
bool complete(const ProfileRefresh& refresh) {
    return refresh.id != 0 && refresh.stale_before_ms != 0;
}

std::string to_payload(const ChannelTask& task) {
    return payload::write(task);
}
std::string to_payload(const ProfileRefresh& refresh) {
    return payload::write(refresh);
}

std::optional<ChannelTask> channel_task_from(const std::string& payload) {
    return payload::read<ChannelTask>(payload);
}
std::optional<ProfileRefresh> profile_refresh_from(const std::string& payload) {
    return payload::read<ProfileRefresh>(payload);
}

bool complete(const RetentionTask& task) {
    return task.period_start_ms != 0;
}
std::string to_payload(const RetentionTask& task) {
    return payload::write(task);
}
std::optional<RetentionTask> retention_task_from(const std::string& payload) {
    return payload::read<RetentionTask>(payload);
}

std::optional<std::int64_t> period_start_from(const std::string& payload) {
    auto o = json_fields::parse_object(payload);
    if (!o) return std::nullopt;
    return json_fields::integer(*o, "period_start_ms");
}

}  // namespace megatron::commands::scheduled
