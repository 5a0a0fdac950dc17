#pragma once
// AWS Signature Version 4, as S3 and S3-compatible stores check it: a request signed in its
// Authorization header, or a URL presigned with X-Amz-* query parameters. Pure functions of
// their inputs (the time is a parameter), so AWS's published examples are exact unit tests.
#include "util/secret.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace megatron::files::sigv4 {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Credentials {
    Secret access_key_id;
    Secret secret_access_key;
};

// Where the signature is valid: the date-scoped part of the credential ("…/us-east-1/s3/…").
struct Scope {
    std::string region = "us-east-1";
    std::string service = "s3";
};

struct Request {
    std::string method = "GET";
    std::string host;  // the Host header exactly as sent ("127.0.0.1:9000", no default port)
    // The path before encoding ("/bucket/key with spaces"); the signer encodes each segment
    // once, the way S3 does (other AWS services encode twice; S3 is all this signer is for).
    std::string path = "/";
    Pairs query;  // names and values before encoding
    // Headers to sign besides host and x-amz-date (which the signer adds), e.g. content-type
    // and, for S3, x-amz-content-sha256.
    Pairs headers;
    // Hex SHA-256 of the body, or "UNSIGNED-PAYLOAD".
    std::string payload_hash = "UNSIGNED-PAYLOAD";
};

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// "20130524T000000Z"
std::string amz_date(std::chrono::system_clock::time_point at);

// RFC 3986 percent-encoding of everything but unreserved characters (A-Z a-z 0-9 - _ . ~);
// '/' is kept when `keep_slash` (paths) and encoded otherwise (query names and values).
std::string uri_encode(std::string_view text, bool keep_slash);

// The canonical request: method, encoded path, sorted encoded query, the signed headers
// (request.headers plus host) lower-cased and sorted, their names, and the payload hash.
std::string canonical_request(const Request& request);

// "content-type;host;x-amz-date": the names canonical_request signs.
std::string signed_header_names(const Request& request);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of the canonical request>"
std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request);

// "<yyyymmdd>/<region>/<service>/aws4_request"
std::string credential_scope(std::string_view amz_date, const Scope& scope);

// Hex HMAC-SHA256 of `string_to_sign` under the key derived from the secret for this scope.
std::string signature(const Secret& secret_access_key, std::string_view amz_date,
                      const Scope& scope, std::string_view string_to_sign);

// The headers to send along with `request` so it authenticates: x-amz-date and Authorization.
Pairs sign_headers(const Request& request, const Credentials& credentials, const Scope& scope,
                   std::chrono::system_clock::time_point at);

// The query string (already encoded, without '?') that presigns `request` for `expires`
// seconds from `at`: the request's own query plus X-Amz-Algorithm, -Credential, -Date,
// -Expires, -SignedHeaders and -Signature. Only `host` is signed (plus request.headers, which
// the user of the URL must then send too).
std::string presign_query(const Request& request, const Credentials& credentials,
                          const Scope& scope, std::chrono::system_clock::time_point at,
                          std::chrono::seconds expires);

}  // namespace megatron::files::sigv4
