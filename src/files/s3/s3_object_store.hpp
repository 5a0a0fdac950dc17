#pragma once
// The S3 transfer back end (MEGATRON_FILE_TRANSFER=s3): any S3-compatible store, path-style,
// requests signed with SigV4. Configured by S3_AWS_ACCESS_KEY_ID, S3_AWS_SECRET_ACCESS_KEY,
// AWS_S3_BUCKET, S3_ENDPOINT_URL (empty: AWS in S3_REGION), S3_REGION and
// MEGATRON_S3_URL_EXPIRY_SECONDS. Safe to call from several threads at once.
#include "config/config.hpp"
#include "files/object_store.hpp"
#include "util/clock.hpp"

#include <memory>

namespace megatron::files {

std::unique_ptr<ObjectStore> make_s3_object_store(const config::Config& config);

// The same, signing with `clock`'s time instead of the system's (tests make links that are
// already expired with a clock set back).
std::unique_ptr<ObjectStore> make_s3_object_store(const config::Config& config,
                                                  std::shared_ptr<const Clock> clock);

}  // namespace megatron::files
