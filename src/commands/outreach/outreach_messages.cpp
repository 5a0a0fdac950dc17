#include "commands/outreach/outreach_messages.hpp"

#include "platforms/slack/blocks/megatron_actions.hpp"
#include "util/strings.hpp"

#include <boost/json.hpp>

namespace megatron::commands::outreach {

namespace json = boost::json;

json::object feedback_attachment() {
    auto button = [](const char* name, const char* text, const char* value) {
        return json::object{{"name", name}, {"text", text}, {"type", "button"}, {"value", value}};
    };
    return {{"text", " "},
            {"callback_id", "BF"},
            {"mrkdwn_in", json::array{"pretext", "text"}},
            {"footer", "Was this message helpful to you?  Use the buttons below to let us know!"},
            {"actions", json::array{button("feedback-positive", ":+1:", "positive"),
                                    button("feedback-negative", ":-1:", "negative")}}};
}

void add_feedback_buttons(OutreachMessage& message) {
    if (!message.attachments.is_array()) message.attachments = json::array{};
    message.attachments.as_array().push_back(feedback_attachment());
}

OutreachMessage help_request_message(const HelpRequestJob& job) {
    auto who = job.requester.empty() ? job.user : job.requester;
    OutreachMessage message;
    message.text = "🆘 *" + strings::escape_slack(who) + "* requested some help!";
    message.blocks = json::array{
        json::object{{"type", "section"},
                     {"text", json::object{{"type", "mrkdwn"}, {"text", message.text}}}},
        slack::blocks::open_channel_block({job.workspace_platform_id, job.user})};
    return message;
}

}  // namespace megatron::commands::outreach
