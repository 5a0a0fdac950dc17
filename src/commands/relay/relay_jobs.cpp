#include "commands/relay/relay_jobs.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {
namespace {

namespace json = boost::json;

std::optional<json::object> object_with_channel(const std::string& payload,
                                                std::int64_t& channel_id) {
    auto parsed = payload::parse_object(payload);
    if (!parsed) return std::nullopt;
    auto id = payload::integer(*parsed, "channel_id");
    if (!id) return std::nullopt;
    channel_id = *id;
    return parsed;
}

}  // namespace

std::string to_payload(const MirrorCustomerMessage& job) {
    return json::serialize(json::object{{"channel_id", job.channel_id},
                                        {"user", job.user},
                                        {"text", job.text},
                                        {"ts", job.ts},
                                        {"attachments", job.attachments},
                                        {"files", job.files}});
}

std::string to_payload(const MirrorBotMessage& job) {
    return json::serialize(json::object{{"channel_id", job.channel_id},
                                        {"text", job.text},
                                        {"attachments", job.attachments},
                                        {"blocks", job.blocks},
                                        {"ts", job.ts}});
}

std::string to_payload(const UpdateMirroredMessage& job) {
    return json::serialize(json::object{{"channel_id", job.channel_id},
                                        {"previous_ts", job.previous_ts},
                                        {"ts", job.ts},
                                        {"text", job.text},
                                        {"attachments", job.attachments}});
}

std::optional<MirrorCustomerMessage> mirror_customer_message_from(const std::string& payload) {
    MirrorCustomerMessage job;
    auto o = object_with_channel(payload, job.channel_id);
    if (!o) return std::nullopt;
    job.user = payload::text(*o, "user");
    job.text = payload::text(*o, "text");
    job.ts = payload::text(*o, "ts");
    job.attachments = payload::value(*o, "attachments");
    job.files = payload::value(*o, "files");
    if (job.user.empty() || job.ts.empty()) return std::nullopt;
    return job;
}

std::optional<MirrorBotMessage> mirror_bot_message_from(const std::string& payload) {
    MirrorBotMessage job;
    auto o = object_with_channel(payload, job.channel_id);
    if (!o) return std::nullopt;
    job.text = payload::text(*o, "text");
    job.attachments = payload::value(*o, "attachments");
    job.blocks = payload::value(*o, "blocks");
    job.ts = payload::text(*o, "ts");
    return job;
}

std::optional<UpdateMirroredMessage> update_mirrored_message_from(const std::string& payload) {
    UpdateMirroredMessage job;
    auto o = object_with_channel(payload, job.channel_id);
    if (!o) return std::nullopt;
    job.previous_ts = payload::text(*o, "previous_ts");
    job.ts = payload::text(*o, "ts");
    job.text = payload::text(*o, "text");
    job.attachments = payload::value(*o, "attachments");
    if (job.previous_ts.empty() || job.ts.empty()) return std::nullopt;
    return job;
}

std::string to_payload(const AgentMessageJob& job) {
    return json::serialize(json::object{{"channel_id", job.channel_id},
                                        {"agent_id", job.agent_id},
                                        {"ts", job.ts},
                                        {"previous_ts", job.previous_ts},
                                        {"text", job.text},
                                        {"attachments", job.attachments},
                                        {"blocks", job.blocks}});
}

std::optional<AgentMessageJob> agent_message_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    auto id = payload::integer(*o, "channel_id");
    if (!id) return std::nullopt;
    AgentMessageJob job;
    job.channel_id = *id;
    job.agent_id = payload::text(*o, "agent_id");
    job.ts = payload::text(*o, "ts");
    job.previous_ts = payload::text(*o, "previous_ts");
    job.text = payload::text(*o, "text");
    job.attachments = payload::value(*o, "attachments");
    job.blocks = payload::value(*o, "blocks");
    return job;
}

}  // namespace megatron::commands::relay
