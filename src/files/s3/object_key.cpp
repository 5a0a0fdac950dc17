#include "files/s3/object_key.hpp"

#include "util/crypto.hpp"

namespace megatron::files {

std::string safe_object_name(std::string_view filename) {
    constexpr std::size_t kMaxLength = 100;
    std::string out;
    for (char c : filename) {
        if (out.size() == kMaxLength) break;
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
        if (out.empty() && c == '.') continue;  // "..", ".hidden": path tricks and hidden files
        out += keep ? c : '_';
    }
    return out.empty() ? "file" : out;
}

std::string new_object_key(std::string_view filename) {
    return crypto::random_hex(16) + "/" + safe_object_name(filename);
}

}  // namespace megatron::files
