#pragma once
// What every command needs about its engagement channel, loaded when the job runs (the
// channel may have been archived or deleted since the request was accepted), and the rules
// shared by all command folders: one channel's jobs share an ordering key, storage trouble
// is retried.
#include "jobs/handler.hpp"
#include "storage/store.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace megatron::commands {

struct ChannelContext {
    storage::Channel channel;
    storage::Integration integration;      // the support workspace (where the mirror lives)
    storage::CustomerWorkspace workspace;  // where the customer talks to the bot
};

// The context, or how the job ends without acting: a deleted or archived channel is done
// (nothing to mirror into), storage trouble is retried.
std::variant<ChannelContext, jobs::JobOutcome> load_channel_context(storage::Store& store,
                                                                    std::int64_t channel_id);

// Ordering: one channel's jobs (messages, reminders, archiving) run one at a time, in
// arrival order.
std::string channel_ordering_key(std::int64_t channel_id);
// The same for an engagement, channel or thread (threads mode): the key is the engagement's,
// never the Slack channel's, so a thousand threads in one support channel do not serialize.
std::string engagement_ordering_key(const storage::Channel& engagement);

// Storage failures while a job runs: retried, since the database may come back.
jobs::JobOutcome retry_storage(const storage::StorageError& error);

}  // namespace megatron::commands
