#pragma once
// The ts mapping: which support-side message (in the engagement channel) and which
// customer-side message (in the DM) are the same message, so edits and deletions can follow
// it. Written with the completion of the job that posted, once: a retried job finds it there.
#include "storage/store.hpp"

#include <cstdint>
#include <string>

namespace megatron::commands {

// Which side's ts identifies the message the job started from (and is looked up by).
enum class MappedBy { Integration, Customer };

// Records integration_ts <-> customer_ts in the channel unless either ts is already mapped
// there (a retried job's own row; `by` names the side the job started from). `origin` is who wrote
// the message (the agent, the customer, the bot): only an agent's message is taken back from the
// customer when it is deleted in the channel.
storage::StorageResult<void> map_message(storage::Store& store, std::int64_t channel_id,
                                         MappedBy by, const std::string& integration_ts,
                                         const std::string& customer_ts,
                                         storage::MessageOrigin origin);

}  // namespace megatron::commands
