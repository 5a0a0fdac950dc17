#include "commands/files/file_limits.hpp"

#include "util/strings.hpp"

namespace megatron::commands::files {

bool type_allowed(const std::string& mimetype, const std::vector<std::string>& allowed) {
    auto type = strings::to_lower(strings::trim(mimetype.substr(0, mimetype.find(';'))));
    if (type.empty()) return false;
    for (const auto& pattern : allowed) {
        if (pattern == "*/*" || pattern == type) return true;
        if (pattern.ends_with("/*") && type.starts_with(pattern.substr(0, pattern.size() - 1))) {
            return true;
        }
    }
    return false;
}

std::string describe_size(std::size_t bytes) {
    constexpr std::size_t kMegabyte = 1024 * 1024;
    if (bytes >= kMegabyte && bytes % kMegabyte == 0) {
        return std::to_string(bytes / kMegabyte) + " MB";
    }
    return std::to_string(bytes) + " bytes";
}

std::optional<std::string> refusal_before_download(const TransferFile& file,
                                                   const FileLimits& limits) {
    if (file.size > 0 && static_cast<std::size_t>(file.size) > limits.max_bytes) {
        return "it is larger than the " + describe_size(limits.max_bytes) + " limit";
    }
    if (!file.mimetype.empty() && !type_allowed(file.mimetype, limits.allowed_types)) {
        return "files of type " + file.mimetype + " are not allowed";
    }
    return std::nullopt;
}

}  // namespace megatron::commands::files
