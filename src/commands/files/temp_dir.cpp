#include "commands/files/temp_dir.hpp"

#include <cstdlib>
#include <string>
#include <system_error>

namespace megatron::commands::files {

std::optional<TempDir> TempDir::create() {
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    if (ec) return std::nullopt;
    // mkdtemp: a new directory only this process's user can read.
    std::string pattern = (base / "megatron-files-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return std::nullopt;
    return TempDir(std::filesystem::path(pattern));
}

TempDir::~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
}

}  // namespace megatron::commands::files
