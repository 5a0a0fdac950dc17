#include "commands/control/control_jobs.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::commands::control {
namespace json = boost::json;

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

std::optional<ControlJob> control_job_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    auto id = payload::integer(*o, "integration_id");
    if (!id) return std::nullopt;
    ControlJob job;
    job.verb = payload::text(*o, "verb");
    job.integration_id = *id;
    job.channel = payload::text(*o, "channel");
    job.agent_id = payload::text(*o, "agent_id");
    job.response_url = payload::text(*o, "response_url");
    job.target_workspace_id = payload::text(*o, "target_workspace_id");
    job.target_user_id = payload::text(*o, "target_user_id");
    job.target_name = payload::text(*o, "target_name");
    job.text = payload::text(*o, "text");
    if (job.verb.empty()) return std::nullopt;
    return job;
}

}  // namespace megatron::commands::control
