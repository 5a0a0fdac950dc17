#pragma once
// The page's static files (src/playground/web), embedded into the binary at build time
// (cmake/embed_assets.cmake writes playground_assets.cpp), so a release binary serves the
// playground with no files beside it and no CDN.
#include <optional>
#include <string_view>

namespace megatron::playground {

struct Asset {
    std::string_view name;  // file name, e.g. "playground.js"
    std::string_view body;
};

std::optional<Asset> find_asset(std::string_view name);

}  // namespace megatron::playground
