#include "commands/post_message/post_message_job.hpp"

#include "commands/slack_post_once.hpp"
#include "jobs/handlers/bot_tokens.hpp"
#include "util/json_fields.hpp"

#include <boost/json.hpp>

#include <memory>

namespace megatron::commands {
namespace {

namespace json = boost::json;

class PostMessageHandler final : public jobs::JobHandler {
  public:
    PostMessageHandler(std::shared_ptr<jobs::BotTokens> tokens, const std::string& api_url,
                       slack::CallObserver* observer)
        : tokens_(std::move(tokens)), client_(job_client_options(api_url, observer)) {}

    jobs::JobOutcome run(const jobs::Job& job) override {
        auto parsed = json_fields::parse_object(job.payload);
        if (!parsed) return jobs::outcome::Fatal{"payload is not a JSON object"};
        const auto& fields = *parsed;
        auto team_id = json_fields::string_or_empty(fields, "team_id");
        slack::PostMessage post;
        post.channel = json_fields::string_or_empty(fields, "channel");
        post.text = json_fields::string_or_empty(fields, "text");
        post.username = json_fields::string_or_empty(fields, "username");
        post.icon_url = json_fields::string_or_empty(fields, "icon_url");
        post.thread_ts = json_fields::string_or_empty(fields, "thread_ts");
        if (team_id.empty() || post.channel.empty()) {
            return jobs::outcome::Fatal{"payload needs team_id and channel"};
        }
        auto token = tokens_->bot_token(team_id);
        if (!token) {
            return jobs::outcome::Retry{"cannot read the bot token: " + token.error().message};
        }
        if (!*token) return jobs::outcome::Fatal{"no workspace with team id " + team_id};
        slack::Credentials credentials{**token, {}};
        auto posted =
            post_once(client_, credentials, std::move(post), job.idempotency_key, job.attempts > 1);
        if (!posted) return outcome_for(posted.error());
        return jobs::outcome::Done{json::serialize(json::object{{"channel", posted->channel},
                                                                {"ts", posted->ts},
                                                                {"recovered", posted->recovered}}),
                                   {}};
    }

  private:
    std::shared_ptr<jobs::BotTokens> tokens_;
    slack::WebApiClient client_;
};

}  // namespace

std::string post_message_payload(const PostMessageRequest& r) {
    json::object o{{"team_id", r.team_id}, {"channel", r.channel}, {"text", r.text}};
    if (!r.username.empty()) o["username"] = r.username;
    if (!r.icon_url.empty()) o["icon_url"] = r.icon_url;
    if (!r.thread_ts.empty()) o["thread_ts"] = r.thread_ts;
    return json::serialize(o);
}

void add_post_message_handler(jobs::HandlerRegistry& handlers, storage::Database& db,
                              const std::string& api_url, slack::CallObserver* observer) {
    auto tokens = std::make_shared<jobs::StoredBotTokens>(db);
    handlers.add(kPostMessageKind, [tokens, api_url, observer] {
        return std::make_unique<PostMessageHandler>(tokens, api_url, observer);
    });
}

}  // namespace megatron::commands
