#include "files/s3/sigv4.hpp"

#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <ctime>

namespace megatron::files::sigv4 {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Header values are signed trimmed, with runs of spaces collapsed to one.
std::string canonical_header_value(std::string_view value) {
    std::string out;
    bool in_space = false;
    for (char c : strings::trim(value)) {
        if (c == ' ' || c == '\t') {
            in_space = true;
            continue;
        }
        if (in_space && !out.empty()) out += ' ';
        in_space = false;
        out += c;
    }
    return out;
}

// Lower-cased names with their canonical values, sorted by name; repeated names joined by ','.
Pairs canonical_headers(const Request& request) {
    Pairs headers;
    headers.emplace_back("host", canonical_header_value(request.host));
    for (const auto& [name, value] : request.headers) {
        headers.emplace_back(strings::to_lower(name), canonical_header_value(value));
    }
    std::stable_sort(headers.begin(), headers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Pairs merged;
    for (auto& [name, value] : headers) {
        if (!merged.empty() && merged.back().first == name) {
            merged.back().second += "," + value;
        } else {
            merged.emplace_back(std::move(name), std::move(value));
        }
    }
    return merged;
}

std::string canonical_query(const Pairs& query) {
    Pairs encoded;
    encoded.reserve(query.size());
    for (const auto& [name, value] : query) {
        encoded.emplace_back(uri_encode(name, false), uri_encode(value, false));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) {
        if (!out.empty()) out += '&';
        out.append(name).append("=").append(value);
    }
    return out;
}

std::string date_part(std::string_view amz_date) {
    return std::string(amz_date.substr(0, 8));
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point at) {
    std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&t, &utc);
    std::array<char, 17> buf{};
    std::strftime(buf.data(), buf.size(), "%Y%m%dT%H%M%SZ", &utc);
    return std::string(buf.data());
}

std::string uri_encode(std::string_view text, bool keep_slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0f];
        }
    }
    return out;
}

std::string signed_header_names(const Request& request) {
    std::string names;
    for (const auto& [name, value] : canonical_headers(request)) {
        if (!names.empty()) names += ';';
        names += name;
    }
    return names;
}

std::string canonical_request(const Request& request) {
    std::string out = request.method + "\n";
    out += uri_encode(request.path.empty() ? "/" : request.path, true) + "\n";
    out += canonical_query(request.query) + "\n";
    for (const auto& [name, value] : canonical_headers(request)) {
        out.append(name).append(":").append(value).append("\n");
    }
    out += "\n" + signed_header_names(request) + "\n";
    out += request.payload_hash;
    return out;
}

std::string credential_scope(std::string_view amz_date, const Scope& scope) {
    return date_part(amz_date) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request) {
    return std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" +
           std::string(credential_scope) + "\n" + crypto::sha256_hex(canonical_request);
}

std::string signature(const Secret& secret_access_key, std::string_view amz_date,
                      const Scope& scope, std::string_view string_to_sign) {
    std::string key =
        crypto::hmac_sha256_raw("AWS4" + secret_access_key.reveal(), date_part(amz_date));
    key = crypto::hmac_sha256_raw(key, scope.region);
    key = crypto::hmac_sha256_raw(key, scope.service);
    key = crypto::hmac_sha256_raw(key, "aws4_request");
    return crypto::hmac_sha256_hex(key, string_to_sign);
}

Pairs sign_headers(const Request& request, const Credentials& credentials, const Scope& scope,
                   std::chrono::system_clock::time_point at) {
    const std::string date = amz_date(at);
    Request dated = request;
    dated.headers.emplace_back("x-amz-date", date);
    const std::string scope_text = credential_scope(date, scope);
    const std::string sig = signature(credentials.secret_access_key, date, scope,
                                      string_to_sign(date, scope_text, canonical_request(dated)));
    std::string authorization =
        std::string(kAlgorithm) + " Credential=" + credentials.access_key_id.reveal() + "/" +
        scope_text + ", SignedHeaders=" + signed_header_names(dated) + ", Signature=" + sig;
    return {{"x-amz-date", date}, {"Authorization", std::move(authorization)}};
}

std::string presign_query(const Request& request, const Credentials& credentials,
                          const Scope& scope, std::chrono::system_clock::time_point at,
                          std::chrono::seconds expires) {
    const std::string date = amz_date(at);
    const std::string scope_text = credential_scope(date, scope);
    Request presigned = request;
    presigned.payload_hash = std::string(kUnsignedPayload);
    presigned.query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
    presigned.query.emplace_back("X-Amz-Credential",
                                 credentials.access_key_id.reveal() + "/" + scope_text);
    presigned.query.emplace_back("X-Amz-Date", date);
    presigned.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
    presigned.query.emplace_back("X-Amz-SignedHeaders", signed_header_names(presigned));
    const std::string sig =
        signature(credentials.secret_access_key, date, scope,
                  string_to_sign(date, scope_text, canonical_request(presigned)));
    return canonical_query(presigned.query) + "&X-Amz-Signature=" + sig;
}

}  // namespace megatron::files::sigv4
