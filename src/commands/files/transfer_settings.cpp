#include "commands/files/transfer_settings.hpp"

#include "files/s3/s3_object_store.hpp"

namespace megatron::commands::files {

TransferSettings transfer_settings(const config::Config& config) {
    TransferSettings settings;
    settings.api_url = config.slack_api_url;
    settings.limits = {config.max_file_bytes, config.allowed_file_types};
    settings.marks = config.marks;
    settings.backend =
        config.file_transfer == config::FileTransfer::S3 ? Backend::S3 : Backend::Slack;
    if (settings.backend == Backend::S3) {
        settings.make_object_store = [&config] {
            return megatron::files::make_s3_object_store(config);
        };
    }
    return settings;
}

}  // namespace megatron::commands::files
