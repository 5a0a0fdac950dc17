#pragma once
// The file-transfer job kind and its payload: one job per message that carries files, in
// either direction. The payload names Megatron's channel by id and the files by Slack's file
// objects (url_private is an address, not a credential); handlers look tokens up when they
// run.
#include "commands/job_payload.hpp"

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace megatron::commands::files {

// Requests are read by Boost.JSON (job_payload.hpp).
using payload::tag_invoke;

inline constexpr const char* kTransferFilesKind = "files.transfer";

enum class Direction {
    ToCustomer,  // an agent shared files in an engagement channel
    ToSupport,   // a customer sent the bot files (reported by the bot app)
};

// What Megatron needs of a Slack file object.
struct TransferFile {
    std::string id;
    std::string name;
    std::string title;
    std::string mimetype;
    std::string url_private;
    std::string url_private_download;
    std::int64_t size = 0;  // as the file object claims it; checked again while downloading
};
BOOST_DESCRIBE_STRUCT(TransferFile, (),
                      (id, name, title, mimetype, url_private, url_private_download, size))

struct TransferFilesJob {
    Direction direction = Direction::ToCustomer;
    std::int64_t channel_id = 0;  // Megatron's channel
    std::string user;             // the agent (ToCustomer) or the customer (ToSupport)
    std::string ts;               // the message's ts where it was written
    std::string text;             // the accompanying text (may be empty)
    std::vector<TransferFile> files;
};
BOOST_DESCRIBE_STRUCT(TransferFilesJob, (), (direction, channel_id, user, ts, text, files))

// A direction is written as "to_customer" or "to_support"; another word refuses the payload.
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, Direction direction);
boost::system::result<Direction> tag_invoke(boost::json::try_value_to_tag<Direction>,
                                            const boost::json::value& v);

// A file needs its id; a transfer its channel and at least one file.
bool complete(const TransferFile& file);
bool complete(const TransferFilesJob& job);

// Slack file objects (an array, as in events and the bot app's message.files); entries
// without an id are skipped, a non-array gives none.
std::vector<TransferFile> files_from_json(const boost::json::value& files);

}  // namespace megatron::commands::files
