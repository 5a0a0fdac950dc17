#include "commands/files/file_jobs.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::commands::files {
namespace json = boost::json;

std::vector<TransferFile> files_from_json(const json::value& files) {
    std::vector<TransferFile> out;
    if (!files.is_array()) return out;
    for (const auto& entry : files.as_array()) {
        if (!entry.is_object()) continue;
        const auto& f = entry.as_object();
        TransferFile file{payload::text(f, "id"),
                          payload::text(f, "name"),
                          payload::text(f, "title"),
                          payload::text(f, "mimetype"),
                          payload::text(f, "url_private"),
                          payload::text(f, "url_private_download"),
                          payload::integer(f, "size").value_or(0)};
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
    auto parsed = payload::parse_object(payload);
    if (!parsed) return std::nullopt;
    const auto& o = *parsed;
    TransferFilesJob job;
    auto direction = payload::text(o, "direction");
    if (direction == "to_customer") {
        job.direction = Direction::ToCustomer;
    } else if (direction == "to_support") {
        job.direction = Direction::ToSupport;
    } else {
        return std::nullopt;
    }
    job.channel_id = payload::integer(o, "channel_id").value_or(0);
    job.user = payload::text(o, "user");
    job.ts = payload::text(o, "ts");
    job.text = payload::text(o, "text");
    if (const auto* files = o.if_contains("files")) job.files = files_from_json(*files);
    if (job.channel_id == 0 || job.files.empty()) return std::nullopt;
    return job;
}

}  // namespace megatron::commands::files
