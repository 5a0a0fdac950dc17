#include "playground/demo_bot.hpp"

#include "playground/demo_replies.hpp"
#include "slack_sim/stoppable_sleep.hpp"
#include "util/crypto.hpp"
#include "util/json_fields.hpp"
#include "util/strings.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <chrono>

namespace megatron::playground {

namespace json = boost::json;
using json_fields::string_or_empty;

namespace {

constexpr int kMaxAttempts = 120;  // about a minute of retries before a message is given up
constexpr std::size_t kCommandsKept = 100;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

http::Response json_ok(const json::object& body) {
    return http::json_response(http::Status::ok, body);
}

}  // namespace

DemoBot::DemoBot(slack_sim::Simulator& sim, Cast& cast) : sim_(sim), cast_(cast) {
    router_.add(http::Verb::post, "/slack/events",
                [this](const http::Request& r, http::RequestContext&) { return on_event(r); });
    router_.add(http::Verb::post, "/megatron/commands",
                [this](const http::Request& r, http::RequestContext&) { return on_command(r); });
}

DemoBot::~DemoBot() {
    stop();
}

void DemoBot::start() {
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<http::Server>(options, router_);
    server_->start();
    worker_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void DemoBot::connect(std::string megatron_url, Secret api_key) {
    {
        std::lock_guard lock(mutex_);
        megatron_url_ = std::move(megatron_url);
        api_key_ = std::move(api_key);
    }
    wake_.notify_all();
}

void DemoBot::stop() {
    if (server_) server_->stop();
    worker_.request_stop();
    if (worker_.joinable()) worker_.join();
}

std::string DemoBot::events_url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/slack/events";
}

std::string DemoBot::command_url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/megatron/commands";
}

// A customer's message in a DM with the bot becomes work; the bot's own posts (and those
// Megatron makes as the bot) come back as events with a bot_id and are ignored, as a real
// bot app must.
http::Response DemoBot::on_event(const http::Request& request) {
    auto body = json_fields::parse_object(request.body());
    if (!body) return http::error_response(http::Status::bad_request, "invalid_json");
    if (string_or_empty(*body, "type") == "url_verification") {
        return json_ok({{"challenge", string_or_empty(*body, "challenge")}});
    }
    const auto* event = body->if_contains("event");
    if (event == nullptr || !event->is_object()) return json_ok({{"ok", true}});
    const auto& e = event->as_object();
    bool plain_message = string_or_empty(e, "type") == "message" &&
                         string_or_empty(e, "subtype").empty() &&
                         string_or_empty(e, "bot_id").empty();
    auto user = string_or_empty(e, "user");
    if (plain_message && customer(user) != nullptr) {
        enqueue({user, string_or_empty(e, "text"), string_or_empty(e, "ts"), true});
    }
    return json_ok({{"ok", true}});
}

http::Response DemoBot::on_command(const http::Request& request) {
    auto body = json_fields::parse_object(request.body());
    if (!body) return http::error_response(http::Status::bad_request, "invalid_json");
    auto command = string_or_empty(*body, "command");
    return json_ok(answer_command(command, *body));
}

json::object DemoBot::answer_command(const std::string& command, const json::object& body) {
    if (command == "pause") {
        auto user = string_or_empty(body, "user_id");
        const auto* paused = body.if_contains("paused");
        bool pause = paused == nullptr || !paused->is_bool() || paused->as_bool();
        {
            std::lock_guard lock(mutex_);
            if (pause) {
                paused_.insert(user);
            } else {
                paused_.erase(user);
            }
        }
        record(command, fmt::format("{} paused: {}", user, pause));
        return {{"ok", true}};
    }
    if (command == "clear-context") {
        auto user = string_or_empty(body, "platform_user_id");
        {
            std::lock_guard lock(mutex_);
            turns_.erase(user);
        }
        record(command, user);
        return {{"ok", true}};
    }
    if (command == "search_user") return search_user(body);
    if (command == "refresh_workspace") return refresh_workspace();
    if (command == "push_message") {
        auto user = string_or_empty(body, "platform_user_id");
        std::string text;
        if (const auto* message = body.if_contains("message"); message && message->is_object()) {
            text = string_or_empty(message->as_object(), "text");
        }
        record(command, user + ": " + text);
        enqueue({user, text, "", false});
        return {{"ok", true}};
    }
    record(command, "unknown command");
    return {{"ok", false}, {"error", "unknown_command"}};
}

// Customers whose handle or real name contains what the agent typed.
json::object DemoBot::search_user(const json::object& body) {
    auto wanted = strings::to_lower(string_or_empty(body, "targeted_user_name"));
    json::array users;
    for (const auto& person : cast_.customers) {
        bool found = !wanted.empty() &&
                     (strings::to_lower(person.name).find(wanted) != std::string::npos ||
                      strings::to_lower(person.real_name).find(wanted) != std::string::npos);
        if (found) {
            users.push_back(json::object{{"username", person.name},
                                         {"platform_user_id", person.id},
                                         {"platform_team_id", cast_.customer_team}});
        }
    }
    record("search_user", fmt::format("\"{}\": {} found", wanted, users.size()));
    return {{"users", std::move(users)}};
}

