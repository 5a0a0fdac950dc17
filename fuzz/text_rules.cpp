// Fuzz target: the text rules Commands apply to values from outside. The first line names the
// rule, the rest is its input:
//   mask-text      card masking of a message text
//   mask-message   card masking of a whole message object (JSON: text, blocks, attachments)
//   channel-name   "<prefix>\n<username>\n<domain>\n<n>": engagement channel names
//   history        one "<ts> <c|b>" per line: imported-history order and time stamps
// Besides never crashing, each rule keeps the promises of its header.
#include "commands/text/card_masking.hpp"
#include "commands/text/channel_name.hpp"
#include "commands/text/imported_history.hpp"
#include "fuzz_input.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <string>

namespace {

namespace text = megatron::text;
using megatron::fuzz::check;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

void mask_text(std::string_view input) {
    auto masked = text::mask_card_numbers(input);
    check(masked.size() == input.size(), "masking keeps the length");
    for (std::size_t i = 0; i < input.size(); ++i) {
        check(masked[i] == input[i] || (is_digit(input[i]) && masked[i] == '*'),
              "masking only turns digits into '*'");
    }
    check(text::mask_card_numbers(masked) == masked, "masking a masked text changes nothing");
}

void mask_message(std::string_view input) {
    boost::system::error_code ec;
    auto value = boost::json::parse(input, ec);
    if (ec || !value.is_object()) return;
    text::mask_message(value.as_object());
    if (auto* blocks = value.as_object().if_contains("blocks")) {
        text::mask_blocks_or_attachments(*blocks);
    }
}

bool is_channel_char(char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_';
}

void channel_name(std::string_view input) {
    auto f = megatron::fuzz::split_fields(reinterpret_cast<const std::uint8_t*>(input.data()),
                                          input.size(), 4);
    int n = 0;
    std::from_chars(f[3].data(), f[3].data() + f[3].size(), n);
    auto part = text::channel_name_part(f[1]);
    check(std::all_of(part.begin(), part.end(), is_channel_char),
          "a name part holds only a-z 0-9 - _");
    // CHANNEL_PREFIX is validated configuration; the fuzzed prefix only has to be survived.
    (void)text::engagement_channel_name(f[0], f[1], f[2]);
    auto name = text::engagement_channel_name("zz-", f[1], f[2]);
    check(name.size() <= text::kMaxChannelNameLength, "a channel name fits Slack's 80");
    check(std::all_of(name.begin(), name.end(), is_channel_char),
          "a channel name holds only what Slack accepts");
    auto suffixed = text::channel_name_with_suffix(name, n);
    check(suffixed.size() <= text::kMaxChannelNameLength, "a suffixed name fits Slack's 80");
}

void history(std::string_view input) {
    std::vector<text::ImportItem> items;
    while (!input.empty() && items.size() < 1000) {
        auto line = input.substr(0, input.find('\n'));
        input.remove_prefix(std::min(input.size(), line.size() + 1));
        auto space = line.rfind(' ');
        text::ImportItem item;
        item.ts = std::string(line.substr(0, space));
        item.from_customer = space != std::string_view::npos && line.substr(space + 1) == "c";
        items.push_back(std::move(item));
    }
    auto order = text::import_order(items);
    check(order.size() == items.size(), "every message is shown once");
    std::vector<std::string> ts_in_order;
    for (auto i : order) {
        check(i < items.size(), "the order names real messages");
        ts_in_order.push_back(items[i].ts);
    }
    auto headers = text::timestamp_headers(ts_in_order);
    check(headers.size() == ts_in_order.size(), "one header per message");
    check(headers.empty() || !headers.front().empty(), "the first message has a time stamp");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto f = megatron::fuzz::split_fields(data, size, 2);
    if (f[0] == "mask-text") {
        mask_text(f[1]);
    } else if (f[0] == "mask-message") {
        mask_message(f[1]);
    } else if (f[0] == "channel-name") {
        channel_name(f[1]);
    } else if (f[0] == "history") {
        history(f[1]);
    } else {
        mask_text(f[1]);
        history(f[1]);
    }
    return 0;
}
