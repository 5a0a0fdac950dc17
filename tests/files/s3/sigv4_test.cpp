// SigV4 against AWS's published examples: the Signature Version 4 test suite (get-vanilla and
// friends: AKIDEXAMPLE, 20150830T123600Z, service "service") and the worked examples of the S3
// API reference (examplebucket, AKIAIOSFODNN7EXAMPLE, 20130524T000000Z): header-signed GET,
// PUT, bucket sub-resource and listing requests, and the presigned GET URL.
#include "files/s3/sigv4.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace {

using namespace megatron;
using namespace megatron::files::sigv4;

std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int min, int s) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} + seconds{s};
}

const Credentials kSuite{Secret("AKIDEXAMPLE"), Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")};
const Scope kSuiteScope{"us-east-1", "service"};
const auto kSuiteTime = utc(2015, 8, 30, 12, 36, 0);

const Credentials kS3Docs{Secret("AKIAIOSFODNN7EXAMPLE"),
                          Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")};
const Scope kS3Scope{"us-east-1", "s3"};
const auto kS3Time = utc(2013, 5, 24, 0, 0, 0);

std::string header(const Pairs& headers, const std::string& name) {
    for (const auto& [n, v] : headers) {
        if (n == name) return v;
    }
    return {};
}

std::string signature_of(const Pairs& headers) {
    auto auth = header(headers, "Authorization");
    auto at = auth.find("Signature=");
    return at == std::string::npos ? std::string() : auth.substr(at + 10);
}

Request suite_request(std::string method, Pairs query = {}) {
    Request r;
    r.method = std::move(method);
    r.host = "example.amazonaws.com";
    r.path = "/";
    r.query = std::move(query);
    r.payload_hash = std::string(kEmptyPayloadHash);
    return r;
}

TEST(SigV4, AmzDateIsCompactUtc) {
    EXPECT_EQ(amz_date(kSuiteTime), "20150830T123600Z");
    EXPECT_EQ(amz_date(kS3Time), "20130524T000000Z");
}

TEST(SigV4, UriEncodingKeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(uri_encode("/test$file.text", true), "/test%24file.text");
    EXPECT_EQ(uri_encode("a b/c", false), "a%20b%2Fc");
    EXPECT_EQ(uri_encode("AZaz09-_.~", false), "AZaz09-_.~");
    EXPECT_EQ(uri_encode("\xc3\xa9", false), "%C3%A9");  // UTF-8 bytes, upper-case hex
}

TEST(SigV4, GetVanillaCanonicalRequestAndAuthorization) {
    auto request = suite_request("GET");
    request.headers.emplace_back("X-Amz-Date", "20150830T123600Z");
    EXPECT_EQ(canonical_request(request),
              "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
              "host;x-amz-date\n"
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    auto headers = sign_headers(suite_request("GET"), kSuite, kSuiteScope, kSuiteTime);
    EXPECT_EQ(header(headers, "x-amz-date"), "20150830T123600Z");
    EXPECT_EQ(header(headers, "Authorization"),
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
              "SignedHeaders=host;x-amz-date, "
              "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, GetVanillaQueryOrderKeyCaseSortsParameters) {
    auto headers = sign_headers(suite_request("GET", {{"Param2", "value2"}, {"Param1", "value1"}}),
                                kSuite, kSuiteScope, kSuiteTime);
    EXPECT_EQ(signature_of(headers),
              "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4, PostVanilla) {
    auto headers = sign_headers(suite_request("POST"), kSuite, kSuiteScope, kSuiteTime);
    EXPECT_EQ(signature_of(headers),
              "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

Request s3_request(std::string method, std::string path, Pairs query = {}) {
    Request r;
    r.method = std::move(method);
    r.host = "examplebucket.s3.amazonaws.com";
    r.path = std::move(path);
    r.query = std::move(query);
    r.payload_hash = std::string(kEmptyPayloadHash);
    r.headers.emplace_back("x-amz-content-sha256", std::string(kEmptyPayloadHash));
    return r;
}

TEST(SigV4, S3GetObjectWithRange) {
    auto request = s3_request("GET", "/test.txt");
    request.headers.emplace_back("Range", "bytes=0-9");
    auto headers = sign_headers(request, kS3Docs, kS3Scope, kS3Time);
    EXPECT_EQ(header(headers, "Authorization"),
              "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
              "aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
              "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, S3PutObjectWithSignedPayload) {
    // The body "Welcome to Amazon S3." hashes to 44ce7dd6…; the key's '$' is encoded once.
    const std::string body_hash =
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    Request request;
    request.method = "PUT";
    request.host = "examplebucket.s3.amazonaws.com";
    request.path = "/test$file.text";
    request.payload_hash = body_hash;
    request.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                       {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                       {"x-amz-content-sha256", body_hash}};
    auto headers = sign_headers(request, kS3Docs, kS3Scope, kS3Time);
    auto auth = header(headers, "Authorization");
    EXPECT_NE(auth.find("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;"
                        "x-amz-storage-class,"),
              std::string::npos)
        << auth;
    EXPECT_EQ(signature_of(headers),
              "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, S3BucketSubresourceWithoutValue) {
    auto headers =
        sign_headers(s3_request("GET", "/", {{"lifecycle", ""}}), kS3Docs, kS3Scope, kS3Time);
    EXPECT_EQ(signature_of(headers),
              "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, S3ListObjectsQuery) {
    auto headers = sign_headers(s3_request("GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}),
                                kS3Docs, kS3Scope, kS3Time);
    EXPECT_EQ(signature_of(headers),
              "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, S3PresignedGetMatchesTheDocumentedUrl) {
    Request request;
    request.method = "GET";
    request.host = "examplebucket.s3.amazonaws.com";
    request.path = "/test.txt";
    auto query = presign_query(request, kS3Docs, kS3Scope, kS3Time, std::chrono::hours(24));
    EXPECT_EQ(query,
              "X-Amz-Algorithm=AWS4-HMAC-SHA256"
              "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
              "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
              "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4, PresignedStringToSignHashesTheCanonicalRequest) {
    // The intermediate value the S3 documentation prints for the presigned example.
    Request request;
    request.host = "examplebucket.s3.amazonaws.com";
    request.path = "/test.txt";
    request.query = {
        {"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
        {"X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"},
        {"X-Amz-Date", "20130524T000000Z"},
        {"X-Amz-Expires", "86400"},
        {"X-Amz-SignedHeaders", "host"}};
    EXPECT_EQ(string_to_sign("20130524T000000Z", credential_scope("20130524T000000Z", kS3Scope),
                             canonical_request(request)),
              "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
              "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
}

TEST(SigV4, AnotherSecretGivesAnotherSignature) {
    Credentials other{kS3Docs.access_key_id, Secret("not-the-secret")};
    Request request;
    request.host = "examplebucket.s3.amazonaws.com";
    request.path = "/test.txt";
    EXPECT_NE(presign_query(request, kS3Docs, kS3Scope, kS3Time, std::chrono::hours(24)),
              presign_query(request, other, kS3Scope, kS3Time, std::chrono::hours(24)));
}

TEST(SigV4, HeaderValuesAreTrimmedAndSpacesCollapsed) {
    Request request;
    request.host = "h";
    request.payload_hash = "UNSIGNED-PAYLOAD";
    request.headers = {{"My-Header1", "  a   b   c  "}};
    EXPECT_EQ(canonical_request(request),
              "GET\n/\n\nhost:h\nmy-header1:a b c\n\nhost;my-header1\nUNSIGNED-PAYLOAD");
}

}  // namespace
