#include "commands/message_mapping.hpp"

namespace megatron::commands {

storage::StorageResult<void> map_message(storage::Store& store, std::int64_t channel_id,
                                         MappedBy by, const std::string& integration_ts,
                                         const std::string& customer_ts,
                                         storage::MessageOrigin origin) {
    auto existing = by == MappedBy::Integration
                        ? store.find_message_by_integration_id(channel_id, integration_ts)
                        : store.find_message_by_customer_id(channel_id, customer_ts);
    if (!existing) return unexpected(existing.error());
    if (*existing) return {};
    auto created = store.create_message(channel_id, integration_ts, customer_ts, origin);
    if (!created) return unexpected(created.error());
    return {};
}

}  // namespace megatron::commands
