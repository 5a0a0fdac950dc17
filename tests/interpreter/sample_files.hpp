#pragma once
// Reads Slack's reference material from ../shared/slack (see tests/support/environment.hpp).
#include "support/environment.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace megatron::test {

inline std::filesystem::path slack_dir() {
    return std::filesystem::path(shared_dir()) / "slack";
}

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every file in a folder of slack/ with the given extension, sorted by name.
inline std::vector<std::filesystem::path> slack_files(const std::string& folder,
                                                      const std::string& extension) {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(slack_dir() / folder)) {
        if (entry.path().extension() == extension) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace megatron::test
