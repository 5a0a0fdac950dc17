#pragma once
// What every fuzz target shares: the input split into newline-separated fields (so seed files
// stay readable text and libFuzzer's mutations can still reach every field), and a property
// check that stops the run with a message (libFuzzer and the replay driver both report the
// abort with the input that caused it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::fuzz {

// The first `count - 1` lines become fields; the last field is the rest of the input (it may
// hold newlines, as a body does). Missing fields are empty.
inline std::vector<std::string_view> split_fields(const std::uint8_t* data, std::size_t size,
                                                  std::size_t count) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> fields;
    while (fields.size() + 1 < count) {
        auto newline = rest.find('\n');
        if (newline == std::string_view::npos) {
            fields.push_back(rest);
            rest = {};
            continue;
        }
        fields.push_back(rest.substr(0, newline));
        rest.remove_prefix(newline + 1);
    }
    fields.push_back(rest);
    return fields;
}

// A property the code under test promises; a violation is a finding like a crash.
inline void check(bool holds, const char* property) {
    if (holds) return;
    std::fprintf(stderr, "fuzz property violated: %s\n", property);
    std::abort();
}

}  // namespace megatron::fuzz
