#include "commands/relay/agent_relay.hpp"

#include "commands/delivery_marks.hpp"
#include "commands/megatron_messages.hpp"
#include "commands/message_mapping.hpp"
#include "commands/profiles.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {
namespace {

namespace json = boost::json;

slack::Credentials customer_credentials(const ChannelContext& context) {
    return {context.workspace.bot_token, context.workspace.platform_id};
}

// Where the job's effects are recorded with its completion: the ts pair, the channel's last
// activity and, when the agent was warned, the warning's time.
jobs::CompletionWrites message_writes(const Clock& clock, std::int64_t channel_id,
                                      const std::string& agent_ts, const std::string& customer_ts,
                                      std::int64_t now, bool warned) {
    return [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
        storage::Store inside(conn, clock);
        auto mapped = map_message(inside, channel_id, MappedBy::Integration, agent_ts, customer_ts,
                                  storage::MessageOrigin::Agent);
        if (!mapped) return mapped;
        auto touched = inside.touch_last_message_sent(channel_id, now);
        if (!touched) return unexpected(touched.error());
        if (warned) return inside.mark_not_paused_warning(channel_id, now);
        return {};
    };
}

// While the bot still answers, the agent is told (once an hour per channel) so the customer
// does not get two voices at once. Returns whether the warning was posted.
Expected<bool, jobs::JobOutcome> warn_if_not_paused(ChannelRun<AgentMessageJob>& run,
                                                    const RelaySettings& settings,
                                                    std::int64_t now) {
    const auto& context = run.context;
    const auto& warned_at = context.channel.not_paused_warning_at;
    bool warn = !context.channel.is_paused &&
                (!warned_at || now - *warned_at >= settings.not_paused_warning_every.count());
    if (!warn) return false;
    slack::PostMessage warning;
    warning.channel = context.channel.platform_channel_id;
    warning.thread_ts = context.channel.thread_ts;
    warning.text = "Bot is not paused.";
    warning.blocks =
        not_paused_warning_blocks(context.workspace.platform_id, context.channel.platform_user_id);
    auto warned =
        post_once(run.clients.slack, {context.integration.bot_token, {}}, std::move(warning),
                  run.job.idempotency_key + ":not-paused", run.retried());
    if (!warned) return unexpected(outcome_for(warned.error()));
    return true;
}

// The agent's message the marks sit on: an edit's is the edited message.
std::string marked_ts(const AgentMessageJob& request) {
    return request.ts.empty() ? request.previous_ts : request.ts;
}

}  // namespace

CommandHooks<ChannelRun<AgentMessageJob>> delivery_mark_hooks(
    std::shared_ptr<const RelaySettings> settings, bool on_message) {
    auto marks_of = [settings, on_message](ChannelRun<AgentMessageJob>& run) {
        return DeliveryMarks(run, settings->marks, on_message ? marked_ts(run.request) : "");
    };
    return {[marks_of](ChannelRun<AgentMessageJob>& run, std::chrono::milliseconds delay) {
                marks_of(run).retrying(delay);
            },
            [marks_of](ChannelRun<AgentMessageJob>& run, const std::string& error) {
                marks_of(run).failed(error);
            }};
}

jobs::JobOutcome relay_agent_message(ChannelRun<AgentMessageJob>& run, DmChannelCache& dms,
                                     const RelaySettings& settings) {
    const auto& request = run.request;
    const auto& context = run.context;
    auto& client = run.clients.slack;
    const auto customer = customer_credentials(context);
    const auto footer = sent_by_footer(
        agent_name(run.store, client, context.integration, request.agent_id, run.cached),
        request.attachments);
    DeliveryMarks marks(run, settings.marks, marked_ts(request));
    marks.before_attempt();
    auto posted = with_customer_dm(dms, client, customer, context.channel.platform_user_id,
                                   [&](const std::string& dm) {
                                       slack::PostMessage post;
                                       post.channel = dm;
                                       post.text = request.text;
                                       post.attachments = footer;
                                       return post_once(client, customer, std::move(post),
                                                        run.job.idempotency_key, run.retried());
                                   });
    if (!posted) return outcome_for(posted.error());
    marks.delivered();

    const auto now = run.clock.now_millis();
    auto warned = warn_if_not_paused(run, settings, now);
    if (!warned) return std::move(warned.error());
    return done(
        {{"channel", posted->channel}, {"ts", posted->ts}, {"warned", *warned}},
        message_writes(run.clock, context.channel.id, request.ts, posted->ts, now, *warned));
}

