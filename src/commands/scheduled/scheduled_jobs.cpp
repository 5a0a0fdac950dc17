#include "commands/scheduled/scheduled_jobs.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::commands::scheduled {
namespace json = boost::json;

void tag_invoke(const json::value_from_tag&, json::value& out, ProfileRefresh::Scope scope) {
    out = scope == ProfileRefresh::Scope::CustomerWorkspace ? "workspace" : "integration";
}

boost::system::result<ProfileRefresh::Scope> tag_invoke(
    json::try_value_to_tag<ProfileRefresh::Scope>, const json::value& v) {
    auto word = v.is_string() ? std::string_view(v.as_string()) : "";
    if (word == "workspace") return ProfileRefresh::Scope::CustomerWorkspace;
    if (word == "integration") return ProfileRefresh::Scope::SupportIntegration;
    return json::make_error_code(json::error::unknown_name);
}

bool complete(const ChannelTask& task) {
    return task.channel_id != 0;
}
bool complete(const ProfileRefresh& refresh) {
    return refresh.id != 0 && refresh.stale_before_ms != 0;
}

bool complete(const RetentionTask& task) {
    return task.period_start_ms != 0;
}

bool complete(const HelpRequestTask& task) {
    return task.help_request_id != 0;
}

std::optional<std::int64_t> period_start_from(const std::string& payload) {
    auto o = json_fields::parse_object(payload);
    if (!o) return std::nullopt;
    return json_fields::integer(*o, "period_start_ms");
}

}  // namespace megatron::commands::scheduled
