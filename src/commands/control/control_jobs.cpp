#include "commands/control/control_jobs.hpp"

#include <boost/json.hpp>

namespace megatron::commands::control {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::value value_of(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v != nullptr ? *v : json::value();
}

std::optional<json::object> parse_object(const std::string& payload) {
    boost::system::error_code ec;
    auto parsed = json::parse(payload, ec);
    if (ec || !parsed.is_object()) return std::nullopt;
    return std::move(parsed.as_object());
}

}  // namespace

std::string to_payload(const AgentMessageJob& job) {
    return json::serialize(json::object{{"channel_id", job.channel_id},
                                        {"agent_id", job.agent_id},
                                        {"ts", job.ts},
                                        {"previous_ts", job.previous_ts},
                                        {"text", job.text},
                                        {"attachments", job.attachments},
                                        {"blocks", job.blocks}});
}

std::string to_payload(const ControlJob& job) {
    return json::serialize(json::object{{"verb", job.verb},
                                        {"integration_id", job.integration_id},
                                        {"channel", job.channel},
                                        {"agent_id", job.agent_id},
                                        {"response_url", job.response_url},
                                        {"target_workspace_id", job.target_workspace_id},
                                        {"target_user_id", job.target_user_id},
                                        {"target_name", job.target_name},
                                        {"text", job.text}});
}

std::optional<AgentMessageJob> agent_message_from(const std::string& payload) {
    auto o = parse_object(payload);
    if (!o) return std::nullopt;
    const auto* id = o->if_contains("channel_id");
    if (id == nullptr || !id->is_int64()) return std::nullopt;
    AgentMessageJob job;
    job.channel_id = id->as_int64();
    job.agent_id = text_of(*o, "agent_id");
    job.ts = text_of(*o, "ts");
    job.previous_ts = text_of(*o, "previous_ts");
    job.text = text_of(*o, "text");
    job.attachments = value_of(*o, "attachments");
    job.blocks = value_of(*o, "blocks");
    return job;
}

std::optional<ControlJob> control_job_from(const std::string& payload) {
    auto o = parse_object(payload);
    if (!o) return std::nullopt;
    const auto* id = o->if_contains("integration_id");
    if (id == nullptr || !id->is_int64()) return std::nullopt;
    ControlJob job;
    job.verb = text_of(*o, "verb");
    job.integration_id = id->as_int64();
    job.channel = text_of(*o, "channel");
    job.agent_id = text_of(*o, "agent_id");
    job.response_url = text_of(*o, "response_url");
    job.target_workspace_id = text_of(*o, "target_workspace_id");
    job.target_user_id = text_of(*o, "target_user_id");
    job.target_name = text_of(*o, "target_name");
    job.text = text_of(*o, "text");
    if (job.verb.empty()) return std::nullopt;
    return job;
}

}  // namespace megatron::commands::control
