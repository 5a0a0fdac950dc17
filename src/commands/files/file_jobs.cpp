#include "commands/files/file_jobs.hpp"

namespace megatron::commands::files {

namespace json = boost::json;

void tag_invoke(const json::value_from_tag&, json::value& out, Direction direction) {
    out = direction == Direction::ToCustomer ? "to_customer" : "to_support";
}

boost::system::result<Direction> tag_invoke(json::try_value_to_tag<Direction>,
                                            const json::value& v) {
    auto word = v.is_string() ? std::string_view(v.as_string()) : "";
    if (word == "to_customer") return Direction::ToCustomer;
    if (word == "to_support") return Direction::ToSupport;
    return json::make_error_code(json::error::unknown_name);
}

bool complete(const TransferFile& file) {
    return !file.id.empty();
}
bool complete(const TransferFilesJob& job) {
    return job.channel_id != 0 && !job.files.empty();
}

std::vector<TransferFile> files_from_json(const json::value& files) {
    return payload::readable_entries<TransferFile>(files);
}

}  // namespace megatron::commands::files
