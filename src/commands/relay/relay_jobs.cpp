#include "commands/relay/relay_jobs.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {
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

std::optional<json::object> object_with_channel(const std::string& payload,
                                                std::int64_t& channel_id) {
    boost::system::error_code ec;
    auto parsed = json::parse(payload, ec);
    if (ec || !parsed.is_object()) return std::nullopt;
    const auto* id = parsed.as_object().if_contains("channel_id");
    if (id == nullptr || !id->is_int64()) return std::nullopt;
    channel_id = id->as_int64();
    return std::move(parsed.as_object());
}

}  // namespace

std::string channel_ordering_key(std::int64_t channel_id) {
    return "channel:" + std::to_string(channel_id);
}

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
    job.user = text_of(*o, "user");
    job.text = text_of(*o, "text");
    job.ts = text_of(*o, "ts");
    job.attachments = value_of(*o, "attachments");
    job.files = value_of(*o, "files");
    if (job.user.empty() || job.ts.empty()) return std::nullopt;
    return job;
}

std::optional<MirrorBotMessage> mirror_bot_message_from(const std::string& payload) {
    MirrorBotMessage job;
    auto o = object_with_channel(payload, job.channel_id);
    if (!o) return std::nullopt;
    job.text = text_of(*o, "text");
    job.attachments = value_of(*o, "attachments");
    job.blocks = value_of(*o, "blocks");
    job.ts = text_of(*o, "ts");
    return job;
}

std::optional<UpdateMirroredMessage> update_mirrored_message_from(const std::string& payload) {
    UpdateMirroredMessage job;
    auto o = object_with_channel(payload, job.channel_id);
    if (!o) return std::nullopt;
    job.previous_ts = text_of(*o, "previous_ts");
    job.ts = text_of(*o, "ts");
    job.text = text_of(*o, "text");
    job.attachments = value_of(*o, "attachments");
    if (job.previous_ts.empty() || job.ts.empty()) return std::nullopt;
    return job;
}

}  // namespace megatron::commands::relay
