#include "simulator.hpp"

#include "control_api.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "method_handlers.hpp"
#include "render.hpp"
#include "simulator_parts.hpp"
#include "store.hpp"
#include "util/crypto.hpp"
#include "web_api.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace megatron::slack_sim {

namespace {

ChannelView view_of(const Channel& c) {
    return {c.id,         c.team_id,     c.name,    c.is_im,
            c.is_private, c.is_archived, c.im_user, {c.members.begin(), c.members.end()}};
}

std::string key_of_response_url(const std::string& url) {
    auto slash = url.rfind('/');
    return slash == std::string::npos ? url : url.substr(slash + 1);
}

}  // namespace

Simulator::Simulator(SimulatorOptions options)
    : parts_(std::make_unique<Parts>(std::move(options))) {
    auto& p = *parts_;
    for (auto verb : {http::Verb::get, http::Verb::post}) {
        p.router.add(verb, "/api/{method}",
                     [&p](const http::Request& req, http::RequestContext& ctx) {
                         // An app-level token's method: not a workspace's bot token.
                         if (ctx.params["method"] == "apps.connections.open") {
                             return p.open_socket_connection(req);
                         }
                         return p.web_api.call(req, ctx, ctx.params["method"]);
                     });
        p.router.add(verb, "/files-pri/{team_file}/{name}",
                     [&p](const http::Request& req, http::RequestContext& ctx) {
                         return p.web_api.download(req, ctx.params["team_file"]);
                     });
        p.router.add(verb, "/files-pri/{team_file}/download/{name}",
                     [&p](const http::Request& req, http::RequestContext& ctx) {
                         return p.web_api.download(req, ctx.params["team_file"]);
                     });
    }
    p.router.add(http::Verb::post, "/upload/v1/{key}",
                 [&p](const http::Request& req, http::RequestContext& ctx) {
                     return p.web_api.upload(req, ctx.params["key"]);
                 });
    p.router.add(http::Verb::post, "/hooks/{key}",
                 [&p](const http::Request& req, http::RequestContext& ctx) {
                     return p.web_api.response_url(req, ctx.params["key"]);
                 });
    add_control_routes(p.router, *this);
    p.dispatcher = std::make_unique<EventDispatcher>([this](std::stop_token dispatcher_stop,
                                                            const std::string& team,
                                                            boost::json::object event) {
        // Give up when either the simulator stops or the dispatcher is destroyed.
        std::stop_source either;
        auto trip = [&either] { either.request_stop(); };
        std::stop_callback on_dispatcher(dispatcher_stop, trip);
        std::stop_callback on_shutdown(parts_->shutdown.token(), trip);
        auto delivery = deliver_event(team, std::move(event), either.get_token());
        std::lock_guard lock(parts_->echoes_mutex);
        parts_->echoes.push_back(std::move(delivery));
    });
    p.web_api.set_bot_message_echo({[&p](const std::string& team) {
                                        if (!p.any_echo.load(std::memory_order_relaxed))
                                            return false;
                                        std::lock_guard lock(p.apps_mutex);
                                        auto it = p.apps.find(team);
                                        return it != p.apps.end() && it->second.echo_bot_messages &&
                                               (!it->second.events_url.empty() ||
                                                it->second.socket_mode);
                                    },
                                    [&p](const std::string& team, boost::json::object event) {
                                        p.dispatcher->enqueue(team, std::move(event));
                                    }});
}

Simulator::~Simulator() {
    stop();
    parts_->dispatcher.reset();  // before the state its deliveries read
}

void Simulator::wait_for_echoes() {
    parts_->dispatcher->wait_idle();
}

std::vector<Delivery> Simulator::echo_deliveries() const {
    std::lock_guard lock(parts_->echoes_mutex);
    return parts_->echoes;
}

