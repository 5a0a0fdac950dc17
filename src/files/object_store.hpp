#pragma once
// Where transferred files go when MEGATRON_FILE_TRANSFER=s3: a store that keeps a file under a
// key nobody can guess and hands out a link that stops working after a while.
#include "util/expected.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace megatron::files {

struct ObjectStoreError {
    std::string message;  // never contains credentials
    // False when trying again cannot help (the store refused the credentials or the bucket,
    // the file cannot be read); true for an unreachable store or its 5xx/429 answers.
    bool retryable = true;
};

class ObjectStore {
  public:
    virtual ~ObjectStore() = default;
    // Stores the file at `path` under a new unguessable key; answers a presigned GET URL that
    // expires after the configured time.
    virtual Expected<std::string, ObjectStoreError> put_and_presign(
        const std::filesystem::path& path, std::string_view filename,
        std::string_view content_type) = 0;
};

}  // namespace megatron::files
