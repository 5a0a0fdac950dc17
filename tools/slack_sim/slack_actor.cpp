// Simulator acting as Slack toward a connected app: people's messages, edits and deletions
// become Events API callbacks; slash commands and interactive payloads carry response_urls
// that post back into the simulated channel.
#include "method_handlers.hpp"
#include "render.hpp"
#include "simulator_parts.hpp"
#include "util/crypto.hpp"

#include <boost/json/array.hpp>

#include <stdexcept>

namespace megatron::slack_sim {
namespace {

struct Context {
    std::string team_id;
    std::string domain;
    std::string bot_user_id;
    std::string channel_name;
    std::string channel_type;
    std::string user_name;
};

std::string channel_type_of(const Channel& c) {
    return c.is_im ? "im" : c.is_private ? "group" : "channel";
}

// The channel and the message in it that a person edits, deletes or reacts to.
std::pair<Channel*, std::vector<Message>::iterator> person_acts_on(SimData& d,
                                                                   const std::string& channel_id,
                                                                   const std::string& ts) {
    Channel* c = d.find_channel(channel_id);
    if (c == nullptr) throw std::invalid_argument("unknown channel " + channel_id);
    auto it = std::find_if(c->messages.begin(), c->messages.end(),
                           [&](const Message& m) { return m.ts == ts; });
    if (it == c->messages.end()) throw std::invalid_argument("unknown message " + ts);
    return {c, it};
}

Context context_of(SimData& d, const std::string& channel_id, const std::string& user_id) {
    Channel* c = d.find_channel(channel_id);
    if (c == nullptr) throw std::invalid_argument("unknown channel " + channel_id);
    const auto& ws = d.workspaces.at(c->team_id);
    const User* user = d.find_user(user_id);
    return {c->team_id,          ws.domain,
            ws.bot_user_id,      c->is_im ? "directmessage" : c->name,
            channel_type_of(*c), user == nullptr ? user_id : user->name};
}

// A person's message stored in the channel and sent to the app as a "message" event (with
// `subtype` when not empty).
Delivery person_writes(Simulator& sim, Store& store, const std::string& channel_id,
                       const std::string& user_id, const std::string& text,
                       const std::string& thread_ts, const std::string& subtype) {
    auto [team, ts, type] = store.with([&](SimData& d) {
        auto ctx = context_of(d, channel_id, user_id);
        Message m;
        m.ts = d.new_ts();
        m.user = user_id;
        m.text = text;
        m.thread_ts = thread_ts;
        m.subtype = subtype;
        d.find_channel(channel_id)->messages.push_back(m);
        return std::make_tuple(ctx.team_id, m.ts, ctx.channel_type);
    });
    auto event = message_event(channel_id, user_id, text, ts, type, thread_ts);
    if (!subtype.empty()) event["subtype"] = subtype;
    event["team"] = team;
    return sim.send_event(team, std::move(event));
}

std::string new_trigger_id() {
    return std::to_string(unix_now()) + "." + std::to_string(unix_now() % 100000) + "." +
           crypto::random_hex(16);
}

}  // namespace

void Simulator::connect_app(const std::string& team_id, AppConnection app) {
    std::lock_guard lock(parts_->apps_mutex);
    if (app.echo_bot_messages) parts_->any_echo = true;
    parts_->apps[team_id] = std::move(app);
}

Delivery Simulator::send_event(const std::string& team_id, boost::json::object inner_event) {
    return deliver_event(team_id, std::move(inner_event), parts_->shutdown.token());
}

Delivery Simulator::deliver_event(const std::string& team_id, boost::json::object inner_event,
                                  const std::stop_token& stop) {
    std::optional<AppConnection> app;
    {
        std::lock_guard lock(parts_->apps_mutex);
        if (auto it = parts_->apps.find(team_id); it != parts_->apps.end()) app = it->second;
    }
    if (!app || (app->events_url.empty() && !app->socket_mode)) return {};
    auto bot = bot_user_id(team_id);
    if (app->socket_mode) {
        return deliver_event_by_socket(
            team_id, *app, event_callback(team_id, app->api_app_id, bot, std::move(inner_event)),
            stop);
    }
    SlackSender sender{Secret(app->signing_secret)};
    return sender.send_event(app->events_url,
                             event_callback(team_id, app->api_app_id, bot, std::move(inner_event)),
                             app->event_retry, stop);
}

Delivery Simulator::user_says(const std::string& channel_id, const std::string& user_id,
                              const std::string& text, const std::string& thread_ts) {
    return person_writes(*this, parts_->store, channel_id, user_id, text, thread_ts, {});
}

Delivery Simulator::user_broadcasts_reply(const std::string& channel_id, const std::string& user_id,
                                          const std::string& text, const std::string& thread_ts) {
    return person_writes(*this, parts_->store, channel_id, user_id, text, thread_ts,
                         "thread_broadcast");
}

Delivery Simulator::user_shares_files(const std::string& channel_id, const std::string& user_id,
                                      const std::string& text, std::vector<FileSpec> files,
                                      std::vector<std::string>* file_ids,
                                      const std::string& thread_ts) {
    auto base = base_url();
    auto [team, event] = parts_->store.with([&](SimData& d) {
        auto ctx = context_of(d, channel_id, user_id);
        const auto& ws = d.workspaces.at(ctx.team_id);
        boost::json::array objects;
        for (auto& spec : files) {
            File f;
            f.id = d.new_id('F');
            f.team_id = ctx.team_id;
            f.name = spec.name;
            f.title = spec.title.empty() ? spec.name : spec.title;
            f.mimetype = spec.mimetype;
            f.content = std::move(spec.content);
            f.user = user_id;
            f.created = unix_now();
            f.uploaded = true;
            f.completed = true;
            f.channels.push_back(channel_id);
            objects.push_back(file_json(f, base, ws.domain));
            if (file_ids != nullptr) file_ids->push_back(f.id);
            d.files[f.id] = std::move(f);
        }
        Message m;
        m.ts = d.new_ts();
        m.user = user_id;
        m.text = text;
        m.subtype = "file_share";
        m.files = objects;
        m.thread_ts = thread_ts;
        d.find_channel(channel_id)->messages.push_back(m);
        auto shared = message_event(channel_id, user_id, text, m.ts, ctx.channel_type, thread_ts);
        shared["subtype"] = "file_share";
        shared["files"] = std::move(objects);
        shared["upload"] = false;
        shared["display_as_bot"] = false;
        shared["team"] = ctx.team_id;
        return std::make_pair(ctx.team_id, std::move(shared));
    });
    return send_event(team, std::move(event));
}

Delivery Simulator::user_edits(const std::string& channel_id, const std::string& ts,
                               const std::string& new_text) {
    auto [team, event] = parts_->store.with([&](SimData& d) {
        auto [c, it] = person_acts_on(d, channel_id, ts);
        boost::json::object previous{{"type", "message"},
                                     {"text", it->text},
                                     {"user", it->user},
                                     {"team", c->team_id},
                                     {"ts", it->ts}};
        it->text = new_text;
        it->edited_ts = d.new_ts();
        auto event_ts = d.new_ts();
        boost::json::object message{
            {"type", "message"}, {"text", new_text},
            {"user", it->user},  {"team", c->team_id},
            {"ts", it->ts},      {"edited", {{"user", it->user}, {"ts", it->edited_ts}}}};
        if (!it->thread_ts.empty()) message["thread_ts"] = it->thread_ts;
        boost::json::object e{{"type", "message"},
                              {"subtype", "message_changed"},
                              {"message", std::move(message)},
                              {"previous_message", std::move(previous)},
                              {"channel", channel_id},
                              {"hidden", true},
                              {"ts", event_ts},
                              {"event_ts", event_ts},
                              {"channel_type", channel_type_of(*c)}};
        return std::make_pair(c->team_id, std::move(e));
    });
    return send_event(team, std::move(event));
}

Delivery Simulator::user_reacts(const std::string& channel_id, const std::string& user_id,
                                const std::string& ts, const std::string& name, bool on) {
    auto [team, event] = parts_->store.with([&](SimData& d) {
        auto [c, it] = person_acts_on(d, channel_id, ts);
        set_reaction(*it, name, user_id, on);
        // Slack's reaction_added / reaction_removed (api.slack.com/events/reaction_added).
        boost::json::object e{{"type", on ? "reaction_added" : "reaction_removed"},
                              {"user", user_id},
                              {"reaction", name},
                              {"item", {{"type", "message"}, {"channel", channel_id}, {"ts", ts}}},
                              {"event_ts", d.new_ts()}};
        if (!it->user.empty()) e["item_user"] = it->user;
        return std::make_pair(c->team_id, std::move(e));
    });
    return send_event(team, std::move(event));
}

Delivery Simulator::user_deletes(const std::string& channel_id, const std::string& ts) {
    auto [team, event] = parts_->store.with([&](SimData& d) {
        auto [c, it] = person_acts_on(d, channel_id, ts);
        boost::json::object previous{{"type", "message"},
                                     {"text", it->text},
                                     {"user", it->user},
                                     {"team", c->team_id},
                                     {"ts", it->ts}};
        if (!it->thread_ts.empty()) previous["thread_ts"] = it->thread_ts;
        // Slack names a deleted bot post's bot only here, not on the event itself.
        if (!it->bot_id.empty()) {
            previous["bot_id"] = it->bot_id;
            previous["subtype"] = "bot_message";
            if (!it->username.empty()) previous["username"] = it->username;
        }
        c->messages.erase(it);
        auto event_ts = d.new_ts();
        boost::json::object e{{"type", "message"},
                              {"subtype", "message_deleted"},
                              {"previous_message", std::move(previous)},
                              {"channel", channel_id},
                              {"hidden", true},
                              {"deleted_ts", ts},
                              {"ts", event_ts},
                              {"event_ts", event_ts},
                              {"channel_type", channel_type_of(*c)}};
        return std::make_pair(c->team_id, std::move(e));
    });
    return send_event(team, std::move(event));
}

SentRequest Simulator::slash_command(const std::string& channel_id, const std::string& user_id,
                                     const std::string& command, const std::string& text) {
    auto ctx = parts_->store.with([&](SimData& d) { return context_of(d, channel_id, user_id); });
    AppConnection app;
    {
        std::lock_guard lock(parts_->apps_mutex);
        auto it = parts_->apps.find(ctx.team_id);
        if (it == parts_->apps.end())
            throw std::invalid_argument("no app connected for " + ctx.team_id);
        app = it->second;
    }
    SentRequest sent;
    sent.response_url = new_response_url(ctx.team_id, channel_id, user_id);
    sent.trigger_id = new_trigger_id();
    std::vector<std::pair<std::string, std::string>> fields{{"token", "verification-token-unused"},
                                                            {"team_id", ctx.team_id},
                                                            {"team_domain", ctx.domain},
                                                            {"channel_id", channel_id},
                                                            {"channel_name", ctx.channel_name},
                                                            {"user_id", user_id},
                                                            {"user_name", ctx.user_name},
                                                            {"command", command},
                                                            {"text", text},
                                                            {"api_app_id", app.api_app_id},
                                                            {"is_enterprise_install", "false"},
                                                            {"response_url", sent.response_url},
                                                            {"trigger_id", sent.trigger_id}};
    if (app.socket_mode) {
        boost::json::object payload;  // over Socket Mode the form's fields are a JSON object
        for (const auto& [name, value] : fields) payload[name] = value;
        sent.answer = deliver_request_by_socket(ctx.team_id, app, "slash_commands", payload);
        return sent;
    }
    SlackSender sender{Secret(app.signing_secret)};
    sent.answer = sender.send_slash_command(app.commands_url, fields);
    return sent;
}

SentRequest Simulator::interactive(const std::string& channel_id, const std::string& user_id,
                                   boost::json::object payload) {
    auto ctx = parts_->store.with([&](SimData& d) { return context_of(d, channel_id, user_id); });
    AppConnection app;
    {
        std::lock_guard lock(parts_->apps_mutex);
        auto it = parts_->apps.find(ctx.team_id);
        if (it == parts_->apps.end())
            throw std::invalid_argument("no app connected for " + ctx.team_id);
        app = it->second;
    }
    SentRequest sent;
    sent.response_url = new_response_url(ctx.team_id, channel_id, user_id);
    sent.trigger_id = new_trigger_id();
    auto fill = [&](std::string_view key, boost::json::value value) {
        if (!payload.contains(key)) payload[key] = std::move(value);
    };
    fill("type", "block_actions");
    fill("user", boost::json::object{{"id", user_id},
                                     {"username", ctx.user_name},
                                     {"name", ctx.user_name},
                                     {"team_id", ctx.team_id}});
    fill("team", boost::json::object{{"id", ctx.team_id}, {"domain", ctx.domain}});
    fill("channel", boost::json::object{{"id", channel_id}, {"name", ctx.channel_name}});
    fill("api_app_id", boost::json::string(app.api_app_id));
    fill("token", "verification-token-unused");
    fill("response_url", boost::json::string(sent.response_url));
    fill("trigger_id", boost::json::string(sent.trigger_id));
    if (app.socket_mode) {
        sent.answer = deliver_request_by_socket(ctx.team_id, app, "interactive", payload);
        return sent;
    }
    SlackSender sender{Secret(app.signing_secret)};
    sent.answer = sender.send_interactive(app.interactive_url, payload);
    return sent;
}

SentRequest Simulator::message_shortcut(const std::string& channel_id, const std::string& user_id,
                                        const std::string& callback_id, const std::string& ts) {
    auto [message, team] = parts_->store.with([&](SimData& d) {
        auto [c, it] = person_acts_on(d, channel_id, ts);
        return std::make_pair(message_json(*it, c->team_id, false), c->team_id);
    });
    // Slack's message_action payload (api.slack.com/reference/interaction-payloads/shortcuts).
    boost::json::object payload{{"type", "message_action"},
                                {"callback_id", callback_id},
                                {"message_ts", ts},
                                {"action_ts", message.at("ts")},
                                {"message", std::move(message)}};
    return interactive(channel_id, user_id, std::move(payload));
}

}  // namespace megatron::slack_sim
