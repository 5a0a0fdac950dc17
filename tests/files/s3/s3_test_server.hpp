#pragma once
// The S3-compatible server scripts/test-services.sh starts on loopback (s3rver, tools/s3rver),
// as MEGATRON_TEST_S3_* variables, and a Config that points the S3 back end at it.
#include "config/config.hpp"

#include <cstdlib>
#include <optional>
#include <string>

namespace megatron::test {

struct S3TestServer {
    std::string url;  // http://127.0.0.1:<port>
    std::string access_key_id;
    std::string secret_access_key;
    std::string bucket;
    std::string region;
};

inline std::optional<S3TestServer> s3_test_server() {
    auto env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v == nullptr ? std::string() : std::string(v);
    };
    S3TestServer s{env("MEGATRON_TEST_S3_URL"), env("MEGATRON_TEST_S3_ACCESS_KEY_ID"),
                   env("MEGATRON_TEST_S3_SECRET_ACCESS_KEY"), env("MEGATRON_TEST_S3_BUCKET"),
                   env("MEGATRON_TEST_S3_REGION")};
    if (s.url.empty() || s.access_key_id.empty() || s.secret_access_key.empty() ||
        s.bucket.empty()) {
        return std::nullopt;
    }
    if (s.region.empty()) s.region = "us-east-1";
    return s;
}

// The variables megatron reads for MEGATRON_FILE_TRANSFER=s3, pointing at `server` (for
// config::from_variables, or as the environment of a `megatron serve` child process).
inline std::map<std::string, std::string> s3_variables(const S3TestServer& server) {
    return {{"MEGATRON_FILE_TRANSFER", "s3"},
            {"S3_ENDPOINT_URL", server.url},
            {"S3_REGION", server.region},
            {"S3_AWS_ACCESS_KEY_ID", server.access_key_id},
            {"S3_AWS_SECRET_ACCESS_KEY", server.secret_access_key},
            {"AWS_S3_BUCKET", server.bucket}};
}

inline constexpr const char* kNoS3Server =
    "MEGATRON_TEST_S3_URL is not set: run the tests through scripts/test.sh (or "
    "scripts/test-services.sh start DIR, then source DIR/env) so an S3-compatible server runs";

}  // namespace megatron::test
