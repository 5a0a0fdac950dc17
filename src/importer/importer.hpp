#pragma once
// `megatron import-original`: copies the original Megatron's database into Megatron's
// (docs/import-original.md). The source is only read. Each organization is written in one
// transaction of the target, so an organization is imported whole or not at all; rows are
// written by their natural keys (ON CONFLICT), so a second run leaves the same state. API keys
// are stored as their SHA-256 only, as Megatron's own.
#include "importer/plan.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace megatron::importer {

struct ImportOptions {
    // Do everything, then roll each organization's transaction back: the counts are exactly
    // what a real run would write, and nothing is written.
    bool dry_run = false;
};

// Rows written per Megatron table ("organizations", "api_tokens", ..., "messages").
using TableCounts = std::map<std::string, std::int64_t>;

struct OrganizationOutcome {
    std::string name;
    std::int64_t original_id = 0;
    bool imported = false;  // false: rolled back, `error` says why
    std::string error;
    TableCounts counts;
    std::vector<SkippedRow> skipped;  // rows of this organization the target refused
};

struct ImportReport {
    std::vector<OrganizationOutcome> organizations;
    std::vector<SkippedRow> skipped;  // rows not mapped to any organization
    bool ok() const;                  // every organization imported
    TableCounts totals() const;       // over the imported organizations
    std::int64_t skipped_count() const;
};

// Fails only when the source cannot be read; an organization that cannot be written is
// reported in its outcome and the others are still imported.
storage::StorageResult<ImportReport> import_original(storage::Database& source,
                                                     storage::Database& target,
                                                     const ImportOptions& options,
                                                     const Clock& clock);

// The tables in the order the importer writes them (for printing counts).
const std::vector<std::string>& target_tables();

}  // namespace megatron::importer
