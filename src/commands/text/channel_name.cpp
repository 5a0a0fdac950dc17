#include "commands/text/channel_name.hpp"

#include <algorithm>

namespace megatron::text {

std::string channel_name_part(std::string_view raw) {
    std::string out;
    for (char c : raw) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
            out.push_back(c);
        }
    }
    return out;
}

std::string engagement_channel_name(std::string_view prefix, std::string_view username,
                                    std::string_view domain) {
    auto head = channel_name_part(prefix);
    auto user = channel_name_part(username);
    auto dom = channel_name_part(domain);
    if (user.empty()) user = "user";
    head = head.substr(0, std::min(head.size(), kMaxChannelNameLength - 1));
    std::string tail = dom.empty() ? std::string() : "_" + dom;
    std::size_t room = kMaxChannelNameLength - head.size();
    if (user.size() + tail.size() > room) {
        // The username gives way first, down to a few characters; then the domain is cut.
        constexpr std::size_t kMinUser = 8;
        std::size_t user_room = room > tail.size() ? room - tail.size() : 0;
        user.resize(std::min(user.size(), std::max(user_room, std::min(kMinUser, room))));
        tail.resize(std::min(tail.size(), room - user.size()));
        if (tail == "_") tail.clear();
    }
    return head + user + tail;
}

std::string channel_name_with_suffix(std::string_view name, int n) {
    std::string base(name.substr(0, std::min(name.size(), kMaxChannelNameLength)));
    if (n < 2) return base;
    auto tail = "-" + std::to_string(n);
    return base.substr(0, std::min(base.size(), kMaxChannelNameLength - tail.size())) + tail;
}

}  // namespace megatron::text
