#pragma once
// A private directory for one job's downloads, removed with everything in it when the job's
// run ends (whatever way it ends), so no file outlives the transfer.
#include <filesystem>
#include <optional>

namespace megatron::commands::files {

class TempDir {
  public:
    // nullopt when no directory could be made (the job is then retried).
    static std::optional<TempDir> create();
    ~TempDir();
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&&) = delete;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

}  // namespace megatron::commands::files
