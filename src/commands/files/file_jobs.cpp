#include "commands/files/file_jobs.hpp"

#include <boost/json.hpp>

namespace megatron::commands::files {
namespace {

namespace json = boost::json;

std::string string_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t int_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return 0;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return 0;
}

}  // namespace

std::vector<TransferFile> files_from_json(const json::value& files) {
    std::vector<TransferFile> out;
    if (!files.is_array()) return out;
    for (const auto& entry : files.as_array()) {
        if (!entry.is_object()) continue;
        const auto& f = entry.as_object();
        TransferFile file{string_of(f, "id"),
                          string_of(f, "name"),
                          string_of(f, "title"),
                          string_of(f, "mimetype"),
                          string_of(f, "url_private"),
                          string_of(f, "url_private_download"),
                          int_of(f, "size")};
        if (file.id.empty()) continue;
        out.push_back(std::move(file));
    }
    return out;
}

std::string to_payload(const TransferFilesJob& job) {
    json::array files;
    for (const auto& f : job.files) {
        files.push_back(json::object{{"id", f.id},
                                     {"name", f.name},
                                     {"title", f.title},
                                     {"mimetype", f.mimetype},
                                     {"url_private", f.url_private},
                                     {"url_private_download", f.url_private_download},
                                     {"size", f.size}});
    }
    return json::serialize(json::object{
        {"direction", job.direction == Direction::ToCustomer ? "to_customer" : "to_support"},
        {"channel_id", job.channel_id},
        {"user", job.user},
        {"ts", job.ts},
        {"text", job.text},
        {"files", std::move(files)}});
}

std::optional<TransferFilesJob> transfer_files_from(const std::string& payload) {
    boost::system::error_code ec;
    auto parsed = json::parse(payload, ec);
    if (ec || !parsed.is_object()) return std::nullopt;
    const auto& o = parsed.as_object();
    TransferFilesJob job;
    auto direction = string_of(o, "direction");
    if (direction == "to_customer") {
        job.direction = Direction::ToCustomer;
    } else if (direction == "to_support") {
        job.direction = Direction::ToSupport;
    } else {
        return std::nullopt;
    }
    job.channel_id = int_of(o, "channel_id");
    job.user = string_of(o, "user");
    job.ts = string_of(o, "ts");
    job.text = string_of(o, "text");
    if (const auto* files = o.if_contains("files")) job.files = files_from_json(*files);
    if (job.channel_id == 0 || job.files.empty()) return std::nullopt;
    return job;
}

}  // namespace megatron::commands::files