jobs::JobOutcome relay_agent_edit(ChannelRun<AgentMessageJob>& run, DmChannelCache& dms,
                                  const RelaySettings& settings) {
    const auto& request = run.request;
    const auto& context = run.context;
    auto& client = run.clients.slack;
    auto mapping =
        run.store.find_message_by_integration_id(context.channel.id, request.previous_ts);
    if (!mapping) return retry_storage(mapping.error());
    if (!*mapping || !(*mapping)->customer_msg_id) return done({{"skipped", "unknown message"}});

    const auto customer = customer_credentials(context);
    // No queued mark before an edit's first attempt: the message's ts dates the message, not
    // the edit, so its age says nothing about how long the edit has waited.
    DeliveryMarks marks(run, settings.marks, marked_ts(request));
    slack::UpdateMessage update;
    update.ts = *(*mapping)->customer_msg_id;
    update.text = request.text;
    update.attachments = sent_by_footer(
        agent_name(run.store, client, context.integration, request.agent_id, run.cached),
        request.attachments);
    auto updated = with_customer_dm(dms, client, customer, context.channel.platform_user_id,
                                    [&](const std::string& dm) {
                                        update.channel = dm;
                                        return slack::update_message(client, customer, update);
                                    });
    if (!updated) {
        if (updated.error().code == slack::SlackErrorCode::MessageNotFound) {
            return done({{"skipped", "customer copy gone"}});
        }
        return outcome_for(updated.error());
    }
    marks.delivered();

    const Clock& clock = run.clock;
    auto id = (*mapping)->id;
    auto agent_ts = request.ts.empty() ? request.previous_ts : request.ts;
    auto customer_ts = updated->ts.empty() ? update.ts : updated->ts;
    return done({{"ts", customer_ts}},
                [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
                    return storage::Store(conn, clock).update_message(id, agent_ts, customer_ts);
                });
}

jobs::JobOutcome relay_agent_delete(ChannelRun<AgentMessageJob>& run, DmChannelCache& dms,
                                    const RelaySettings& settings) {
    const auto& context = run.context;
    auto mapping = run.store.find_message_by_integration_id(context.channel.id, run.request.ts);
    if (!mapping) return retry_storage(mapping.error());
    if (!*mapping || !(*mapping)->customer_msg_id) return done({{"skipped", "unknown message"}});
    // Only what an agent sent is taken back from the customer: deleting the mirror of the
    // customer's or the bot's message is the agents' own tidying of their channel.
    if ((*mapping)->origin != storage::MessageOrigin::Agent) {
        return done({{"skipped", "not an agent's message"}});
    }

    const auto customer = customer_credentials(context);
    DeliveryMarks marks(run, settings.marks, "");  // the agent's message is gone: no marks
    const auto& customer_ts = *(*mapping)->customer_msg_id;
    auto deleted = with_customer_dm(dms, run.clients.slack, customer,
                                    context.channel.platform_user_id, [&](const std::string& dm) {
                                        return slack::delete_message(run.clients.slack, customer,
                                                                     dm, customer_ts);
                                    });
    // Already gone (an earlier attempt deleted it) counts as deleted.
    if (!deleted && deleted.error().code != slack::SlackErrorCode::MessageNotFound) {
        return outcome_for(deleted.error());
    }
    marks.delivered();
    return done({{"deleted", customer_ts}});
}

jobs::JobOutcome relay_agent_reaction(ChannelRun<AgentReactionJob>& run, DmChannelCache& dms) {
    const auto& request = run.request;
    const auto& context = run.context;
    auto mapping = run.store.find_message_by_integration_id(context.channel.id, request.ts);
    if (!mapping) return retry_storage(mapping.error());
    if (!*mapping || !(*mapping)->customer_msg_id ||
        (*mapping)->origin != storage::MessageOrigin::Customer) {
        return done({{"skipped", "not a customer's message"}});
    }
    const auto customer = customer_credentials(context);
    auto& client = run.clients.slack;
    const auto& customer_ts = *(*mapping)->customer_msg_id;
    auto changed = with_customer_dm(
        dms, client, customer, context.channel.platform_user_id, [&](const std::string& dm) {
            slack::Reaction reaction{dm, customer_ts, request.reaction};
            return request.change == kReactionAdded
                       ? slack::add_reaction(client, customer, reaction)
                       : slack::remove_reaction(client, customer, reaction);
        });
    // The customer's message is gone: nothing to react to.
    if (!changed && changed.error().code == slack::SlackErrorCode::MessageNotFound) {
        return done({{"skipped", "customer's message gone"}});
    }
    if (!changed) return outcome_for(changed.error());
    return done({{"reaction", request.reaction}, {"change", request.change}});
}

}  // namespace megatron::commands::relay
