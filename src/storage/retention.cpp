#include "storage/retention.hpp"

namespace megatron::storage {
namespace {

// Each statement deletes the oldest `batch` rows it selects (the sub-select keeps the LIMIT
// portable: neither PostgreSQL nor SQLite's default build takes DELETE ... LIMIT). Mappings go
// oldest first by created_at, which walks its index: ordered by id, SQLite scanned the table
// from the first id past every younger row (imported history has old dates and new ids), and
// each batch of a 500,000-row backlog took ~200 ms of the writer (BENCHMARKS.md).
constexpr const char* kMessages =
    "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE created_at < ? "
    "ORDER BY created_at LIMIT ?)";
// A customer's cached profile goes once their channel has been closed for the whole period
// (channels archived before archived_at existed count from their last message).
constexpr const char* kProfiles =
    "DELETE FROM platform_users WHERE id IN (SELECT u.id FROM platform_users u JOIN channels c "
    "ON c.workspace_id = u.workspace_id AND c.platform_user_id = u.platform_id "
    "WHERE c.is_archived = 1 AND COALESCE(c.archived_at, c.last_message_sent) < ? "
    "ORDER BY u.id LIMIT ?)";
constexpr const char* kEvents =
    "DELETE FROM processed_events WHERE event_id IN (SELECT event_id FROM processed_events "
    "WHERE received_at < ? ORDER BY received_at LIMIT ?)";

}  // namespace

StorageResult<PruneCounts> prune_batch(Database& db, std::int64_t cutoff_ms, int batch) {
    PruneCounts counts;
    auto done = db.transaction([&](Connection& conn) -> StorageResult<void> {
        counts = {};
        for (auto [sql, count] : {std::pair{kMessages, &counts.message_mappings},
                                  std::pair{kProfiles, &counts.profiles},
                                  std::pair{kEvents, &counts.processed_events}}) {
            auto r = conn.execute(sql, {cutoff_ms, std::int64_t{batch}});
            if (!r) return unexpected(r.error());
            *count = r->affected;
        }
        return {};
    });
    if (!done) return unexpected(done.error());
    return counts;
}

}  // namespace megatron::storage
