// conversations.open / history / create / archive / unarchive / join / list.
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/parsing.hpp"
#include "util/json_fields.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/array.hpp>

#include <algorithm>
#include <cctype>

namespace megatron::slack {
namespace {

constexpr std::size_t kMaxChannelName = 80;

const boost::json::object& channel_object(const boost::json::object& answer) {
    return json_fields::object_or_empty(answer, "channel");
}

}  // namespace

std::string normalize_channel_name(std::string_view wanted) {
    std::string out;
    for (unsigned char c : wanted) {
        if (out.size() == kMaxChannelName) break;
        char lower = static_cast<char>(std::tolower(c));
        bool allowed = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ||
                       lower == '-' || lower == '_';
        out.push_back(allowed ? lower : '_');
    }
    return out.empty() ? "channel" : out;
}

Expected<OpenedConversation, SlackError> open_conversation(WebApiClient& client,
                                                           const Credentials& credentials,
                                                           const std::string& user_id) {
    auto answer =
        client.call(credentials, {"conversations.open", Replay::Safe, {{"users", user_id}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return OpenedConversation{json_fields::string_or_empty(channel_object(*answer), "id"),
                              json_fields::flag(*answer, "already_open")};
}

namespace {

// One page of conversations.history or conversations.replies (the same shape).
HistoryPage page_of(const boost::json::object& answer) {
    HistoryPage page;
    for (const auto& m : json_fields::list_or_empty(answer, "messages")) {
        if (m.is_object()) page.messages.push_back(detail::message_from_json(m.as_object()));
    }
    page.has_more = json_fields::flag(answer, "has_more");
    page.next_cursor = json_fields::string_or_empty(answer, "response_metadata.next_cursor");
    return page;
}

}  // namespace

Expected<HistoryPage, SlackError> conversation_history(WebApiClient& client,
                                                       const Credentials& credentials,
                                                       const HistoryQuery& query) {
    ApiCall call{"conversations.history", Replay::Safe, {{"channel", query.channel}}};
    call.form.emplace_back("limit", std::to_string(query.limit));
    if (!query.oldest.empty()) call.form.emplace_back("oldest", query.oldest);
    if (!query.latest.empty()) call.form.emplace_back("latest", query.latest);
    if (query.inclusive) call.form.emplace_back("inclusive", "true");
    if (!query.cursor.empty()) call.form.emplace_back("cursor", query.cursor);
    if (query.include_all_metadata) call.form.emplace_back("include_all_metadata", "true");
    auto answer = client.call(credentials, call);
    if (!answer) return unexpected(std::move(answer.error()));
    return page_of(*answer);
}

Expected<HistoryPage, SlackError> conversation_replies(WebApiClient& client,
                                                       const Credentials& credentials,
                                                       const HistoryQuery& query,
                                                       const std::string& thread_ts) {
    ApiCall call{
        "conversations.replies", Replay::Safe, {{"channel", query.channel}, {"ts", thread_ts}}};
    call.form.emplace_back("limit", std::to_string(query.limit));
    if (!query.cursor.empty()) call.form.emplace_back("cursor", query.cursor);
    if (query.include_all_metadata) call.form.emplace_back("include_all_metadata", "true");
    auto answer = client.call(credentials, call);
    if (!answer) return unexpected(std::move(answer.error()));
    return page_of(*answer);
}

Expected<ChannelInfo, SlackError> create_conversation(WebApiClient& client,
                                                      const Credentials& credentials,
                                                      const CreateChannel& request) {
    auto base = request.name;
    for (int suffix = 1;; ++suffix) {
        std::string name = base;
        if (suffix > 1) {
            auto tail = "-" + std::to_string(suffix);
            name = base.substr(0, std::min(base.size(), kMaxChannelName - tail.size())) + tail;
        }
        // Safe to repeat: a create that did happen answers name_taken the second time.
        ApiCall call{"conversations.create", Replay::Safe, {{"name", name}}};
        if (request.is_private) call.form.emplace_back("is_private", "true");
        auto answer = client.call(credentials, call);
        if (answer) return detail::channel_from_json(channel_object(*answer));
        if (answer.error().code != SlackErrorCode::NameTaken ||
            request.on_name_taken == OnNameTaken::Fail || suffix >= request.max_suffix) {
            return unexpected(std::move(answer.error()));
        }
        spdlog::debug("slack conversations.create: name {} taken, trying a suffix", name);
    }
}

Expected<std::optional<ChannelInfo>, SlackError> find_conversation_by_name(
    WebApiClient& client, const Credentials& credentials, const std::string& name) {
    std::string cursor;
    do {
        // Slack recommends pages of at most 200 for cursor-paginated methods.
        ApiCall call{"conversations.list",
                     Replay::Safe,
                     {{"types", "public_channel,private_channel"}, {"limit", "200"}}};
        if (!cursor.empty()) call.form.emplace_back("cursor", cursor);
        auto answer = client.call(credentials, call);
        if (!answer) return unexpected(std::move(answer.error()));
        for (const auto& c : json_fields::list_or_empty(*answer, "channels")) {
            if (!c.is_object()) continue;
            auto channel = detail::channel_from_json(c.as_object());
            if (channel.name == name) return std::optional<ChannelInfo>{std::move(channel)};
        }
        cursor = json_fields::string_or_empty(*answer, "response_metadata.next_cursor");
    } while (!cursor.empty());
    return std::optional<ChannelInfo>{};
}

Expected<void, SlackError> archive_conversation(WebApiClient& client,
                                                const Credentials& credentials,
                                                const std::string& channel) {
    auto answer =
        client.call(credentials, {"conversations.archive", Replay::Safe, {{"channel", channel}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return {};
}

Expected<void, SlackError> unarchive_conversation(WebApiClient& client,
                                                  const Credentials& credentials,
                                                  const std::string& channel) {
    auto answer =
        client.call(credentials, {"conversations.unarchive", Replay::Safe, {{"channel", channel}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return {};
}

Expected<JoinedChannel, SlackError> join_conversation(WebApiClient& client,
                                                      const Credentials& credentials,
                                                      const std::string& channel) {
    auto answer =
        client.call(credentials, {"conversations.join", Replay::Safe, {{"channel", channel}}});
    if (!answer) return unexpected(std::move(answer.error()));
    auto warnings = detail::warnings_of(*answer);
    bool already =
        std::find(warnings.begin(), warnings.end(), "already_in_channel") != warnings.end();
    return JoinedChannel{detail::channel_from_json(channel_object(*answer)), already};
}

}  // namespace megatron::slack
