#include "commands/control/control_command.hpp"

#include "app_commands/client.hpp"
#include "commands/channel_context.hpp"
#include "commands/control/control_jobs.hpp"
#include "commands/engagement_thread.hpp"
#include "commands/help_request_post.hpp"
#include "commands/megatron_messages.hpp"
#include "commands/profiles.hpp"
#include "commands/slack_post_once.hpp"
#include "commands/text/channel_name.hpp"
#include "commands/text/imported_history.hpp"
#include "platforms/slack/blocks/megatron_actions.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/response_url.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <algorithm>

namespace megatron::commands::control {
namespace {

namespace json = boost::json;

// Whose customer a command is about.
struct Target {
    storage::CustomerWorkspace workspace;
    std::string user_id;
};

// What the agent is told at the end.
struct Reply {
    std::string text;
    json::value blocks;
};

// One control command carried out for one job: resolve whose customer it is about, then the
// verb's steps (open, pause, close, ...), with everything they need.
class CommandExecution {
  public:
    CommandExecution(CommandRun<ControlJob>& run, const ControlCommandSettings& settings)
        : job_(run.job),
          request_(std::move(run.request)),
          store_(run.store),
          clock_(run.clock),
          settings_(settings),
          client_(run.clients.slack),
          app_commands_(run.clients.http(), run.clock, run.clients.app_command_options()),
          redaction_(run.redaction()) {}

    std::variant<Reply, jobs::JobOutcome> execute() {
        auto integration = store_.integration(request_.integration_id);
        if (!integration) return retry_storage(integration.error());
        integration_ = *integration;
        auto organization = store_.organization(integration_.organization_id);
        if (!organization) return retry_storage(organization.error());
        organization_ = *organization;
        auto engagement = store_.engagement_settings(organization_.id);
        if (!engagement) return retry_storage(engagement.error());
        engagement_ = *engagement;

        auto target = resolve_target();
        if (!std::holds_alternative<Target>(target)) return std::get<1>(std::move(target));
        const auto& who = std::get<Target>(target);
        const auto& verb = request_.verb;
        if (verb == "open") return open(who);
        if (verb == "pause" || verb == "unpause") return set_paused(who, verb == "pause");
        if (verb == "close") return close(who);
        if (verb == "clear-context") return clear_context(who);
        if (verb == "do") return push_message(who);
        if (verb == "claim") return claim(who);
        if (verb == "keep-paused") return keep_paused(who);
        return Reply{"Unknown command: " + strings::escape_slack(verb), {}};
    }

  private:
    using Step = std::variant<Target, std::variant<Reply, jobs::JobOutcome>>;
    static Step reply(std::string text, json::value blocks = {}) {
        return std::variant<Reply, jobs::JobOutcome>{Reply{std::move(text), std::move(blocks)}};
    }
    static Step outcome(jobs::JobOutcome o) { return std::variant<Reply, jobs::JobOutcome>{o}; }

    slack::Credentials support() const { return {integration_.bot_token, {}}; }
    static slack::Credentials customer(const storage::CustomerWorkspace& w) {
        return {w.bot_token, w.platform_id};
    }

    std::optional<app_commands::Endpoint> endpoint() const {
        if (!organization_.command_url || organization_.command_url->empty()) return std::nullopt;
        return app_commands::command_endpoint(*organization_.command_url,
                                              settings_.verification_token,
                                              organization_.verification_token);
    }

    Step resolve_target() {
        if (!request_.target_workspace_id.empty() && !request_.target_user_id.empty()) {
            return workspace_target(request_.target_workspace_id, request_.target_user_id);
        }
        if (!request_.target_name.empty()) return search_user(request_.target_name);
        // No user named: the customer of the engagement channel this was typed in.
        auto channel = store_.find_channel_by_platform_channel(integration_.id, request_.channel);
        if (!channel) return outcome(retry_storage(channel.error()));
        if (!*channel) return reply(std::string(kSpecifyUser));
        auto workspace = store_.workspace((*channel)->workspace_id);
        if (!workspace) return outcome(retry_storage(workspace.error()));
        return Target{*workspace, (*channel)->platform_user_id};
    }

