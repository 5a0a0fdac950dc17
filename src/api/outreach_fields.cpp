#include "api/outreach_fields.hpp"

#include "util/crypto.hpp"

#include <boost/json.hpp>

namespace megatron::api {
namespace {

namespace json = boost::json;

std::string name(const std::string& prefix, const char* field) {
    return prefix.empty() ? std::string(field) : prefix + "." + field;
}

// A list, or a list serialised into a JSON string (bot apps send attachments both ways).
Expected<json::value, ApiError> list_field(const json::object& message, const char* key,
                                           const std::string& prefix) {
    const auto* v = json_fields::find(message, key);
    if (v == nullptr || v->is_null() || v->is_array()) return v ? *v : json::value();
    if (v->is_string()) {
        if (v->as_string().empty()) return json::value();
        boost::system::error_code ec;
        auto decoded = json::parse(v->as_string(), ec);
        if (!ec && (decoded.is_array() || decoded.is_null())) return decoded;
    }
    return unexpected(invalid_field(name(prefix, key), "list or JSON string of a list"));
}

}  // namespace

Expected<commands::outreach::OutreachMessage, ApiError> outreach_message(
    const json::object& message, const std::string& prefix) {
    commands::outreach::OutreachMessage out;
    auto text = json_fields::optional<std::string>(message, "text", [&](auto problem) {
        problem.field = name(prefix, problem.field.c_str());
        return field_error(problem);
    });
    if (!text) return unexpected(text.error());
    out.text = text->value_or("");
    auto attachments = list_field(message, "attachments", prefix);
    if (!attachments) return unexpected(attachments.error());
    out.attachments = std::move(*attachments);
    auto blocks = list_field(message, "blocks", prefix);
    if (!blocks) return unexpected(blocks.error());
    out.blocks = std::move(*blocks);
    return out;
}

bool has_content(const commands::outreach::OutreachMessage& message) {
    auto any = [](const json::value& v) { return v.is_array() && !v.as_array().empty(); };
    return !message.text.empty() || any(message.attachments) || any(message.blocks);
}

Expected<std::optional<storage::CustomerWorkspace>, ApiError> organization_workspace(
    ApiContext& context, const storage::Organization& organization,
    const std::string& platform_id) {
    auto workspace = context.store.find_workspace(storage::PlatformType::Slack, platform_id);
    if (!workspace) return unexpected(storage_unavailable());
    if (!*workspace || (*workspace)->organization_id != organization.id) {
        return std::optional<storage::CustomerWorkspace>{};
    }
    return *workspace;
}

Expected<std::string, ApiError> request_key(const storage::Organization& organization,
                                            const json::object& body, const std::string& what) {
    auto given = json_fields::optional<std::string>(body, "idempotency_key", field_error);
    if (!given) return unexpected(given.error());
    // Scoped by organization: one organization's keys never collide with another's.
    auto key = given->has_value() && !(*given)->empty() ? crypto::sha256_hex(**given)
                                                        : crypto::random_hex(16);
    return what + ":" + std::to_string(organization.id) + ":" + key;
}

}  // namespace megatron::api
