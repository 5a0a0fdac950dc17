#include "commands/message_mapping.hpp"

namespace megatron::commands {

storage::StorageResult<void> map_message(storage::Store& store, std::int64_t channel_id,
                                         MappedBy /*by*/, const std::string& integration_ts,
                                         const std::string& customer_ts,
                                         storage::MessageOrigin origin) {
    // Either ts mapped already (a retried job) leaves the row as it is: one statement.
    return store.create_message_once(channel_id, integration_ts, customer_ts, origin);
}

}  // namespace megatron::commands