    Step workspace_target(const std::string& workspace_id, const std::string& user_id) {
        auto workspace = store_.find_workspace(storage::PlatformType::Slack, workspace_id);
        if (!workspace) return outcome(retry_storage(workspace.error()));
        if (!*workspace || (*workspace)->organization_id != organization_.id) {
            return reply("Customer workspace not found.");
        }
        return Target{**workspace, user_id};
    }

    Step search_user(const std::string& name) {
        auto where = endpoint();
        if (!where) return reply("No command_url is configured, so users cannot be searched.");
        auto found = app_commands_.search_user(*where, {name});
        if (!found) {
            return reply("Could not search for " + strings::escape_slack(name) + ": " +
                         found.error().message());
        }
        if (found->empty()) {
            return reply("No user found matching *" + strings::escape_slack(name) + "*.");
        }
        if (found->size() == 1) {
            return workspace_target(found->front().platform_team_id,
                                    found->front().platform_user_id);
        }
        std::vector<slack::blocks::UserChoice> choices;
        for (const auto& user : *found) {
            choices.push_back({user.username, {user.platform_team_id, user.platform_user_id}});
        }
        auto prompt = "Several users match *" + strings::escape_slack(name) + "*. Which one?";
        return reply(prompt,
                     json::array{slack::blocks::user_select_block(request_.verb, prompt, choices)});
    }

    // The audit log's row for the verb just carried out (once per job, however often it runs);
    // a row that cannot be written makes the job retry.
    std::optional<jobs::JobOutcome> audit(const Target& who, const std::string& channel_id,
                                          const std::string& action = {}) {
        storage::AuditEntry entry;
        entry.organization_id = organization_.id;
        entry.actor = request_.agent_id;
        entry.action = action.empty() ? request_.verb : action;
        entry.via = request_.via.empty() ? "slack" : request_.via;
        entry.channel = channel_id;
        entry.workspace = who.workspace.platform_id;
        entry.customer = who.user_id;
        auto recorded = store_.record_audit(entry, job_.idempotency_key + ":" + entry.action);
        if (!recorded) return retry_storage(recorded.error());
        return std::nullopt;
    }

    std::string customer_name(const Target& who) {
        return customer_profile_or_id(store_, client_, who.workspace, who.user_id).username;
    }

    // The customer's open engagement channel, or the reply that there is none.
    std::variant<storage::Channel, Step> open_channel(const Target& who) {
        auto channel = store_.find_channel_for_customer(who.workspace.id, who.user_id);
        if (!channel) return outcome(retry_storage(channel.error()));
        if (!*channel || (*channel)->is_archived) return reply(std::string(kNoOpenChannel));
        return **channel;
    }

    // Tells the bot app; only its 200 changes is_paused.
    std::optional<std::string> change_pause(const Target& who, const std::string& dm,
                                            const storage::Channel& channel, bool paused) {
        auto where = endpoint();
        if (!where) return "No command_url is configured for this organization.";
        auto sent =
            app_commands_.pause(*where, {dm, who.workspace.platform_id, who.user_id, paused});
        if (!sent) {
            return std::string("Failed to ") + (paused ? "pause" : "unpause") +
                   " bot for user: " + sent.error().message();
        }
        auto stored = store_.set_paused(channel.id, paused);
        if (!stored) return "Storage unavailable: " + stored.error().message;
        return std::nullopt;
    }