void Simulator::start() {
    auto& p = *parts_;
    if (p.server) return;
    p.shutdown.rearm();
    http::ServerOptions options;
    options.address = p.options.address;
    options.port = p.options.port;
    options.threads = p.options.threads;
    options.body_limit = p.options.body_limit;
    p.server = std::make_unique<http::Server>(options, p.router);
    p.server->start();
    p.port = p.server->port();
    p.socket_hub.start();
}

void Simulator::stop() {
    if (!parts_) return;
    // First, so a request in flight that waits (a slow fault, a /_sim/ call delivering an
    // event) ends and the server's graceful stop does not wait for it.
    parts_->shutdown.trip();
    parts_->socket_hub.stop();
    if (parts_->server) {
        parts_->server->stop();
        parts_->server.reset();
    }
}

std::stop_token Simulator::shutdown_token() const {
    return parts_->shutdown.token();
}

unsigned short Simulator::port() const {
    return parts_->port;
}
std::string Simulator::base_url() const {
    return "http://" + parts_->options.address + ":" + std::to_string(parts_->port.load());
}
std::string Simulator::api_url() const {
    return base_url() + "/api/";
}

std::string Simulator::add_workspace(WorkspaceSpec spec) {
    return parts_->store.with([&](SimData& d) {
        Workspace ws;
        ws.id = spec.id.empty() ? d.new_id('T') : spec.id;
        ws.name = spec.name;
        ws.domain = spec.domain;
        ws.bot_user_id = spec.bot_user_id.empty() ? d.new_id('U') : spec.bot_user_id;
        ws.bot_id = spec.bot_id.empty() ? d.new_id('B') : spec.bot_id;
        ws.app_id = spec.app_id;
        User bot;
        bot.id = ws.bot_user_id;
        bot.team_id = ws.id;
        bot.name = spec.bot_name;
        bot.real_name = spec.bot_name;
        bot.display_name = spec.bot_name;
        bot.is_bot = true;
        bot.bot_id = ws.bot_id;
        d.users[bot.id] = bot;
        if (!spec.bot_token.empty()) d.tokens[spec.bot_token] = TokenState{ws.id, {}};
        auto id = ws.id;
        d.workspaces[id] = std::move(ws);
        return id;
    });
}

std::string Simulator::add_user(const std::string& team_id, UserSpec spec) {
    return parts_->store.with([&](SimData& d) {
        if (!d.workspaces.contains(team_id)) throw std::invalid_argument("unknown workspace");
        User user;
        user.id = spec.id.empty() ? d.new_id('U') : spec.id;
        user.team_id = team_id;
        user.name = spec.name.empty() ? "user" + user.id : spec.name;
        user.real_name = spec.real_name.empty() ? user.name : spec.real_name;
        user.display_name = spec.display_name.empty() ? user.name : spec.display_name;
        user.email = spec.email;
        user.image_url = spec.image_url;
        user.is_bot = spec.is_bot;
        user.deleted = spec.deleted;
        auto id = user.id;
        d.users[id] = std::move(user);
        return id;
    });
}

std::string Simulator::add_channel(const std::string& team_id, ChannelSpec spec) {
    return parts_->store.with([&](SimData& d) {
        auto ws = d.workspaces.find(team_id);
        if (ws == d.workspaces.end()) throw std::invalid_argument("unknown workspace");
        Channel c;
        c.id = spec.id.empty() ? d.new_id(spec.is_private ? 'G' : 'C') : spec.id;
        c.team_id = team_id;
        c.name = spec.name;
        c.is_private = spec.is_private;
        c.is_archived = spec.is_archived;
        c.is_general = spec.is_general;
        c.creator = ws->second.bot_user_id;
        c.created = unix_now();
        if (spec.bot_is_member) c.members.insert(ws->second.bot_user_id);
        c.members.insert(spec.members.begin(), spec.members.end());
        auto id = c.id;
        d.channels[id] = std::move(c);
        return id;
    });
}

std::string Simulator::open_dm(const std::string& team_id, const std::string& user_id) {
    return parts_->store.with([&](SimData& d) {
        auto ws = d.workspaces.find(team_id);
        if (ws == d.workspaces.end()) throw std::invalid_argument("unknown workspace");
        return dm_with(d, ws->second, user_id).id;
    });
}

