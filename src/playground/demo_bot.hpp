#pragma once
// The playground's bot app: the chatbot the customers talk to, built as a real bot app is.
// It receives the customer workspace's Slack events on its own loopback HTTP server, reports
// each customer message to Megatron (/megatron/incoming/), answers with demo_reply through
// Slack's chat.postMessage and reports that too (/megatron/outgoing/). It serves the
// organization's command_url: pause/unpause, clear-context, search_user (finds customers by
// name), push_message (`/megatron do`) and refresh_workspace (a new token of its app). Work
// runs on one thread, in arrival order, retried until Megatron and Slack take it.
#include "http/client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "playground/cast.hpp"
#include "util/secret.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>

namespace megatron::playground {

class DemoBot {
  public:
    // `sim` stands for Slack's OAuth: a refresh_workspace mints the app a new token there.
    DemoBot(slack_sim::Simulator& sim, Cast& cast);
    ~DemoBot();
    DemoBot(const DemoBot&) = delete;
    DemoBot& operator=(const DemoBot&) = delete;

    // Serves events_url() and command_url() from now on.
    void start();
    // Where Megatron is and the organization's API key; customer messages wait for it.
    void connect(std::string megatron_url, Secret api_key);
    void stop();
    std::string events_url() const;
    std::string command_url() const;

    // For the page: the App Commands received (newest last, tokens left out), the customers
    // the bot is paused for, and how many messages it remembers per customer.
    boost::json::array app_commands() const;
    boost::json::object bot_state() const;
    // The customer workspace's token the app holds now (a refresh replaces it).
    std::string current_token() const;

  private:
    struct Work {
        std::string user;
        std::string text;
        std::string ts;  // the customer's message; empty for push_message
        bool report_incoming = false;
    };

    http::Response on_event(const http::Request& request);
    http::Response on_command(const http::Request& request);
    boost::json::object answer_command(const std::string& command, const boost::json::object& body);
    boost::json::object search_user(const boost::json::object& body);
    boost::json::object refresh_workspace();
    void record(const std::string& command, std::string detail);
    void enqueue(Work work);
    void run(std::stop_token stop);
    void handle(const Work& work, const std::stop_token& stop);
    // POSTs to Megatron's bot-app API until it answers 200 (or the bot stops).
    void report(const std::string& path, const boost::json::object& body,
                const std::stop_token& stop);
    // chat.postMessage as the bot, through 429s and a revoked token; the ts, or "" (stopped).
    std::string post_to_slack(const std::string& channel, const std::string& text,
                              const std::stop_token& stop);
    std::string rotate_token();
    const Person* customer(const std::string& user_id) const;

    slack_sim::Simulator& sim_;
    Cast& cast_;
    http::Client megatron_client_;  // the worker thread's
    http::Client slack_client_;     // the worker thread's

    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    std::deque<Work> queue_;
    std::string megatron_url_;
    Secret api_key_;
    std::set<std::string> paused_;
    std::map<std::string, int> turns_;  // the bot's "context": messages remembered per customer
    boost::json::array commands_;       // received App Commands, for the page

    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::jthread worker_;  // last: stopped before the members it uses go
};

}  // namespace megatron::playground