    std::variant<Reply, jobs::JobOutcome> set_paused(const Target& who, bool paused,
                                                     const std::string& action = {}) {
        auto found = open_channel(who);
        if (auto* step = std::get_if<Step>(&found)) return std::get<1>(std::move(*step));
        const auto& channel = std::get<storage::Channel>(found);
        auto dm = slack::open_conversation(client_, customer(who.workspace), who.user_id);
        if (!dm) return outcome_for(dm.error());
        if (auto failed = change_pause(who, dm->channel_id, channel, paused)) {
            return Reply{*failed, {}};
        }
        slack::PostMessage told;
        told.channel = dm->channel_id;
        told.text = std::string(paused ? kPausedForCustomer : kUnpausedForCustomer);
        auto posted = post_once(client_, customer(who.workspace), std::move(told),
                                job_.idempotency_key + ":customer", job_.attempts > 1);
        if (!posted) return outcome_for(posted.error());
        // Telling the customer is the channel's last message (as the original's
        // forward_message recorded it): the "Paused" reminder counts quiet time from here.
        auto touched = store_.set_last_message_sent(channel.id, clock_.now_millis());
        if (!touched) return retry_storage(touched.error());
        if (paused) {
            auto by = store_.set_paused_by(channel.id, request_.agent_id);
            if (!by) return retry_storage(by.error());
        }
        if (auto failed = audit(who, channel.platform_channel_id, action)) return *failed;
        refresh_parent(who, channel.id);
        auto name = strings::escape_slack(customer_name(who));  // outside text: escaped
        return Reply{
            std::string("Bot *") + (paused ? "paused" : "unpaused") + "* for user: " + name + ".",
            pause_state_blocks(who.workspace.platform_id, who.user_id, name, paused)};
    }

    std::variant<Reply, jobs::JobOutcome> close(const Target& who) {
        auto found = open_channel(who);
        if (auto* step = std::get_if<Step>(&found)) return std::get<1>(std::move(*step));
        const auto& channel = std::get<storage::Channel>(found);
        if (channel.is_paused) {
            auto dm = slack::open_conversation(client_, customer(who.workspace), who.user_id);
            if (!dm) return outcome_for(dm.error());
            if (auto failed = change_pause(who, dm->channel_id, channel, false)) {
                return Reply{*failed, {}};
            }
        }
        // A thread is closed by its parent saying so; its channel is everyone's.
        if (!channel.is_thread()) {
            auto archived =
                slack::archive_conversation(client_, support(), channel.platform_channel_id);
            if (!archived && archived.error().code != slack::SlackErrorCode::AlreadyArchived) {
                return outcome_for(archived.error());
            }
        }
        auto stored = store_.set_archived(channel.id, true);
        if (!stored) return retry_storage(stored.error());
        // The customer's open help request closes too, on its post.
        if (auto failed =
                close_open_help_request(store_, client_, support(), who.workspace.platform_id,
                                        who.user_id, request_.agent_id, clock_.now_millis())) {
            return *failed;
        }
        if (auto failed = audit(who, channel.platform_channel_id)) return *failed;
        refresh_parent(who, channel.id);
        return Reply{std::string(channel.is_thread() ? kThreadClosed : kChannelClosed), {}};
    }

    // --- help requests (issue 19.2) ------------------------------------------------------

    // Claim: one conditional UPDATE decides who holds the request (of two agents, or two
    // processes, exactly one wins); the winner's post shows it, the channel opens (or is
    // unarchived) with the claimer invited, and the bot pauses when the organization wants
    // that. A retried job of the winner wins again (the request is already theirs).
    std::variant<Reply, jobs::JobOutcome> claim(const Target& who) {
        auto found =
            store_.find_help_request(integration_.id, request_.channel, request_.message_ts);
        if (!found) return retry_storage(found.error());
        if (!*found) return Reply{"Megatron does not know this help request.", {}};
        auto won = store_.claim_help_request((*found)->id, request_.agent_id, clock_.now_millis());
        if (!won) return retry_storage(won.error());
        auto current = store_.help_request((*found)->id);
        if (!current) return retry_storage(current.error());
        if (!*won) return refuse_claim(*current);
        if (auto failed = show_help_request(client_, support(), *current)) return *failed;
        auto opened = open(who);
        if (std::holds_alternative<jobs::JobOutcome>(opened)) return opened;
        if (auto failed = pause_on_claim(who)) return *failed;
        return opened;
    }

    // The second claimer is told who has it, in a message only they see; nothing else.
    std::variant<Reply, jobs::JobOutcome> refuse_claim(const storage::HelpRequest& request) {
        slack::PostEphemeral notice;
        notice.channel = request_.channel;
        notice.user = request_.agent_id;
        notice.text = already_claimed_text(request);
        auto posted = slack::post_ephemeral(client_, support(), notice);
        if (!posted) return outcome_for(posted.error());
        return Reply{};  // told already: no answer through the response_url
    }

