#include "commands/outreach/outreach_messages.hpp"

#include "commands/help_request_post.hpp"

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

storage::HelpRequest help_request_row(const HelpRequestJob& job) {
    storage::HelpRequest request;
    request.integration_id = job.integration_id;
    request.workspace_platform_id = job.workspace_platform_id;
    request.customer = job.user;
    request.requester = job.requester;
    return request;
}

OutreachMessage help_request_message(const HelpRequestJob& job) {
    OutreachMessage message;
    message.text = help_request_text(help_request_row(job));
    message.blocks = help_request_blocks(help_request_row(job));
    return message;
}

}  // namespace megatron::commands::outreach
