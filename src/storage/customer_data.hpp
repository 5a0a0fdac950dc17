#pragma once
// What Megatron keeps about one customer, and forgetting it (issue 20, `megatron admin
// customer forget`; docs/data.md).
#include "storage/audit_log.hpp"
#include "storage/models.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace megatron::storage {

struct CustomerData {
    std::optional<Channel> channel;  // the engagement channel (one per customer and workspace)
    std::int64_t message_mappings = 0;
    bool profile = false;  // a cached Slack profile (name, display name, avatar)
    // Support-side ts of the mirrors Megatron posted itself (the customer's and the bot's
    // messages; an agent's own messages are the agent's).
    std::vector<std::string> mirrored_ts;
    bool empty() const { return !channel && message_mappings == 0 && !profile; }
};

StorageResult<CustomerData> find_customer_data(Database& db, std::int64_t workspace_id,
                                               const std::string& user_id);

// Deletes the customer's profile, channel and message mappings (in one transaction with the
// audit entry, which names ids only); the work queue's jobs are the queue's to delete
// (JobQueue::forget_key). Safe to repeat: a second run deletes nothing and records nothing.
StorageResult<CustomerData> forget_customer(Database& db, const Clock& clock,
                                            std::int64_t workspace_id, const std::string& user_id,
                                            const AuditEntry& entry);

// After rows were erased or secrets sealed: SQLite's write-ahead log still holds the pages
// as they were, so it is checkpointed and truncated (best effort while other processes read;
// secure_delete has zeroed the freed space in the file itself). PostgreSQL: nothing to do
// here (its autovacuum reclaims dead rows).
StorageResult<void> flush_erased(Database& db);

}  // namespace megatron::storage