    // auto_pause_on_claim: the bot app is told (App Command pause), the customer as on a
    // pause; a channel already paused stays as it is.
    std::optional<jobs::JobOutcome> pause_on_claim(const Target& who) {
        auto settings = store_.organization_settings(organization_.id);
        if (!settings) return retry_storage(settings.error());
        if (!settings->auto_pause_on_claim) return std::nullopt;
        auto found = open_channel(who);
        if (std::holds_alternative<Step>(found)) return std::nullopt;
        if (std::get<storage::Channel>(found).is_paused) return std::nullopt;
        auto paused = set_paused(who, true, "pause");
        if (auto* outcome = std::get_if<jobs::JobOutcome>(&paused)) return std::move(*outcome);
        return std::nullopt;
    }

    // Keep paused (hand-back's warning): the timer starts again, the bot stays paused.
    std::variant<Reply, jobs::JobOutcome> keep_paused(const Target& who) {
        auto found = open_channel(who);
        if (auto* step = std::get_if<Step>(&found)) return std::get<1>(std::move(*step));
        const auto& channel = std::get<storage::Channel>(found);
        if (!channel.is_paused) return Reply{"The bot is not paused here.", {}};
        auto restarted = store_.restart_hand_back(channel.id, clock_.now_millis());
        if (!restarted) return retry_storage(restarted.error());
        if (auto failed = audit(who, channel.platform_channel_id)) return *failed;
        auto settings = store_.organization_settings(organization_.id);
        if (!settings) return retry_storage(settings.error());
        return Reply{fmt::format("The bot stays paused; it takes over after {} more min of "
                                 "silence.",
                                 settings->hand_back_minutes),
                     {}};
    }

    std::variant<Reply, jobs::JobOutcome> open(const Target& who) {
        auto profile = customer_profile_or_id(store_, client_, who.workspace, who.user_id);
        auto existing = store_.find_channel_for_customer(who.workspace.id, who.user_id);
        if (!existing) return retry_storage(existing.error());
        // An open engagement stays what it is until it is closed, whatever the mode now.
        bool open_now = *existing && !(*existing)->is_archived;
        if (open_now && (*existing)->is_thread()) return thread_link(who, profile, **existing);
        if (!open_now && engagement_.mode == storage::EngagementMode::Threads) {
            return open_thread(who, profile, existing->has_value());
        }
        // A closed thread re-opened in channel mode becomes a channel of its own.
        if (*existing && (*existing)->is_thread()) existing->reset();
        std::string channel_id;
        bool created = false;
        bool reopened = false;
        Target current = who;
        if (*existing) {
            channel_id = (*existing)->platform_channel_id;
            if ((*existing)->is_archived) {
                refresh_before_reopening(current);
                auto unarchived = slack::unarchive_conversation(client_, support(), channel_id);
                if (!unarchived && unarchived.error().code != slack::SlackErrorCode::NotArchived) {
                    return outcome_for(unarchived.error());
                }
                auto stored = store_.set_archived((*existing)->id, false);
                if (!stored) return retry_storage(stored.error());
                // A reopened channel starts a new idle period (or the hourly archive task
                // would close it again at once), as the original's unarchive did.
                auto touched = store_.set_last_message_sent((*existing)->id, clock_.now_millis());
                if (!touched) return retry_storage(touched.error());
                reopened = true;
            }
        } else {
            auto name = text::engagement_channel_name(settings_.channel_prefix, profile.username,
                                                      who.workspace.domain);
            auto made = create_or_adopt(name);
            if (!made) return Reply{"Error creating channel: " + made.error().error, {}};
            storage::NewChannel row;
            row.organization_id = organization_.id;
            row.integration_id = integration_.id;
            row.workspace_id = who.workspace.id;
            row.name = made->name;
            row.platform_channel_id = made->id;
            row.platform_user_id = who.user_id;
            auto stored = store_.upsert_channel(row);
            if (!stored) return retry_storage(stored.error());
            // A closed thread moved to this channel is open again (threads mode, issue 21).
            if (stored->channel.is_archived) {
                auto reopened_row = store_.set_archived(stored->channel.id, false);
                if (!reopened_row) return retry_storage(reopened_row.error());
            }
            channel_id = made->id;
            created = true;
        }
        invite_agent(channel_id);
        if (created || reopened) {
            if (auto failed = import_history(current, profile, channel_id, {})) return *failed;
        }
        if (auto failed = audit(who, channel_id)) return *failed;
        auto link = "slack://channel?team=" + integration_.team_id + "&id=" + channel_id;
        return Reply{strings::escape_slack(profile.username) + ": <" + link +
                         "|Go to slack conversation> (<#" + channel_id + ">)",
                     {}};
    }

