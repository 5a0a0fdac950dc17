#include "commands/files/file_jobs.hpp"

#include "commands/job_payload.hpp"

namespace megatron::commands::files {

namespace json = boost::json;

void tag_invoke(const json::value_from_tag&, json::value& out, Direction direction) {
    out = direction == Direction::ToCustomer ? "to_customer" : "to_support";
}

bool read_member(const json::value* v, Direction& out) {
    auto word = v != nullptr && v->is_string() ? std::string_view(v->as_string()) : "";
    if (word == "to_customer") out = Direction::ToCustomer;
    if (word == "to_support") out = Direction::ToSupport;
    return word == "to_customer" || word == "to_support";
}

bool complete(const TransferFile& file) {
    return !file.id.empty();
}
bool complete(const TransferFilesJob& job) {
    return job.channel_id != 0 && !job.files.empty();
}

std::vector<TransferFile> files_from_json(const json::value& files) {
    std::vector<TransferFile> out;
    payload::read_member(&files, out);
    return out;
}

std::string to_payload(const TransferFilesJob& job) {
    return payload::write(job);
}

std::optional<TransferFilesJob> transfer_files_from(const std::string& payload) {
    return payload::read<TransferFilesJob>(payload);
}

}  // namespace megatron::commands::files
