#include "files/s3/s3_endpoint.hpp"

#include <boost/url/parse.hpp>

namespace megatron::files {

std::string S3Endpoint::object_path(std::string_view bucket, std::string_view key) const {
    return base_path + "/" + std::string(bucket) + "/" + std::string(key);
}

std::string S3Endpoint::url(std::string_view encoded_path) const {
    return scheme + "://" + host_header + std::string(encoded_path);
}

Expected<S3Endpoint, ObjectStoreError> parse_s3_endpoint(std::string_view endpoint_url,
                                                         std::string_view region) {
    std::string text = endpoint_url.empty() ? "https://s3." + std::string(region) + ".amazonaws.com"
                                            : std::string(endpoint_url);
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
        parsed->encoded_host().empty() || parsed->has_query() || parsed->has_userinfo()) {
        return unexpected(ObjectStoreError{
            "S3_ENDPOINT_URL must look like http(s)://host[:port][/path], without query or "
            "credentials",
            false});
    }
    S3Endpoint endpoint;
    endpoint.scheme = std::string(parsed->scheme());
    endpoint.host_header = std::string(parsed->encoded_host());
    bool default_port = (endpoint.scheme == "http" && parsed->port_number() == 80) ||
                        (endpoint.scheme == "https" && parsed->port_number() == 443);
    if (parsed->has_port() && !parsed->port().empty() && !default_port) {
        endpoint.host_header += ":" + std::string(parsed->port());
    }
    endpoint.base_path = std::string(parsed->path());
    while (!endpoint.base_path.empty() && endpoint.base_path.back() == '/') {
        endpoint.base_path.pop_back();
    }
    return endpoint;
}

}  // namespace megatron::files
