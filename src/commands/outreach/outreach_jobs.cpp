#include "commands/outreach/outreach_jobs.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::commands::outreach {
namespace {

namespace json = boost::json;

json::object message_json(const OutreachMessage& m) {
    return {{"text", m.text}, {"attachments", m.attachments}, {"blocks", m.blocks}};
}

OutreachMessage message_of(const json::object& o) {
    OutreachMessage m;
    const auto* v = o.if_contains("message");
    if (v == nullptr || !v->is_object()) return m;
    m.text = payload::text(v->as_object(), "text");
    m.attachments = payload::value(v->as_object(), "attachments");
    m.blocks = payload::value(v->as_object(), "blocks");
    return m;
}

}  // namespace

std::string dm_ordering_key(std::int64_t workspace_id, const std::string& user) {
    return "dm:" + std::to_string(workspace_id) + ":" + user;
}

std::string to_payload(const DirectMessageJob& job) {
    return json::serialize(json::object{{"workspace_id", job.workspace_id},
                                        {"user", job.user},
                                        {"message", message_json(job.message)}});
}

std::string to_payload(const EphemeralNoticeJob& job) {
    return json::serialize(json::object{{"integration_id", job.integration_id},
                                        {"channel", job.channel},
                                        {"user", job.user},
                                        {"message", message_json(job.message)}});
}

std::string to_payload(const HelpRequestJob& job) {
    return json::serialize(json::object{{"integration_id", job.integration_id},
                                        {"channel", job.channel},
                                        {"requester", job.requester},
                                        {"workspace_platform_id", job.workspace_platform_id},
                                        {"user", job.user}});
}

std::optional<DirectMessageJob> direct_message_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    auto id = payload::integer(*o, "workspace_id");
    DirectMessageJob job;
    job.user = payload::text(*o, "user");
    if (!id || job.user.empty()) return std::nullopt;
    job.workspace_id = *id;
    job.message = message_of(*o);
    return job;
}

std::optional<EphemeralNoticeJob> ephemeral_notice_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    auto id = payload::integer(*o, "integration_id");
    EphemeralNoticeJob job;
    job.channel = payload::text(*o, "channel");
    job.user = payload::text(*o, "user");
    if (!id || job.channel.empty() || job.user.empty()) return std::nullopt;
    job.integration_id = *id;
    job.message = message_of(*o);
    return job;
}

std::optional<HelpRequestJob> help_request_from(const std::string& payload) {
    auto o = payload::parse_object(payload);
    if (!o) return std::nullopt;
    auto id = payload::integer(*o, "integration_id");
    HelpRequestJob job;
    job.channel = payload::text(*o, "channel");
    job.requester = payload::text(*o, "requester");
    job.workspace_platform_id = payload::text(*o, "workspace_platform_id");
    job.user = payload::text(*o, "user");
    if (!id || job.channel.empty() || job.workspace_platform_id.empty() || job.user.empty()) {
        return std::nullopt;
    }
    job.integration_id = *id;
    return job;
}

}  // namespace megatron::commands::outreach
