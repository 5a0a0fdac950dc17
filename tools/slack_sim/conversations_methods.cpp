// conversations.open / history / create / archive / unarchive / join / invite / list.
#include "method_handlers.hpp"
#include "render.hpp"
#include "wire.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <optional>
#include <set>
#include <vector>

namespace megatron::slack_sim {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Slack's cursors are opaque base64 ("bmV4dF90czox..." = "next_ts:1..."); ours are too.
std::string base64(std::string_view in) {
    std::string out;
    unsigned value = 0;
    int bits = -6;
    for (unsigned char c : in) {
        value = (value << 8) + c;
        bits += 8;
        while (bits >= 0) {
            out.push_back(kB64[(value >> bits) & 0x3F]);
            bits -= 6;
        }
    }
    if (bits > -6) out.push_back(kB64[((value << 8) >> (bits + 8)) & 0x3F]);
    while (out.size() % 4 != 0) out.push_back('=');
    return out;
}

std::string unbase64(std::string_view in) {
    std::string out;
    unsigned value = 0;
    int bits = -8;
    for (char c : in) {
        const char* p = std::strchr(kB64, c);
        if (c == '=' || p == nullptr || c == '\0') break;
        value = (value << 6) + static_cast<unsigned>(p - kB64);
        bits += 6;
        if (bits >= 0) {
            out.push_back(static_cast<char>((value >> bits) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}

// ts strings compare as numbers; both parts are fixed width in practice but be safe.
bool ts_less(const std::string& a, const std::string& b) {
    return std::stod(a) < std::stod(b);
}

bool valid_ts(const std::string& ts) {
    if (ts.empty()) return false;
    return std::all_of(ts.begin(), ts.end(), [](char c) { return std::isdigit(c) || c == '.'; }) &&
           std::count(ts.begin(), ts.end(), '.') <= 1;
}

}  // namespace

std::string channel_name_error(std::string_view name) {
    if (name.empty()) return "invalid_name_required";
    if (utf8_length(name) > 80) return "invalid_name_maxlength";
    bool any_alnum = std::any_of(name.begin(), name.end(),
                                 [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
    if (!any_alnum) return "invalid_name_punctuation";
    bool all_allowed = std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!all_allowed) return "invalid_name_specials";
    return {};
}

boost::json::object conversations_open(SimData& data, MethodCall& call) {
    auto channel_id = arg_string(call.args, "channel");
    auto users = arg_string(call.args, "users");
    bool return_im = arg_bool(call.args, "return_im", false);
    if (channel_id) {
        auto* channel = data.find_channel(*channel_id);
        if (channel == nullptr || channel->team_id != call.workspace.id || !channel->is_im) {
            return slack_error("channel_not_found");
        }
        boost::json::object out{{"ok", true}, {"no_op", true}, {"already_open", true}};
        out["channel"] = return_im ? channel_json(*channel, call.workspace.bot_user_id)
                                   : boost::json::object{{"id", channel->id}};
        return out;
    }
    if (!users) return slack_error("users_list_not_supplied");
    std::vector<std::string> ids;
    std::string::size_type start = 0;
    while (start <= users->size()) {
        auto comma = users->find(',', start);
        auto id = users->substr(start, comma - start);
        if (!id.empty()) ids.push_back(id);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (ids.empty()) return slack_error("users_list_not_supplied");
    if (ids.size() > 8) return slack_error("too_many_users");
    // Group DMs (mpim) are outside what Megatron needs; Slack would open one.
    if (ids.size() > 1) return slack_error("method_not_supported_for_channel_type");
    const User* user = data.find_user(ids.front());
    if (user == nullptr || user->team_id != call.workspace.id) return slack_error("user_not_found");
    if (user->deleted) return slack_error("user_disabled");
    bool existed = data.dms.contains({call.workspace.id, user->id});
    Channel& dm = dm_with(data, call.workspace, user->id);
    boost::json::object out{{"ok", true}};
    if (existed) {
        out["no_op"] = true;
        out["already_open"] = true;
    }
    out["channel"] = return_im ? channel_json(dm, call.workspace.bot_user_id)
                               : boost::json::object{{"id", dm.id}};
    return out;
}

namespace {

// A paginated method's `limit`: 100 when absent or 0, at most `most`; nullopt when invalid.
std::optional<std::int64_t> page_limit(const boost::json::object& args, std::int64_t most) {
    std::int64_t limit = 100;
    if (auto text = arg_string(args, "limit")) {
        auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
        if (ec != std::errc{} || limit < 0) return std::nullopt;
        if (limit == 0) limit = 100;
    }
    return std::min(limit, most);
}

}  // namespace

boost::json::object conversations_history(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel =
        readable_channel(data, call.workspace, *arg_string(call.args, "channel"), error);
    if (channel == nullptr) return slack_error(error);

    auto limit = page_limit(call.args, 999);
    if (!limit) return slack_error("invalid_limit");
    auto latest = arg_string(call.args, "latest");
    auto oldest = arg_string(call.args, "oldest");
    if (latest && !valid_ts(*latest)) return slack_error("invalid_ts_latest");
    if (oldest && !valid_ts(*oldest)) return slack_error("invalid_ts_oldest");
    bool inclusive = arg_bool(call.args, "inclusive", false);
    bool include_metadata = arg_bool(call.args, "include_all_metadata", false);
    if (auto cursor = arg_string(call.args, "cursor")) {
        auto decoded = unbase64(*cursor);
        if (!decoded.starts_with("next_ts:") || !valid_ts(decoded.substr(8))) {
            return slack_error("invalid_cursor");
        }
        latest = decoded.substr(8);
        inclusive = false;
    }

    boost::json::array messages;
    bool has_more = false;
    std::string last_ts;
    // Newest first, top-level messages and broadcast replies only (other thread replies live
    // in conversations.replies).
    for (auto it = channel->messages.rbegin(); it != channel->messages.rend(); ++it) {
        const Message& m = *it;
        bool thread_reply = !m.thread_ts.empty() && m.thread_ts != m.ts;
        if (thread_reply && m.subtype != "thread_broadcast") continue;
        if (latest && (inclusive ? ts_less(*latest, m.ts) : !ts_less(m.ts, *latest))) continue;
        if (oldest && (inclusive ? ts_less(m.ts, *oldest) : !ts_less(*oldest, m.ts))) continue;
        if (static_cast<std::int64_t>(messages.size()) == *limit) {
            has_more = true;
            break;
        }
        messages.push_back(message_json(m, channel->team_id, include_metadata));
        last_ts = m.ts;
    }
    boost::json::object out{
        {"ok", true}, {"messages", std::move(messages)}, {"has_more", has_more}, {"pin_count", 0}};
    if (has_more) {
        out["response_metadata"] =
            boost::json::object{{"next_cursor", base64("next_ts:" + last_ts)}};
    }
    return out;
}

// conversations.replies: the parent `ts` and its replies, oldest first, paged by a cursor as
// Slack does; a ts that is no message is thread_not_found.
boost::json::object conversations_replies(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel =
        readable_channel(data, call.workspace, *arg_string(call.args, "channel"), error);
    if (channel == nullptr) return slack_error(error);
    auto limit = page_limit(call.args, 1000);
    if (!limit) return slack_error("invalid_limit");
    auto parent = *arg_string(call.args, "ts");
    bool include_metadata = arg_bool(call.args, "include_all_metadata", false);
    std::optional<std::string> after;
    if (auto cursor = arg_string(call.args, "cursor")) {
        auto decoded = unbase64(*cursor);
        if (!decoded.starts_with("after_ts:") || !valid_ts(decoded.substr(9))) {
            return slack_error("invalid_cursor");
        }
        after = decoded.substr(9);
    }
    bool found = false;
    boost::json::array messages;
    bool has_more = false;
    std::string last_ts;
    for (const Message& m : channel->messages) {
        if (m.ts != parent && m.thread_ts != parent) continue;
        found = true;
        if (after && !ts_less(*after, m.ts)) continue;
        if (static_cast<std::int64_t>(messages.size()) == *limit) {
            has_more = true;
            break;
        }
        messages.push_back(message_json(m, channel->team_id, include_metadata));
        last_ts = m.ts;
    }
    if (!found) return slack_error("thread_not_found");
    boost::json::object out{
        {"ok", true}, {"messages", std::move(messages)}, {"has_more", has_more}};
    if (has_more) {
        out["response_metadata"] =
            boost::json::object{{"next_cursor", base64("after_ts:" + last_ts)}};
    }
    return out;
}

// conversations.list as Slack documents it: `types` (comma-separated; default
// public_channel), `exclude_archived`, `limit` (default 100, at most 1000) and cursor
// pagination. Private channels are listed only when the caller is a member.
boost::json::object conversations_list(SimData& data, MethodCall& call) {
    auto limit = page_limit(call.args, 1000);
    if (!limit) return slack_error("invalid_limit");
    std::set<std::string> types;
    std::string wanted = arg_string(call.args, "types").value_or("public_channel");
    for (std::size_t start = 0; start <= wanted.size();) {
        auto comma = std::min(wanted.find(',', start), wanted.size());
        types.insert(wanted.substr(start, comma - start));
        start = comma + 1;
    }
    bool exclude_archived = arg_bool(call.args, "exclude_archived", false);
    std::string after;
    if (auto cursor = arg_string(call.args, "cursor")) {
        auto decoded = unbase64(*cursor);
        if (!decoded.starts_with("next_id:")) return slack_error("invalid_cursor");
        after = decoded.substr(8);
    }
    const auto& bot = call.workspace.bot_user_id;
    std::vector<const Channel*> listed;
    for (const auto& [id, c] : data.channels) {
        if (c.team_id != call.workspace.id || c.is_im) continue;
        if (!types.contains(c.is_private ? "private_channel" : "public_channel")) continue;
        if (c.is_private && !c.members.contains(bot)) continue;
        if (exclude_archived && c.is_archived) continue;
        if (!after.empty() && id < after) continue;
        listed.push_back(&c);
    }
    std::sort(listed.begin(), listed.end(),
              [](const Channel* a, const Channel* b) { return a->id < b->id; });
    boost::json::array channels;
    std::string next;
    for (const auto* c : listed) {
        if (static_cast<std::int64_t>(channels.size()) == *limit) {
            next = base64("next_id:" + c->id);
            break;
        }
        channels.push_back(channel_json(*c, bot));
    }
    return {{"ok", true},
            {"channels", std::move(channels)},
            {"response_metadata", boost::json::object{{"next_cursor", next}}}};
}

boost::json::object conversations_create(SimData& data, MethodCall& call) {
    auto name = arg_string(call.args, "name").value_or("");
    if (auto error = channel_name_error(name); !error.empty()) return slack_error(error);
    if (data.find_channel_by_name(call.workspace.id, name) != nullptr) {
        return slack_error("name_taken");
    }
    Channel channel;
    channel.id = data.new_id(arg_bool(call.args, "is_private", false) ? 'G' : 'C');
    channel.team_id = call.workspace.id;
    channel.name = name;
    channel.is_private = arg_bool(call.args, "is_private", false);
    channel.creator = call.workspace.bot_user_id;
    channel.created = unix_now();
    channel.members.insert(call.workspace.bot_user_id);
    auto id = channel.id;
    auto& stored = data.channels.emplace(id, std::move(channel)).first->second;
    boost::json::object json = channel_json(stored, call.workspace.bot_user_id);
    json["last_read"] = "0000000000.000000";
    json["latest"] = nullptr;
    json["unread_count"] = 0;
    json["unread_count_display"] = 0;
    json["priority"] = 0;
    return {{"ok", true}, {"channel", std::move(json)}};
}

namespace {

// Archive/unarchive/join act on channels in the caller's workspace, never on DMs.
Channel* channel_for_membership_change(SimData& data, MethodCall& call, std::string& error) {
    auto* channel = data.find_channel(*arg_string(call.args, "channel"));
    if (channel == nullptr || channel->team_id != call.workspace.id) {
        error = "channel_not_found";
        return nullptr;
    }
    if (channel->is_im) {
        error = "method_not_supported_for_channel_type";
        return nullptr;
    }
    if (channel->is_private && !channel->members.contains(call.workspace.bot_user_id)) {
        error = "channel_not_found";
        return nullptr;
    }
    return channel;
}

}  // namespace

boost::json::object conversations_archive(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel = channel_for_membership_change(data, call, error);
    if (channel == nullptr) return slack_error(error);
    if (channel->is_archived) return slack_error("already_archived");
    if (channel->is_general) return slack_error("cant_archive_general");
    if (!channel->members.contains(call.workspace.bot_user_id))
        return slack_error("not_in_channel");
    channel->is_archived = true;
    return {{"ok", true}};
}

boost::json::object conversations_unarchive(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel = channel_for_membership_change(data, call, error);
    if (channel == nullptr) return slack_error(error);
    if (!channel->is_archived) return slack_error("not_archived");
    channel->is_archived = false;
    channel->members.insert(call.workspace.bot_user_id);
    return {{"ok", true}};
}

boost::json::object conversations_join(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel = channel_for_membership_change(data, call, error);
    if (channel == nullptr) return slack_error(error);
    if (channel->is_archived) return slack_error("is_archived");
    if (!channel->members.insert(call.workspace.bot_user_id).second) {
        call.warnings.emplace_back("already_in_channel");
    }
    return {{"ok", true}, {"channel", channel_json(*channel, call.workspace.bot_user_id)}};
}

// Slack's rules for inviting people: the caller must be in the (unarchived) channel, every
// user must exist in the workspace, the caller cannot invite itself, and (without force) one
// user already in the channel fails the whole call with already_in_channel. Slack also lists
// per-user failures in "errors"; so does this.
boost::json::object conversations_invite(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel = channel_for_membership_change(data, call, error);
    if (channel == nullptr) return slack_error(error);
    if (channel->is_archived) return slack_error("is_archived");
    if (!channel->members.contains(call.workspace.bot_user_id))
        return slack_error("not_in_channel");
    auto users = arg_string(call.args, "users").value_or("");
    bool force = arg_bool(call.args, "force", false);
    std::vector<std::string> ids;
    std::string::size_type start = 0;
    while (start <= users.size()) {
        auto comma = users.find(',', start);
        auto id = users.substr(start, comma - start);
        if (!id.empty()) ids.push_back(id);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (ids.empty()) return slack_error("no_user");
    if (ids.size() > 1000) return slack_error("too_many_users");

    boost::json::array failures;
    std::vector<std::string> invitable;
    std::string first_error;
    for (const auto& id : ids) {
        std::string why;
        const User* user = data.find_user(id);
        if (id == call.workspace.bot_user_id) {
            why = "cant_invite_self";
        } else if (user == nullptr || user->team_id != call.workspace.id || user->deleted) {
            why = "user_not_found";
        } else if (channel->members.contains(id)) {
            why = "already_in_channel";
        }
        if (why.empty()) {
            invitable.push_back(id);
            continue;
        }
        if (first_error.empty()) first_error = why;
        failures.push_back(boost::json::object{{"user", id}, {"ok", false}, {"error", why}});
    }
    if (!first_error.empty() && (!force || invitable.empty())) {
        auto answer = slack_error(first_error);
        answer["errors"] = std::move(failures);
        return answer;
    }
    for (const auto& id : invitable) channel->members.insert(id);
    boost::json::object out{{"ok", true},
                            {"channel", channel_json(*channel, call.workspace.bot_user_id)}};
    if (!failures.empty()) out["errors"] = std::move(failures);
    return out;
}

}  // namespace megatron::slack_sim
