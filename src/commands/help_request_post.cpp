#include "commands/help_request_post.hpp"

#include "platforms/slack/blocks/megatron_actions.hpp"
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
        return fmt::format("Closed by <@{}> after {} min", *request.closed_by,
                           minutes_between(request.requested_at, *request.closed_at));
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

}  // namespace megatron::commands
