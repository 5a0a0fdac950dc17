#pragma once
// The support workspace's bot credentials for an outreach job, or the job's outcome when they
// cannot be had: fatal once the integration is gone (a retry reads the same), retry on a
// storage failure.
#include "jobs/handler.hpp"
#include "platforms/slack/connection/credentials.hpp"
#include "storage/store.hpp"
#include "util/expected.hpp"

#include <cstdint>

namespace megatron::commands::outreach {

Expected<slack::Credentials, jobs::JobOutcome> support_credentials(storage::Store& store,
                                                                   std::int64_t integration_id);

}  // namespace megatron::commands::outreach