    // Threads mode: the engagement is a new thread in the support channel, under a parent
    // message with the customer and the buttons; the customer's history goes into it. A
    // customer's earlier (closed) engagement, channel or thread, is moved to the new thread.
    std::variant<Reply, jobs::JobOutcome> open_thread(const Target& who,
                                                      const storage::Profile& profile,
                                                      bool reopening) {
        auto support_channel = support_channel_id();
        if (auto* step = std::get_if<Step>(&support_channel)) return std::get<1>(std::move(*step));
        const auto& channel_id = std::get<std::string>(support_channel);
        Target current = who;
        if (reopening) refresh_before_reopening(current);
        ThreadParent parent{profile, who.workspace.name, who.workspace.platform_id, who.user_id};
        auto post = slack::PostMessage{};
        post.channel = channel_id;
        post.text = thread_parent_text(parent);
        post.blocks = thread_parent_blocks(parent);
        auto posted = post_once(client_, support(), std::move(post),
                                job_.idempotency_key + ":parent", job_.attempts > 1);
        if (!posted && !posted.error().is_transient() && !posted.error().outcome_unknown &&
            posted.error().code != slack::SlackErrorCode::RateLimited) {
            return Reply{"Cannot post in the support channel <#" + channel_id +
                             ">: " + posted.error().describe(),
                         {}};
        }
        if (!posted) return outcome_for(posted.error());
        storage::NewChannel row{organization_.id,
                                integration_.id,
                                who.workspace.id,
                                profile.username,
                                channel_id,
                                who.user_id,
                                0,
                                posted->ts};
        auto stored = store_.upsert_channel(row);
        if (!stored) return retry_storage(stored.error());
        if (stored->channel.is_archived || stored->channel.is_paused) {
            auto reopened = store_.set_archived(stored->channel.id, false);
            if (!reopened) return retry_storage(reopened.error());
            auto live = store_.set_paused(stored->channel.id, false);
            if (!live) return retry_storage(live.error());
        }
        // A re-opened engagement starts a new idle period (see the channel mode's re-open).
        auto touched = store_.set_last_message_sent(stored->channel.id, clock_.now_millis());
        if (!touched) return retry_storage(touched.error());
        if (auto failed = import_history(current, profile, channel_id, posted->ts)) return *failed;
        if (auto failed = audit(who, channel_id)) return *failed;
        return Reply{strings::escape_slack(profile.username) +
                         ": the engagement is a thread in <#" + channel_id + ">",
                     {}};
    }

    // The answer to `open` for a customer whose thread is open: where it is.
    std::variant<Reply, jobs::JobOutcome> thread_link(const Target& who,
                                                      const storage::Profile& profile,
                                                      const storage::Channel& engagement) {
        if (auto failed = audit(who, engagement.platform_channel_id)) return *failed;
        return Reply{strings::escape_slack(profile.username) +
                         ": the engagement is a thread in <#" + engagement.platform_channel_id +
                         ">",
                     {}};
    }

    // The organization's support channel id; a "#name" is looked up once and remembered.
    std::variant<std::string, Step> support_channel_id() {
        auto configured = engagement_.support_channel;
        if (!configured.starts_with('#')) return configured;
        auto found = slack::find_conversation_by_name(client_, support(), configured.substr(1));
        if (!found) return outcome(outcome_for(found.error()));
        if (!*found) {
            return reply("The support channel " + strings::escape_slack(configured) +
                         " was not found (invite Megatron's bot if it is private).");
        }
        engagement_.support_channel = (*found)->id;
        auto remembered = store_.set_engagement_settings(organization_.id, engagement_);
        if (!remembered) return outcome(retry_storage(remembered.error()));
        return (*found)->id;
    }

