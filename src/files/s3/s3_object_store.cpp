#include "files/s3/s3_object_store.hpp"

#include "files/s3/file_sha256.hpp"
#include "files/s3/object_key.hpp"
#include "files/s3/s3_endpoint.hpp"
#include "files/s3/sigv4.hpp"
#include "http/client.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace megatron::files {
namespace {

using namespace std::chrono_literals;

// A Content-Type goes into a request header: anything that could break the header line (or
// is not plain printable ASCII) is replaced by the neutral type.
std::string safe_content_type(std::string_view content_type) {
    bool printable = std::all_of(content_type.begin(), content_type.end(),
                                 [](char c) { return c >= 0x20 && c < 0x7f; });
    if (content_type.empty() || !printable) return "application/octet-stream";
    return std::string(content_type);
}

// "<Code>SignatureDoesNotMatch</Code>" out of an S3 error document. Only the code: the rest
// of the document may echo the string to sign and the access key id.
std::string s3_error_code(std::string_view body) {
    auto start = body.find("<Code>");
    if (start == std::string_view::npos) return {};
    start += 6;
    auto end = body.find("</Code>", start);
    if (end == std::string_view::npos || end - start > 64) return {};
    return std::string(body.substr(start, end - start));
}

class S3ObjectStore final : public ObjectStore {
  public:
    S3ObjectStore(const config::S3Settings& settings, std::shared_ptr<const Clock> clock)
        : endpoint_(parse_s3_endpoint(settings.endpoint_url, settings.region)),
          credentials_{settings.access_key_id, settings.secret_access_key},
          scope_{settings.region, "s3"},
          bucket_(settings.bucket),
          expiry_(settings.url_expiry_seconds),
          clock_(std::move(clock)) {}

    Expected<std::string, ObjectStoreError> put_and_presign(
        const std::filesystem::path& path, std::string_view filename,
        std::string_view content_type) override {
        if (!endpoint_) return unexpected(endpoint_.error());
        const std::string key = new_object_key(filename);
        auto stored = put(path, key, safe_content_type(content_type));
        if (!stored) return unexpected(stored.error());
        return presigned_get(key);
    }

  private:
    Expected<void, ObjectStoreError> put(const std::filesystem::path& path, const std::string& key,
                                         const std::string& content_type) {
        // The body's hash is signed, so a store that checks it (AWS does) refuses a body
        // damaged on the way; hashing reads the file in blocks, never all of it at once.
        auto payload_hash = sha256_file_hex(path);
        if (!payload_hash) return unexpected(payload_hash.error());

        sigv4::Request request;
        request.method = "PUT";
        request.host = endpoint_->host_header;
        request.path = endpoint_->object_path(bucket_, key);
        request.headers = {{"content-type", content_type}, {"x-amz-content-sha256", *payload_hash}};
        request.payload_hash = *payload_hash;

        http::ClientRequest put;
        put.method = "PUT";
        put.url = endpoint_->url(sigv4::uri_encode(request.path, true));
        put.headers = request.headers;
        put.headers.emplace_back("Host", request.host);
        for (auto& header : sigv4::sign_headers(request, credentials_, scope_, clock_->now())) {
            put.headers.push_back(std::move(header));
        }
        put.upload_from_path = path.string();  // streamed from disk by libcurl
        put.connect_timeout = 10s;
        put.total_timeout = 300s;                     // a 20 MB file over a slow link
        put.max_body_bytes = std::size_t{64} * 1024;  // an error document at most

        http::Client client;
        auto response = client.send(put);
        if (!response) {
            return unexpected(
                ObjectStoreError{"S3 store unreachable: " + response.error().message});
        }
        if (response->status != 200) {
            const long status = response->status;
            std::string code = s3_error_code(response->body);
            // S3 asks for a retry with 5xx (InternalError, SlowDown as 503), 429 and 408
            // (RequestTimeout); other 4xx answers will not change by themselves.
            bool retryable = status >= 500 || status == 429 || status == 408;
            return unexpected(ObjectStoreError{"S3 store refused the upload: HTTP " +
                                                   std::to_string(status) +
                                                   (code.empty() ? std::string() : " " + code),
                                               retryable});
        }
        std::error_code ignored;
        spdlog::debug("s3: stored {} bytes in bucket {}", std::filesystem::file_size(path, ignored),
                      bucket_);
        return {};
    }

    std::string presigned_get(const std::string& key) const {
        sigv4::Request request;
        request.method = "GET";
        request.host = endpoint_->host_header;
        request.path = endpoint_->object_path(bucket_, key);
        auto query = sigv4::presign_query(request, credentials_, scope_, clock_->now(),
                                          std::chrono::seconds(expiry_));
        return endpoint_->url(sigv4::uri_encode(request.path, true)) + "?" + query;
    }

    Expected<S3Endpoint, ObjectStoreError> endpoint_;
    sigv4::Credentials credentials_;
    sigv4::Scope scope_;
    std::string bucket_;
    long expiry_;
    std::shared_ptr<const Clock> clock_;
};

}  // namespace

std::unique_ptr<ObjectStore> make_s3_object_store(const config::Config& config) {
    return make_s3_object_store(config, std::make_shared<SystemClock>());
}

std::unique_ptr<ObjectStore> make_s3_object_store(const config::Config& config,
                                                  std::shared_ptr<const Clock> clock) {
    return std::make_unique<S3ObjectStore>(config.s3, std::move(clock));
}

}  // namespace megatron::files