void Simulator::add_member(const std::string& channel_id, const std::string& user_id) {
    parts_->store.with([&](SimData& d) {
        if (Channel* c = d.find_channel(channel_id)) c->members.insert(user_id);
    });
}

std::string Simulator::post_as_user(const std::string& channel_id, const std::string& user_id,
                                    const std::string& text, const std::string& thread_ts) {
    return parts_->store.with([&](SimData& d) {
        Channel* c = d.find_channel(channel_id);
        if (c == nullptr) throw std::invalid_argument("unknown channel");
        Message m;
        m.ts = d.new_ts();
        m.user = user_id;
        m.text = text;
        m.thread_ts = thread_ts;
        c->messages.push_back(m);
        return m.ts;
    });
}

std::string Simulator::add_file(const std::string& team_id, FileSpec spec) {
    return parts_->store.with([&](SimData& d) {
        auto ws = d.workspaces.find(team_id);
        if (ws == d.workspaces.end()) throw std::invalid_argument("unknown workspace");
        File f;
        f.id = d.new_id('F');
        f.team_id = team_id;
        f.name = spec.name;
        f.title = spec.title.empty() ? spec.name : spec.title;
        f.mimetype = spec.mimetype;
        f.content = std::move(spec.content);
        f.user = spec.user.empty() ? ws->second.bot_user_id : spec.user;
        f.created = unix_now();
        f.uploaded = true;
        f.completed = true;
        auto id = f.id;
        d.files[id] = std::move(f);
        return id;
    });
}

std::optional<std::string> Simulator::file_content(const std::string& file_id) const {
    return parts_->store.with([&](const SimData& d) -> std::optional<std::string> {
        auto it = d.files.find(file_id);
        if (it == d.files.end() || !it->second.uploaded) return std::nullopt;
        return it->second.content;
    });
}

boost::json::value Simulator::file_object(const std::string& file_id) const {
    auto base = base_url();
    return parts_->store.with([&](const SimData& d) -> boost::json::value {
        auto it = d.files.find(file_id);
        if (it == d.files.end()) return nullptr;
        auto ws = d.workspaces.find(it->second.team_id);
        return file_json(it->second, base, ws == d.workspaces.end() ? "" : ws->second.domain);
    });
}

std::vector<SharedFileView> Simulator::shared_files(const std::string& channel_id) const {
    return parts_->store.with([&](const SimData& d) {
        std::vector<SharedFileView> out;
        auto c = d.channels.find(channel_id);
        if (c == d.channels.end()) return out;
        for (const auto& m : c->second.messages) {
            if (!m.files.is_array()) continue;
            for (const auto& f : m.files.as_array()) {
                const auto* id = f.is_object() ? f.as_object().if_contains("id") : nullptr;
                if (id == nullptr || !id->is_string()) continue;
                auto file = d.files.find(std::string(id->as_string()));
                if (file == d.files.end()) continue;
                out.push_back({m.ts, m.text, m.blocks, file->second.id, file->second.name,
                               file->second.title, file->second.mimetype, file->second.content});
            }
        }
        return out;
    });
}

std::string Simulator::bot_user_id(const std::string& team_id) const {
    return parts_->store.with([&](const SimData& d) {
        auto it = d.workspaces.find(team_id);
        return it == d.workspaces.end() ? std::string{} : it->second.bot_user_id;
    });
}

std::vector<Message> Simulator::messages(const std::string& channel_id) const {
    return parts_->store.with([&](const SimData& d) {
        auto it = d.channels.find(channel_id);
        return it == d.channels.end() ? std::vector<Message>{} : it->second.messages;
    });
}

std::vector<EphemeralMessage> Simulator::ephemeral_messages(const std::string& channel_id) const {
    return parts_->store.with([&](const SimData& d) {
        auto it = d.channels.find(channel_id);
        return it == d.channels.end() ? std::vector<EphemeralMessage>{} : it->second.ephemeral;
    });
}

