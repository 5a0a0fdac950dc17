#pragma once
// Where an S3-compatible store answers, taken apart for path-style addressing:
// <scheme>://<host>[:port][/prefix]/<bucket>/<key>. Path-style works with every S3-compatible
// store and with AWS for any bucket name (virtual-host style needs DNS-safe bucket names).
#include "files/object_store.hpp"

#include <string>
#include <string_view>

namespace megatron::files {

struct S3Endpoint {
    std::string scheme;       // "http" or "https"
    std::string host_header;  // "127.0.0.1:9000"; the port only when not the scheme's default
    std::string base_path;    // "" or "/prefix" (a store mounted below the root)

    // The object's path before encoding: "<base_path>/<bucket>/<key>".
    std::string object_path(std::string_view bucket, std::string_view key) const;
    // "<scheme>://<host_header><encoded_path>"
    std::string url(std::string_view encoded_path) const;
};

// S3_ENDPOINT_URL, or AWS's regional endpoint when it is empty.
Expected<S3Endpoint, ObjectStoreError> parse_s3_endpoint(std::string_view endpoint_url,
                                                         std::string_view region);

}  // namespace megatron::files
