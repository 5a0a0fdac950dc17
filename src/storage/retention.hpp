#pragma once
// Retention (issue 20, MEGATRON_RETAIN_DAYS): what is older than the cutoff goes, a small
// batch per transaction so the relay's writers never wait long behind it. The audit log is
// never pruned. docs/data.md lists every table and when its rows go.
#include "storage/sql.hpp"

#include <cstdint>

namespace megatron::storage {

struct PruneCounts {
    std::int64_t message_mappings = 0;  // messages created before the cutoff (imported ones too)
    std::int64_t profiles = 0;          // customers whose channel was closed before the cutoff
    std::int64_t processed_events = 0;  // Slack event ids received before the cutoff
    std::int64_t total() const { return message_mappings + profiles + processed_events; }
};

// One batch (at most `batch` rows of each kind), in one short transaction.
StorageResult<PruneCounts> prune_batch(Database& db, std::int64_t cutoff_ms, int batch);

}  // namespace megatron::storage
