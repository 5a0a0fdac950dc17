#pragma once
// The relay's commands, customer and bot -> engagement channel (one per kind in
// relay_jobs.hpp; the agent -> customer ones are in agent_relay.hpp), and the registration of
// both directions.
#include "commands/command_handler.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "config/config.hpp"

#include <chrono>
#include <string>

namespace megatron::commands::relay {

struct RelaySettings {
    std::string api_url;       // SLACK_API_URL
    std::string bot_name;      // MEGATRON_BOT_NAME: how the bot's replies are shown
    std::string bot_icon_url;  // MEGATRON_BOT_ICON_URL
    // The agent relay warns a channel whose bot still answers at most this often.
    std::chrono::milliseconds not_paused_warning_every{std::chrono::hours(1)};
    // Asked for fresh customer-workspace credentials when Slack refuses a token; may be null.
    slack::CredentialRefresher* refresher = nullptr;
    // MEGATRON_MARKS: the delivery marks on agents' relayed messages (commands/delivery_marks.hpp).
    config::DeliveryMarkNames marks;
    // MEGATRON_REDACT's rules (must outlive the workers); null: cards only.
    const text::Redactor* redactor = nullptr;
    // Told of the handlers' Slack calls and App Commands (the metrics); empty: nobody.
    CallObservers observers;
};

// Posts a customer's message into the engagement channel under the customer's display name
// and avatar (profile fetched with users.info and cached), exactly once; records the ts
// mapping and the channel's last activity together with the job's completion.
jobs::JobOutcome mirror_customer_message(ChannelRun<MirrorCustomerMessage>& run);

// Posts the bot's reply (card data masked) into the engagement channel as the bot.
jobs::JobOutcome mirror_bot_message(ChannelRun<MirrorBotMessage>& run,
                                    const RelaySettings& settings);

// A customer's edit: chat.update of the mirrored copy, and the mapping moved to the new ts.
jobs::JobOutcome update_mirrored_message(ChannelRun<UpdateMirroredMessage>& run);

// Registers every relay kind, both directions (and the agent kinds' older names). `db` and
// `clock` must outlive the workers.
void add_relay_handlers(jobs::HandlerRegistry& registry, storage::Database& db, const Clock& clock,
                        RelaySettings settings);

}  // namespace megatron::commands::relay