    // Threads mode: the parent message shows the engagement's state now. The parent is a
    // view: if Slack refuses the update the command is still done (the next change or the
    // daily profile refresh writes it again), so a failure is logged, not retried.
    void refresh_parent(const Target& who, std::int64_t engagement_id) {
        auto engagement = store_.channel(engagement_id);
        if (!engagement || !engagement->is_thread()) return;
        auto profile = customer_profile_or_id(store_, client_, who.workspace, who.user_id);
        auto updated = update_thread_parent(client_, integration_, *engagement,
                                            thread_parent_of(*engagement, who.workspace, profile));
        if (!updated) spdlog::warn("thread parent not updated: {}", updated.error().describe());
    }

    // The engagement channel `name`. Names are deterministic, so a run interrupted between
    // conversations.create and storing the channel left a channel of exactly this name that
    // the bot is in and no stored engagement channel uses: it is adopted, rather than the
    // customer getting a second channel ("-2"). Any other holder of the name gets a suffix.
    Expected<slack::ChannelInfo, slack::SlackError> create_or_adopt(const std::string& name) {
        slack::CreateChannel create;
        create.name = name;
        create.on_name_taken = slack::OnNameTaken::Fail;
        auto made = slack::create_conversation(client_, support(), create);
        if (made || made.error().code != slack::SlackErrorCode::NameTaken) return made;
        auto found = slack::find_conversation_by_name(client_, support(), name);
        if (!found) return unexpected(std::move(found.error()));
        if (*found && (*found)->is_member && !(*found)->is_archived) {
            auto used = store_.find_channel_by_platform_channel(integration_.id, (*found)->id);
            if (used && !*used) return **found;
        }
        create.on_name_taken = slack::OnNameTaken::AddSuffix;
        return slack::create_conversation(client_, support(), create);
    }

    // The original asked the bot app for fresh credentials before it re-opened an archived
    // channel: the customer workspace's token may have changed while the channel slept. A
    // failed refresh is logged by the refresher; the stored token is used, and if Slack
    // refuses it the call itself asks again and the job retries.
    void refresh_before_reopening(Target& who) {
        if (settings_.refresher == nullptr) return;
        auto fresh =
            settings_.refresher->refresh(who.workspace.platform_id, who.workspace.bot_token);
        if (fresh) who.workspace.bot_token = *fresh;
    }

    void invite_agent(const std::string& channel_id) {
        slack::ApiCall call{"conversations.invite",
                            slack::Replay::Safe,
                            {{"channel", channel_id}, {"users", request_.agent_id}},
                            std::nullopt};
        auto invited = client_.call(support(), call);
        // already_in_channel and friends: the agent can still join by the link.
        if (!invited) spdlog::info("conversations.invite: {}", invited.error().describe());
    }

    // The customer's recent conversation with the bot, oldest first and with the original's
    // time-stamp groups (commands/text/imported_history), so the agent has context.
    std::optional<jobs::JobOutcome> import_history(const Target& who,
                                                   const storage::Profile& profile,
                                                   const std::string& channel_id,
                                                   const std::string& thread_ts) {
        auto dm = slack::open_conversation(client_, customer(who.workspace), who.user_id);
        if (!dm) return outcome_for(dm.error());
        slack::HistoryQuery query;
        query.channel = dm->channel_id;
        query.limit = settings_.imported_messages;
        auto history = slack::conversation_history(client_, customer(who.workspace), query);
        if (!history) return outcome_for(history.error());
        const auto& messages = history->messages;
        std::vector<text::ImportItem> items;
        items.reserve(messages.size());
        for (const auto& message : messages) items.push_back({message.ts, message.bot_id.empty()});
        auto order = text::import_order(items);
        std::vector<std::string> shown_ts;
        shown_ts.reserve(order.size());
        for (auto i : order) shown_ts.push_back(messages[i].ts);
        auto headers = text::timestamp_headers(shown_ts);
        for (std::size_t n = 0; n < order.size(); ++n) {
            const auto& message = messages[order[n]];
            slack::PostMessage post;
            post.channel = channel_id;
            post.thread_ts = thread_ts;
            // The customer's and the bot's words alike are redacted (MEGATRON_REDACT).
            post.text = headers[n] + redaction_.redact(message.text);
            post.attachments = message.attachments;
            redaction_.redact_json(post.attachments);
            if (message.bot_id.empty()) {
                post.username = profile.best_name();
                post.icon_url = profile.profile_image;
            } else {
                post.username = settings_.bot_name;
            }
            auto posted =
                post_once(client_, support(), std::move(post),
                          job_.idempotency_key + ":import:" + message.ts, job_.attempts > 1);
            if (!posted) return outcome_for(posted.error());
        }
        return std::nullopt;
    }

