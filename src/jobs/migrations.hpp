#pragma once
// The jobs component's tables (component "jobs"): the database queue, ordering-key delays,
// scheduler leases. The CLI passes them to storage::migrate() after the core migrations.
#include "storage/migrations.hpp"

#include <span>

namespace megatron::jobs {

std::span<const storage::Migration> migrations();

}  // namespace megatron::jobs
