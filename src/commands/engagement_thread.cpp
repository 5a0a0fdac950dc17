#include "commands/engagement_thread.hpp"

#include "platforms/slack/blocks/megatron_actions.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "util/strings.hpp"

#include <boost/json/object.hpp>

namespace megatron::commands {
namespace {

namespace json = boost::json;
using slack::blocks::ActionTarget;

std::string state_line(const ThreadParent& parent) {
    if (parent.closed) return ":white_check_mark: Closed";
    if (!parent.paused) return ":robot_face: The bot is answering";
    if (parent.paused_by.empty()) return ":double_vertical_bar: Bot paused";
    return ":double_vertical_bar: Bot paused by <@" + parent.paused_by + ">";
}

json::array buttons(const ThreadParent& parent) {
    namespace blocks = slack::blocks;
    ActionTarget target{parent.workspace_id, parent.user_id};
    if (parent.closed) {
        return {blocks::action_button(blocks::kOpenCommand, "Open again", target, "primary")};
    }
    return {parent.paused
                ? blocks::action_button(blocks::kUnpauseCommand, "Unpause Bot", target, "primary")
                : blocks::action_button(blocks::kPauseCommand, "Pause Bot", target, "danger"),
            blocks::action_button(blocks::kCloseCommand, "Close", target),
            blocks::action_button(blocks::kClearContextCommand, "Clear context", target)};
}

}  // namespace

std::string thread_parent_text(const ThreadParent& parent) {
    // Outside names are escaped: a customer could be called "<!channel>".
    return strings::escape_slack(parent.customer.best_name()) + " (" +
           strings::escape_slack(parent.workspace_name) + "): " + state_line(parent);
}

json::array thread_parent_blocks(const ThreadParent& parent) {
    json::object section{{"type", "section"},
                         {"text",
                          {{"type", "mrkdwn"},
                           {"text", "*" + strings::escape_slack(parent.customer.best_name()) +
                                        "* (" + strings::escape_slack(parent.workspace_name) +
                                        ")\n" + state_line(parent)}}}};
    if (!parent.customer.profile_image.empty()) {
        section["accessory"] = json::object{{"type", "image"},
                                            {"image_url", parent.customer.profile_image},
                                            {"alt_text", parent.customer.best_name()}};
    }
    return {std::move(section), json::object{{"type", "actions"}, {"elements", buttons(parent)}}};
}

ThreadParent thread_parent_of(const storage::Channel& engagement,
                              const storage::CustomerWorkspace& workspace,
                              const storage::Profile& customer) {
    return {customer,
            workspace.name,
            workspace.platform_id,
            engagement.platform_user_id,
            engagement.is_paused,
            engagement.paused_by,
            engagement.is_archived};
}

Expected<void, slack::SlackError> update_thread_parent(slack::WebApiClient& client,
                                                       const storage::Integration& integration,
                                                       const storage::Channel& engagement,
                                                       const ThreadParent& parent) {
    if (!engagement.is_thread()) return {};
    slack::UpdateMessage update;
    update.channel = engagement.platform_channel_id;
    update.ts = engagement.thread_ts;
    update.text = thread_parent_text(parent);
    update.blocks = thread_parent_blocks(parent);
    // chat.update is idempotent: a job run again writes the same parent again.
    return slack::update_message(client, {integration.bot_token, {}}, update)
        .transform([](const auto&) {});
}

bool is_internal_note(std::string_view text, std::string_view note_prefix) {
    return !note_prefix.empty() && text.starts_with(note_prefix);
}

slack::PostMessage post_into(const storage::Channel& engagement) {
    slack::PostMessage post;
    post.channel = engagement.platform_channel_id;
    post.thread_ts = engagement.thread_ts;
    return post;
}

}  // namespace megatron::commands
