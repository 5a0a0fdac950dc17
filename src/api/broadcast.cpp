// POST /megatron/broadcast/: DM a message to many customers, in one or more of the
// organization's customer workspaces, optionally with feedback buttons. Each recipient is a
// job of its own, so one user's failure never holds up the others; what is wrong with a
// recipient at request time (an unknown workspace, a malformed user id) comes back in the
// answer, and Slack-side failures are retried by the queue.
#include "api/endpoint.hpp"
#include "api/outreach_fields.hpp"
#include "commands/outreach/outreach_jobs.hpp"
#include "commands/outreach/outreach_messages.hpp"
#include "util/strings.hpp"

#include <boost/json.hpp>

#include <set>
#include <utility>

namespace megatron::api {
namespace {

namespace json = boost::json;
using commands::outreach::OutreachMessage;

ApiError malformed_broadcast() {
    return {http::Status::bad_request, "malformed_broadcast", "text", {}};
}

// "text" is the message serialised into a JSON string, as the original took it (an object
// is accepted as well). Anything that is not a message Slack could show is malformed.
Expected<OutreachMessage, ApiError> broadcast_message(const json::value& text) {
    json::value decoded;
    if (text.is_string()) {
        boost::system::error_code ec;
        decoded = json::parse(text.as_string(), ec);
        if (ec) return unexpected(malformed_broadcast());
    } else {
        decoded = text;
    }
    if (!decoded.is_object()) return unexpected(malformed_broadcast());
    auto message = outreach_message(decoded.as_object(), "text");
    if (!message || !has_content(*message)) return unexpected(malformed_broadcast());
    return std::move(*message);
}

// One entry of "broadcasts", checked for shape before anything is queued.
struct Recipients {
    std::string org_id;  // the customer workspace's Slack team id
    std::string platform_type;
    const json::array* user_ids = nullptr;
};

ApiError under(ApiError error, const std::string& prefix) {
    error.field = prefix + "." + error.field;
    return error;
}

Expected<std::vector<Recipients>, ApiError> recipients_of(const json::array& broadcasts) {
    std::vector<Recipients> all;
    for (std::size_t i = 0; i < broadcasts.size(); ++i) {
        auto where = "broadcasts[" + std::to_string(i) + "]";
        if (!broadcasts[i].is_object()) return unexpected(invalid_field(where, "object"));
        const auto& entry = broadcasts[i].as_object();
        Recipients r;
        auto org_id = json_fields::required<std::string>(entry, "org_id", field_error);
        if (!org_id) return unexpected(under(org_id.error(), where));
        r.org_id = std::move(*org_id);
        auto platform_type =
            json_fields::optional<std::string>(entry, "platform_type", field_error);
        if (!platform_type) return unexpected(under(platform_type.error(), where));
        r.platform_type = strings::to_lower(platform_type->value_or("slack"));
        auto user_ids =
            json_fields::required<const boost::json::array*>(entry, "user_ids", field_error);
        if (!user_ids) return unexpected(under(user_ids.error(), where));
        r.user_ids = *user_ids;
        all.push_back(std::move(r));
    }
    return all;
}

// Per-user failures in the original's shape: {"<org_id>": [{"<user_id>": "<error>"}, ...]}.
class UserErrors {
  public:
    void add(const std::string& org_id, const json::value& user, const std::string& error) {
        auto key = user.is_string() ? std::string(user.as_string()) : json::serialize(user);
        auto& list = errors_[org_id];
        if (!list.is_array()) list = json::array{};
        list.as_array().push_back(json::object{{key, error}});
    }
    bool empty() const { return errors_.empty(); }
    json::object take() { return std::move(errors_); }

  private:
    json::object errors_;
};

}  // namespace

Expected<http::Response, ApiError> broadcast(ApiContext& context,
                                             const storage::Organization& organization,
                                             const boost::json::object& body,
                                             const http::RequestContext&) {
    const auto* text = json_fields::find(body, "text");
    if (text == nullptr || text->is_null()) return unexpected(missing_field("text"));
    auto broadcasts =
        json_fields::required<const boost::json::array*>(body, "broadcasts", field_error);
    if (!broadcasts) return unexpected(broadcasts.error());
    auto message = broadcast_message(*text);
    if (!message) return unexpected(message.error());
    auto capture_feedback = json_fields::optional<bool>(body, "capture_feedback", field_error);
    if (!capture_feedback) return unexpected(capture_feedback.error());
    if (capture_feedback->value_or(false)) commands::outreach::add_feedback_buttons(*message);
    auto recipients = recipients_of(**broadcasts);
    if (!recipients) return unexpected(recipients.error());
    auto key = request_key(organization, body, "broadcast");
    if (!key) return unexpected(key.error());

    UserErrors errors;
    std::set<std::pair<std::int64_t, std::string>> accepted;  // a repeat counts once
    for (const auto& entry : *recipients) {
        std::optional<storage::CustomerWorkspace> workspace;
        std::string entry_error;
        if (entry.platform_type != "slack") {
            entry_error = "unknown_platform_type";
        } else {
            auto found = organization_workspace(context, organization, entry.org_id);
            if (!found) return unexpected(found.error());
            workspace = std::move(*found);
            if (!workspace) entry_error = "unknown_workspace";
        }
        for (const auto& user : *entry.user_ids) {
            if (!entry_error.empty()) {
                errors.add(entry.org_id, user, entry_error);
                continue;
            }
            if (!user.is_string() || user.as_string().empty()) {
                errors.add(entry.org_id, user, "invalid_user_id");
                continue;
            }
            commands::outreach::DirectMessageJob job{workspace->id, std::string(user.as_string()),
                                                     *message};
            // The same user listed twice in one broadcast is the same job: one DM.
            auto enqueued = enqueue(
                context.queue, {commands::outreach::kDirectMessageKind,
                                commands::outreach::dm_ordering_key(job.workspace_id, job.user),
                                *key + ":" + std::to_string(job.workspace_id) + ":" + job.user,
                                commands::payload::write(job)});
            if (!enqueued) return unexpected(enqueued.error());
            accepted.emplace(job.workspace_id, job.user);
        }
    }
    json::object answer{{"queued", static_cast<std::int64_t>(accepted.size())}};
    if (errors.empty()) return ok_response(std::move(answer));
    // As the original: per-user errors make "ok" false, with status 200 (the rest went out).
    answer["ok"] = false;
    answer["errors"] = errors.take();
    return http::json_response(http::Status::ok, answer);
}

}  // namespace megatron::api
