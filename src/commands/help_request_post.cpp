#include "commands/help_request_post.hpp"

#include "commands/channel_context.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/blocks/megatron_actions.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>

namespace megatron::commands {

namespace json = boost::json;

std::string help_request_text(const storage::HelpRequest& request) {
    const auto& who = request.requester.empty() ? request.customer : request.requester;
    return "🆘 *" + strings::escape_slack(who) + "* requested some help!";
}

std::int64_t minutes_between(std::int64_t from, std::int64_t to) {
    return std::max<std::int64_t>(0, (to - from) / 60000);
}

std::string help_request_status(const storage::HelpRequest& request) {
    if (request.closed_at && request.closed_by) {
        const auto minutes = minutes_between(request.requested_at, *request.closed_at);
        if (*request.closed_by == kClosedWhenIdle) {
            return fmt::format("Closed after {} min: the engagement was idle", minutes);
        }
        return fmt::format("Closed by <@{}> after {} min", *request.closed_by, minutes);
    }
    if (request.claimed_at && request.claimed_by) {
        return fmt::format("In progress — <@{}>, {} min after the request", *request.claimed_by,
                           minutes_between(request.requested_at, *request.claimed_at));
    }
    return {};
}

json::array help_request_blocks(const storage::HelpRequest& request) {
    json::array blocks{json::object{
        {"type", "section"},
        {"text", json::object{{"type", "mrkdwn"}, {"text", help_request_text(request)}}}}};
    if (auto status = help_request_status(request); !status.empty()) {
        blocks.push_back(json::object{
            {"type", "context"},
            {"elements", json::array{json::object{{"type", "mrkdwn"}, {"text", status}}}}});
    }
    if (!request.closed_at) {
        blocks.push_back(slack::blocks::open_channel_block(
            {request.workspace_platform_id, request.customer}, !request.claimed_by.has_value()));
    }
    return blocks;
}

std::string already_claimed_text(const storage::HelpRequest& request) {
    if (request.closed_by) {
        if (*request.closed_by == kClosedWhenIdle) {
            return "This help request was closed: the engagement was idle.";
        }
        return fmt::format("This help request was closed by <@{}>.", *request.closed_by);
    }
    return fmt::format(
        "<@{}> claimed this help request {} min after it came in.",
        request.claimed_by.value_or("someone"),
        minutes_between(request.requested_at, request.claimed_at.value_or(request.requested_at)));
}

std::string escalation_text(std::int64_t minutes) {
    return fmt::format("<!here> Nobody has claimed this help request in {} min.", minutes);
}

std::optional<jobs::JobOutcome> show_help_request(slack::WebApiClient& client,
                                                  const slack::Credentials& support,
                                                  const storage::HelpRequest& request) {
    slack::UpdateMessage update;
    update.channel = request.channel;
    update.ts = request.message_ts;
    update.text = help_request_text(request);
    update.blocks = help_request_blocks(request);
    auto updated = slack::update_message(client, support, update);
    if (!updated) return outcome_for(updated.error());
    return std::nullopt;
}

std::optional<jobs::JobOutcome> close_open_help_request(
    storage::Store& store, slack::WebApiClient& client, const slack::Credentials& support,
    const std::string& workspace_platform_id, const std::string& customer,
    const std::string& closed_by, std::int64_t now_ms) {
    auto open = store.open_help_request_for(workspace_platform_id, customer);
    if (!open) return retry_storage(open.error());
    if (!*open) return std::nullopt;
    auto closed = store.close_help_request((*open)->id, closed_by, now_ms);
    if (!closed) return retry_storage(closed.error());
    auto now = store.help_request((*open)->id);
    if (!now) return retry_storage(now.error());
    return show_help_request(client, support, *now);
}

}  // namespace megatron::commands