std::optional<ChannelView> Simulator::channel(const std::string& channel_id) const {
    return parts_->store.with([&](const SimData& d) -> std::optional<ChannelView> {
        auto it = d.channels.find(channel_id);
        if (it == d.channels.end()) return std::nullopt;
        return view_of(it->second);
    });
}

std::optional<ChannelView> Simulator::channel_by_name(const std::string& team_id,
                                                      const std::string& name) const {
    return parts_->store.with([&](SimData& d) -> std::optional<ChannelView> {
        Channel* c = d.find_channel_by_name(team_id, name);
        if (c == nullptr) return std::nullopt;
        return view_of(*c);
    });
}

std::vector<ChannelView> Simulator::channels(const std::string& team_id) const {
    auto found = parts_->store.with([&](const SimData& d) {
        std::vector<std::pair<std::int64_t, ChannelView>> list;
        for (const auto& [id, c] : d.channels) {
            if (c.team_id == team_id && !c.is_im) list.emplace_back(c.created, view_of(c));
        }
        return list;
    });
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second.id < b.second.id;
    });
    std::vector<ChannelView> views;
    for (auto& [created, view] : found) views.push_back(std::move(view));
    return views;
}

void Simulator::add_token(const std::string& team_id, const std::string& token) {
    parts_->store.with([&](SimData& d) { d.tokens[token] = TokenState{team_id, {}}; });
}

void Simulator::invalidate_token(const std::string& token, const std::string& error) {
    parts_->store.with([&](SimData& d) {
        auto it = d.tokens.find(token);
        if (it != d.tokens.end()) it->second.refusal = error;
    });
}

std::string Simulator::new_response_url(const std::string& team_id, const std::string& channel_id,
                                        const std::string& user_id) {
    auto key = crypto::random_hex(16);
    parts_->store.with([&](SimData& d) {
        d.response_urls[key] = ResponseUrl{team_id, channel_id, user_id, 0, {}};
    });
    return base_url() + "/hooks/" + key;
}

std::vector<boost::json::value> Simulator::response_url_posts(const std::string& url) const {
    auto key = key_of_response_url(url);
    return parts_->store.with([&](const SimData& d) {
        auto it = d.response_urls.find(key);
        return it == d.response_urls.end() ? std::vector<boost::json::value>{} : it->second.posts;
    });
}

std::vector<RecordedCall> Simulator::calls() const {
    return parts_->recorder.all();
}
std::vector<RecordedCall> Simulator::calls(const std::string& method) const {
    return parts_->recorder.of_method(method);
}
std::size_t Simulator::call_count(const std::string& method) const {
    return parts_->recorder.count(method);
}
void Simulator::clear_calls() {
    parts_->recorder.clear();
}
void Simulator::inject(Fault fault) {
    parts_->faults.add(std::move(fault));
}
void Simulator::clear_faults() {
    parts_->faults.clear();
}
std::vector<Fault> Simulator::active_faults() const {
    return parts_->faults.active();
}
void Simulator::limit_posts_per_channel(double per_second, int burst) {
    parts_->post_limit.configure(per_second, burst);
}

void Simulator::reset() {
    parts_->store.with([](SimData& d) {
        auto next_id = d.next_id;
        auto last_ts = d.last_ts_micros;
        d = SimData{};
        d.next_id = next_id;  // ids and ts keep increasing across resets
        d.last_ts_micros = last_ts;
    });
    parts_->recorder.clear();
    parts_->faults.clear();
    parts_->post_limit.configure(0, 1);
    {
        std::lock_guard lock(parts_->apps_mutex);
        parts_->apps.clear();
        parts_->app_tokens.clear();
        parts_->any_echo = false;
    }
    parts_->socket_hub.reset();
    std::lock_guard lock(parts_->echoes_mutex);
    parts_->echoes.clear();
}

}  // namespace megatron::slack_sim
