#pragma once
// SHA-256 of a file, read in small blocks: a 20 MB upload is hashed without being held in
// memory (the hash signs the PUT, so the store refuses a body that changed on the way).
#include "files/object_store.hpp"

#include <filesystem>
#include <string>

namespace megatron::files {

Expected<std::string, ObjectStoreError> sha256_file_hex(const std::filesystem::path& path);

}  // namespace megatron::files
