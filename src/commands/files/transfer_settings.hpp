#pragma once
// The file-transfer settings from the configuration (limits, back end, object store).
#include "commands/files/transfer_files.hpp"
#include "config/config.hpp"

namespace megatron::commands::files {

// `config` must outlive the handlers (the S3 store is made from it on first use).
TransferSettings transfer_settings(const config::Config& config);

}  // namespace megatron::commands::files