json::object DemoBot::refresh_workspace() {
    auto token = rotate_token();
    record("refresh_workspace", "a new token for " + cast_.customer_team);
    return {{"ok", true},
            {"data", json::object{{"name", cast_.customer_team_name},
                                  {"domain", cast_.customer_domain},
                                  {"connection_token", token}}}};
}

// The app is re-authorised: Slack (the simulator) issues a token, the old one stays revoked.
std::string DemoBot::rotate_token() {
    std::lock_guard lock(mutex_);
    cast_.customer_token = "xoxb-playground-customer-" + crypto::random_hex(8);
    sim_.add_token(cast_.customer_team, cast_.customer_token);
    return cast_.customer_token;
}

std::string DemoBot::current_token() const {
    std::lock_guard lock(mutex_);
    return cast_.customer_token;
}

void DemoBot::record(const std::string& command, std::string detail) {
    std::lock_guard lock(mutex_);
    commands_.push_back(
        json::object{{"at_ms", now_ms()}, {"command", command}, {"detail", std::move(detail)}});
    if (commands_.size() > kCommandsKept) commands_.erase(commands_.begin());
}

const Person* DemoBot::customer(const std::string& user_id) const {
    for (const auto& person : cast_.customers) {
        if (person.id == user_id) return &person;
    }
    return nullptr;
}

json::array DemoBot::app_commands() const {
    std::lock_guard lock(mutex_);
    return commands_;
}

json::object DemoBot::bot_state() const {
    std::lock_guard lock(mutex_);
    json::array paused(paused_.begin(), paused_.end());
    json::object turns;
    for (const auto& [user, count] : turns_) turns[user] = count;
    return {{"paused", std::move(paused)}, {"remembered", std::move(turns)}};
}

void DemoBot::enqueue(Work work) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(work));
    }
    wake_.notify_all();
}

void DemoBot::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        Work work;
        {
            std::unique_lock lock(mutex_);
            bool ready = wake_.wait(lock, stop,
                                    [this] { return !queue_.empty() && !megatron_url_.empty(); });
            if (!ready) return;
            work = std::move(queue_.front());
            queue_.pop_front();
        }
        handle(work, stop);
    }
}

// Report what the customer said, then answer unless an agent paused the bot for them.
void DemoBot::handle(const Work& work, const std::stop_token& stop) {
    const Person* person = customer(work.user);
    if (person == nullptr) return;
    if (work.report_incoming) {
        report(
            "/megatron/incoming/",
            {{"message", json::object{{"user", work.user}, {"text", work.text}, {"ts", work.ts}}}},
            stop);
    }
    int turn = 0;
    {
        std::lock_guard lock(mutex_);
        if (work.report_incoming && paused_.contains(work.user)) return;
        turn = ++turns_[work.user];
    }
    auto reply = demo_reply(work.text, turn);
    auto ts = post_to_slack(person->dm, reply, stop);
    if (ts.empty()) return;
    report("/megatron/outgoing/",
           {{"user", work.user},
            {"ts", ts},
            {"message", json::object{{"text", reply}, {"attachments", json::array{}}}}},
           stop);
}

void DemoBot::report(const std::string& path, const json::object& body,
                     const std::stop_token& stop) {
    std::string url;
    std::string key;
    {
        std::lock_guard lock(mutex_);
        url = megatron_url_ + path;
        key = api_key_.reveal();
    }
    for (int attempt = 0; attempt < kMaxAttempts && !stop.stop_requested(); ++attempt) {
        http::ClientRequest request;
        request.method = "POST";
        request.url = url;
        request.headers = {{"Content-Type", "application/json"},
                           {"Authorization", "MegatronToken " + key}};
        request.body = json::serialize(body);
        auto answer = megatron_client_.send(request);
        if (answer && answer->status == 200) return;
        spdlog::debug("playground bot: {} answered {}; trying again", path,
                      answer ? std::to_string(answer->status) : answer.error().message);
        slack_sim::sleep_unless_stopped(stop, std::chrono::milliseconds(500));
    }
}

std::string DemoBot::post_to_slack(const std::string& channel, const std::string& text,
                                   const std::stop_token& stop) {
    for (int attempt = 0; attempt < kMaxAttempts && !stop.stop_requested(); ++attempt) {
        http::ClientRequest request;
        request.method = "POST";
        request.url = sim_.api_url() + "chat.postMessage";
        request.headers = {{"Content-Type", "application/json; charset=utf-8"},
                           {"Authorization", "Bearer " + current_token()}};
        request.body = json::serialize(json::object{{"channel", channel}, {"text", text}});
        request.never_resend = true;
        auto answer = slack_client_.send(request);
        auto wait = std::chrono::milliseconds(500);
        if (answer && answer->status == 429) {
            wait =
                std::chrono::seconds(std::max(1, std::atoi(answer->header("retry-after").c_str())));
        } else if (answer && answer->status == 200) {
            auto body = json_fields::parse_object(answer->body);
            if (body && (*body)["ok"] == true) return string_or_empty(*body, "ts");
            auto error = body ? string_or_empty(*body, "error") : std::string("invalid_json");
            if (error == "invalid_auth" || error == "token_revoked") {
                rotate_token();  // as after re-authorising the app
                continue;
            }
            spdlog::warn("playground bot: chat.postMessage failed: {}", error);
            return {};
        }
        slack_sim::sleep_unless_stopped(stop, wait);
    }
    return {};
}

}  // namespace megatron::playground
