#include "http/client.hpp"

#include "util/strings.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace megatron::http {
namespace {

// curl_global_init is not thread-safe; run it once before the first handle.
void ensure_curl_initialised() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

struct Sink {
    ClientResponse* response;
    std::FILE* file;
    std::size_t limit;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t n = size * count;
    sink->response->body_bytes += n;
    if (sink->limit != 0 && sink->response->body_bytes > sink->limit) {
        sink->too_large = true;
        return 0;  // makes libcurl abort the transfer
    }
    if (sink->file != nullptr) return std::fwrite(data, 1, n, sink->file);
    sink->response->body.append(data, n);
    return n;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
    return std::fread(buffer, 1, size * count, static_cast<std::FILE*>(user));
}

// Lets libcurl rewind an upload file to send it again (a redirect, a dead reused connection).
int on_seek(void* user, curl_off_t offset, int origin) {
    return ::fseeko(static_cast<std::FILE*>(user), static_cast<off_t>(offset), origin) == 0
               ? CURL_SEEKFUNC_OK
               : CURL_SEEKFUNC_FAIL;
}

// A request body libcurl may read once but never rewind (see ClientRequest::never_resend).
struct OnceBody {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t read_once_body(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<OnceBody*>(user);
    std::size_t n = std::min(size * count, body->data.size() - body->offset);
    std::memcpy(buffer, body->data.data() + body->offset, n);
    body->offset += n;
    return n;
}

// libcurl rewinds before re-sending a request on a new connection; refusing (once anything
// was read) turns that silent second send into an error.
int seek_once_body(void* user, curl_off_t offset, int origin) {
    auto* body = static_cast<OnceBody*>(user);
    if (origin == SEEK_SET && offset == 0 && body->offset == 0) return CURL_SEEKFUNC_OK;
    return CURL_SEEKFUNC_FAIL;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* response = static_cast<ClientResponse*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        response->headers.clear();  // a new response (after 100-continue or a redirect)
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
        response->headers.emplace_back(strings::to_lower(line.substr(0, colon)),
                                       strings::trim(line.substr(colon + 1)));
    }
    return size * count;
}

// Where the request's body comes from: a file streamed from disk, a body that must never be
// sent twice (read once; libcurl may not rewind it to resend), or the body in memory.
void set_body_options(CURL* curl, const ClientRequest& req, std::FILE* upload,
                      curl_off_t upload_size, OnceBody& once_body) {
    if (upload) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);  // CUSTOMREQUEST still names the method
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(curl, CURLOPT_READDATA, upload);
        curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, on_seek);
        curl_easy_setopt(curl, CURLOPT_SEEKDATA, upload);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, upload_size);
    } else if (req.never_resend && !req.body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);  // CUSTOMREQUEST still names the method
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(req.body.size()));
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_once_body);
        curl_easy_setopt(curl, CURLOPT_READDATA, &once_body);
        curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, seek_once_body);
        curl_easy_setopt(curl, CURLOPT_SEEKDATA, &once_body);
    } else if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(req.body.size()));
    }
}

TransportError transport_error(CURLcode rc) {
    auto kind = rc == CURLE_OPERATION_TIMEDOUT ? TransportError::Kind::Timeout
                : rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST
                    ? TransportError::Kind::Connect
                    : TransportError::Kind::Other;
    return TransportError{kind, curl_easy_strerror(rc)};
}

}  // namespace

std::string ClientResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) return value;
    }
    return {};
}

struct Client::Impl {
    struct CurlDeleter {
        void operator()(CURL* c) const { curl_easy_cleanup(c); }
    };
    std::unique_ptr<CURL, CurlDeleter> curl;
};

Client::Client() : impl_(std::make_unique<Impl>()) {
    ensure_curl_initialised();
    impl_->curl.reset(curl_easy_init());
}

Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

Expected<ClientResponse, TransportError> Client::send(const ClientRequest& req) {
    CURL* curl = impl_->curl.get();
    curl_easy_reset(curl);  // keeps the connection cache, forgets the last request's options

    ClientResponse response;
    std::unique_ptr<std::FILE, FileCloser> file;
    if (!req.download_to_path.empty()) {
        file.reset(std::fopen(req.download_to_path.c_str(), "wb"));
        if (!file)
            return unexpected(
                TransportError{TransportError::Kind::Other, "cannot open download file"});
    }
    Sink sink{&response, file.get(), req.max_body_bytes};
    std::unique_ptr<std::FILE, FileCloser> upload;
    curl_off_t upload_size = 0;
    if (!req.upload_from_path.empty()) {
        upload.reset(std::fopen(req.upload_from_path.c_str(), "rb"));
        if (!upload || std::fseek(upload.get(), 0, SEEK_END) != 0)
            return unexpected(
                TransportError{TransportError::Kind::Other, "cannot open upload file"});
        upload_size = static_cast<curl_off_t>(std::ftell(upload.get()));
        std::rewind(upload.get());
    }

    OnceBody once_body{req.body};

    std::unique_ptr<curl_slist, CurlListDeleter> headers;
    for (const auto& [name, value] : req.headers) {
        auto line = name + ": " + value;
        headers.reset(curl_slist_append(headers.release(), line.c_str()));
    }
    // libcurl adds "Expect: 100-continue" to large POSTs; it only costs a round trip here.
    headers.reset(curl_slist_append(headers.release(), "Expect:"));

    curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (req.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    set_body_options(curl, req, upload.get(), upload_size, once_body);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(req.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(req.total_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    if (req.fresh_connection || (req.never_resend && req.body.empty())) {
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    }

    CURLcode rc = curl_easy_perform(curl);
    if (sink.too_large) {
        return unexpected(
            TransportError{TransportError::Kind::TooLarge, "response body over the limit"});
    }
    if (rc != CURLE_OK) return unexpected(transport_error(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

}  // namespace megatron::http
