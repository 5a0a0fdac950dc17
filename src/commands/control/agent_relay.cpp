#include "commands/control/agent_relay.hpp"

#include "commands/control/control_jobs.hpp"
#include "commands/control/messages.hpp"
#include "commands/control/people.hpp"
#include "commands/relay/channel_context.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <boost/json.hpp>

namespace megatron::commands::control {
namespace {

namespace json = boost::json;
using relay::ChannelContext;

slack::Credentials customer_credentials(const ChannelContext& context) {
    return {context.workspace.bot_token, context.workspace.platform_id};
}

jobs::JobOutcome done(json::object result, jobs::CompletionWrites writes = {}) {
    return jobs::outcome::Done{json::serialize(result), std::move(writes)};
}

// Loads the job's payload and channel, or says how the job ends.
struct Loaded {
    AgentMessageJob request;
    ChannelContext context;
};
std::variant<Loaded, jobs::JobOutcome> load(storage::Store& store, const jobs::Job& job) {
    auto request = agent_message_from(job.payload);
    if (!request) return jobs::JobOutcome{jobs::outcome::Fatal{"payload is not an agent message"}};
    auto loaded = relay::load_channel_context(store, request->channel_id);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
    return Loaded{std::move(*request), std::move(std::get<ChannelContext>(loaded))};
}

}  // namespace

RelayAgentMessageHandler::RelayAgentMessageHandler(storage::Database& db, const Clock& clock,
                                                   ControlSettings settings,
                                                   std::shared_ptr<DmChannelCache> dms)
    : db_(db),
      clock_(clock),
      settings_(std::move(settings)),
      client_(job_client_options(settings_.api_url), settings_.refresher),
      dms_(std::move(dms)) {}

jobs::JobOutcome RelayAgentMessageHandler::run(const jobs::Job& job) {
    storage::Store store(db_, clock_);
    auto loaded = load(store, job);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
    auto& [request, context] = std::get<Loaded>(loaded);

    const auto customer = customer_credentials(context);
    const auto footer = sent_by_footer(
        agent_name(store, client_, context.integration, request.agent_id), request.attachments);
    const std::string& text = request.text;  // a lambda may not capture a structured binding
    auto posted = with_customer_dm(*dms_, client_, customer, context.channel.platform_user_id,
                                   [&](const std::string& dm) {
                                       slack::PostMessage post;
                                       post.channel = dm;
                                       post.text = text;
                                       post.attachments = footer;
                                       return post_once(client_, customer, std::move(post),
                                                        job.idempotency_key, job.attempts > 1);
                                   });
    if (!posted) return outcome_for(posted.error());

    // While the bot still answers, the agent is told (once an hour per channel) so the
    // customer does not get two voices at once.
    const auto now = clock_.now_millis();
    const auto& warned_at = context.channel.not_paused_warning_at;
    bool warn = !context.channel.is_paused &&
                (!warned_at || now - *warned_at >= settings_.not_paused_warning_every.count());
    if (warn) {
        slack::PostMessage warning;
        warning.channel = context.channel.platform_channel_id;
        warning.text = "Bot is not paused.";
        warning.blocks = not_paused_warning_blocks(context.workspace.platform_id,
                                                   context.channel.platform_user_id);
        auto warned = post_once(client_, {context.integration.bot_token, {}}, std::move(warning),
                                job.idempotency_key + ":not-paused", job.attempts > 1);
        if (!warned) return outcome_for(warned.error());
    }

    const Clock& clock = clock_;
    auto channel_id = context.channel.id;
    auto agent_ts = request.ts;
    auto customer_ts = posted->ts;
    return done({{"channel", posted->channel}, {"ts", posted->ts}, {"warned", warn}},
                [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
                    storage::Store inside(conn, clock);
                    auto existing = inside.find_message_by_integration_id(channel_id, agent_ts);
                    if (!existing) return unexpected(existing.error());
                    if (!*existing) {
                        auto created = inside.create_message(channel_id, agent_ts, customer_ts,
                                                             storage::MessageOrigin::Agent);
                        if (!created) return unexpected(created.error());
                    }
                    auto touched = inside.set_last_message_sent(channel_id, now);
                    if (!touched) return unexpected(touched.error());
                    if (warn) return inside.mark_not_paused_warning(channel_id, now);
                    return {};
                });
}

RelayAgentEditHandler::RelayAgentEditHandler(storage::Database& db, const Clock& clock,
                                             ControlSettings settings,
                                             std::shared_ptr<DmChannelCache> dms)
    : db_(db),
      clock_(clock),
      client_(job_client_options(settings.api_url), settings.refresher),
      dms_(std::move(dms)) {}

jobs::JobOutcome RelayAgentEditHandler::run(const jobs::Job& job) {
    storage::Store store(db_, clock_);
    auto loaded = load(store, job);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
    auto& [request, context] = std::get<Loaded>(loaded);

    auto mapping = store.find_message_by_integration_id(context.channel.id, request.previous_ts);
    if (!mapping) return relay::retry_storage(mapping.error());
    if (!*mapping || !(*mapping)->customer_msg_id) return done({{"skipped", "unknown message"}});

    const auto customer = customer_credentials(context);
    slack::UpdateMessage update;
    update.ts = *(*mapping)->customer_msg_id;
    update.text = request.text;
    update.attachments = sent_by_footer(
        agent_name(store, client_, context.integration, request.agent_id), request.attachments);
    auto updated = with_customer_dm(*dms_, client_, customer, context.channel.platform_user_id,
                                    [&](const std::string& dm) {
                                        update.channel = dm;
                                        return slack::update_message(client_, customer, update);
                                    });
    if (!updated) {
        if (updated.error().code == slack::SlackErrorCode::MessageNotFound) {
            return done({{"skipped", "customer copy gone"}});
        }
        return outcome_for(updated.error());
    }

    const Clock& clock = clock_;
    auto id = (*mapping)->id;
    auto agent_ts = request.ts.empty() ? request.previous_ts : request.ts;
    auto customer_ts = updated->ts.empty() ? update.ts : updated->ts;
    return done({{"ts", customer_ts}},
                [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
                    return storage::Store(conn, clock).update_message(id, agent_ts, customer_ts);
                });
}

RelayAgentDeleteHandler::RelayAgentDeleteHandler(storage::Database& db, const Clock& clock,
                                                 ControlSettings settings,
                                                 std::shared_ptr<DmChannelCache> dms)
    : db_(db),
      clock_(clock),
      client_(job_client_options(settings.api_url), settings.refresher),
      dms_(std::move(dms)) {}

jobs::JobOutcome RelayAgentDeleteHandler::run(const jobs::Job& job) {
    storage::Store store(db_, clock_);
    auto loaded = load(store, job);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
    auto& [request, context] = std::get<Loaded>(loaded);

    auto mapping = store.find_message_by_integration_id(context.channel.id, request.ts);
    if (!mapping) return relay::retry_storage(mapping.error());
    if (!*mapping || !(*mapping)->customer_msg_id) return done({{"skipped", "unknown message"}});
    // Only what an agent sent is taken back from the customer: deleting the mirror of the
    // customer's or the bot's message is the agents' own tidying of their channel.
    if ((*mapping)->origin != storage::MessageOrigin::Agent) {
        return done({{"skipped", "not an agent's message"}});
    }

    const auto customer = customer_credentials(context);
    const auto& customer_ts = *(*mapping)->customer_msg_id;
    auto deleted = with_customer_dm(
        *dms_, client_, customer, context.channel.platform_user_id, [&](const std::string& dm) {
            return slack::delete_message(client_, customer, dm, customer_ts);
        });
    // Already gone (an earlier attempt deleted it) counts as deleted.
    if (!deleted && deleted.error().code != slack::SlackErrorCode::MessageNotFound) {
        return outcome_for(deleted.error());
    }
    return done({{"deleted", *(*mapping)->customer_msg_id}});
}

}  // namespace megatron::commands::control
