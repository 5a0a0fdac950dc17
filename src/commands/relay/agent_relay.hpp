#pragma once
// Agent -> customer: an agent's message in an engagement channel is posted into the
// customer's DM with the bot (customer workspace token) with a "sent by <agent>" footer, and
// the ts pair recorded with the job's completion so edits and deletions can follow. The
// customer's DM channel id comes from `dms`, shared by every worker's handlers.
#include "commands/command_handler.hpp"
#include "commands/relay/dm_channel_cache.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "commands/relay/relay_jobs.hpp"

#include <memory>

namespace megatron::commands::relay {

// Posts the agent's message to the customer; while the bot is not paused, also warns the
// channel (with a Pause button) at most once per `not_paused_warning_every`.
jobs::JobOutcome relay_agent_message(ChannelRun<AgentMessageJob>& run, DmChannelCache& dms,
                                     const RelaySettings& settings);

// An agent's edit: chat.update of the customer's copy.
jobs::JobOutcome relay_agent_edit(ChannelRun<AgentMessageJob>& run, DmChannelCache& dms,
                                  const RelaySettings& settings);

// An agent's deletion: chat.delete of the customer's copy.
jobs::JobOutcome relay_agent_delete(ChannelRun<AgentMessageJob>& run, DmChannelCache& dms,
                                    const RelaySettings& settings);

// An agent's reaction on the mirror of a customer's message: the bot adds (removes) the same
// reaction on the customer's original message in the DM. Reactions on other messages (the
// bot's replies, agents' own messages) stay in the support workspace.
jobs::JobOutcome relay_agent_reaction(ChannelRun<AgentReactionJob>& run, DmChannelCache& dms);

// The delivery marks' hooks of the three agent kinds (the queued mark while a relay retries,
// the failed mark and note once it is dead). `on_message`: false for deletions, whose
// message is gone.
CommandHooks<ChannelRun<AgentMessageJob>> delivery_mark_hooks(
    std::shared_ptr<const RelaySettings> settings, bool on_message);

}  // namespace megatron::commands::relay