    std::variant<Reply, jobs::JobOutcome> clear_context(const Target& who) {
        auto where = endpoint();
        if (!where) return Reply{"No command_url is configured for this organization.", {}};
        auto cleared = app_commands_.clear_context(*where, {who.user_id});
        if (!cleared) return Reply{"Request unsuccessful: " + cleared.error().message(), {}};
        if (auto failed = audit(who, request_.channel)) return *failed;
        return Reply{"Context cleared for *" + strings::escape_slack(customer_name(who)) + "*.",
                     {}};
    }

    std::variant<Reply, jobs::JobOutcome> push_message(const Target& who) {
        auto where = endpoint();
        if (!where) return Reply{"No command_url is configured for this organization.", {}};
        auto dm = slack::open_conversation(client_, customer(who.workspace), who.user_id);
        if (!dm) return outcome_for(dm.error());
        app_commands::PushMessageRequest push;
        push.message = json::object{{"text", request_.text}};
        push.channel_id = dm->channel_id;
        push.platform_user_id = who.user_id;
        push.platform_channel_id = request_.channel;
        // At most once: the push is marked before it is sent, so a run after a crash or a
        // lost lease does not make the bot act twice for the customer. A crash between the
        // mark and the send loses the push; the agent is told and can send it again.
        auto first = store_.mark_event_processed("push_message:" + job_.idempotency_key);
        if (!first) return retry_storage(first.error());
        if (!*first) {
            return Reply{"This command was interrupted after it was handed to the bot for *" +
                             strings::escape_slack(customer_name(who)) +
                             "*; not sent again. Send it once more if the bot did not act.",
                         {}};
        }
        auto pushed = app_commands_.push_message(*where, push);
        if (!pushed) return Reply{"Request unsuccessful: " + pushed.error().message(), {}};
        if (auto failed = audit(who, request_.channel)) return *failed;
        return Reply{"Sent to the bot for *" + strings::escape_slack(customer_name(who)) + "*.",
                     {}};
    }

    const jobs::Job& job_;
    ControlJob request_;
    storage::Store& store_;
    const Clock& clock_;
    const ControlCommandSettings& settings_;
    slack::WebApiClient& client_;
    app_commands::AppCommandClient app_commands_;
    const text::Redactor& redaction_;
    storage::Integration integration_;
    storage::Organization organization_;
    storage::EngagementSettings engagement_;
};

}  // namespace

jobs::JobOutcome control_command(CommandRun<ControlJob>& run,
                                 const ControlCommandSettings& settings) {
    auto response_url = run.request.response_url;
    CommandExecution command(run, settings);
    auto result = command.execute();
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&result)) return std::move(*outcome);
    const auto& reply = std::get<Reply>(result);
    if (!response_url.empty() && !reply.text.empty()) {
        slack::ResponseMessage message;
        message.text = reply.text;
        message.blocks = reply.blocks;
        auto sent = slack::post_to_response_url(run.clients.slack, response_url, message);
        // The work is done; a lost answer is not worth doing the command again.
        if (!sent) spdlog::warn("reply to the agent failed: {}", sent.error().describe());
    }
    return done({{"reply", reply.text}});
}

void add_control_handlers(jobs::HandlerRegistry& registry, storage::Database& db,
                          const Clock& clock, ControlCommandSettings settings) {
    auto shared = std::make_shared<const ControlCommandSettings>(std::move(settings));
    add_command(registry, kControlCommandKind,
                CommandDeps{db, clock, shared->api_url, shared->refresher, shared->redactor,
                            shared->observers},
                PayloadReader<ControlJob>{"a control command"},
                [shared](auto& run) { return control_command(run, *shared); });
}

}  // namespace megatron::commands::control
