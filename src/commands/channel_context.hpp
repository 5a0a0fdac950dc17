#pragma once
// What a relay job needs about its channel, loaded when the job runs (the channel may have
// been archived or deleted since the request was accepted).
#include "jobs/handler.hpp"
#include "storage/store.hpp"

#include <cstdint>
#include <variant>

namespace megatron::commands::relay {

struct ChannelContext {
    storage::Channel channel;
    storage::Integration integration;      // the support workspace (where the mirror lives)
    storage::CustomerWorkspace workspace;  // where the customer talks to the bot
};

// The context, or how the job ends without acting: a deleted or archived channel is done
// (nothing to mirror into), storage trouble is retried.
std::variant<ChannelContext, jobs::JobOutcome> load_channel_context(storage::Store& store,
                                                                    std::int64_t channel_id);

// Storage failures while a job runs: retried, since the database may come back.
jobs::JobOutcome retry_storage(const storage::StorageError& error);

}  // namespace megatron::commands::relay
