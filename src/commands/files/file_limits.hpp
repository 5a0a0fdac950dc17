#pragma once
// Which files Megatron moves at all: a size cap and a list of allowed MIME types
// (MEGATRON_MAX_FILE_BYTES, MEGATRON_FILE_TYPES). Refusals carry a sentence for people.
#include "commands/files/file_jobs.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace megatron::commands::files {

struct FileLimits {
    std::size_t max_bytes = 20 * 1024 * 1024;
    std::vector<std::string> allowed_types = {"image/*", "application/pdf"};
};

// "image/png" against "image/*" or "image/png" (case-insensitive; parameters such as
// "; charset=..." ignored).
bool type_allowed(const std::string& mimetype, const std::vector<std::string>& allowed);

// "20 MB" for whole megabytes, else "<n> bytes".
std::string describe_size(std::size_t bytes);

// Why a file is refused before any download (its declared size or type), or nullopt.
std::optional<std::string> refusal_before_download(const TransferFile& file,
                                                   const FileLimits& limits);

}  // namespace megatron::commands::files
