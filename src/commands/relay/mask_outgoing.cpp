#include "commands/relay/mask_outgoing.hpp"

#include <boost/json.hpp>

#include <regex>

namespace megatron::commands::relay {
namespace {

namespace json = boost::json;

const std::regex& card_pattern() {
    static const std::regex pattern(R"((\d{4}[-\s]?){3}\d{4})");
    return pattern;
}

void mask_strings(json::value& v) {
    if (v.is_string()) {
        v = json::string(mask_card_numbers(v.as_string()));
    } else if (v.is_array()) {
        for (auto& item : v.as_array()) mask_strings(item);
    } else if (v.is_object()) {
        for (auto& [key, item] : v.as_object()) mask_strings(item);
    }
}

void blank_card_fields(json::value& attachments) {
    if (!attachments.is_array()) return;
    for (auto& attachment : attachments.as_array()) {
        if (!attachment.is_object()) continue;
        auto* fields = attachment.as_object().if_contains("fields");
        if (fields == nullptr || !fields->is_array()) continue;
        for (auto& field : fields->as_array()) {
            if (!field.is_object()) continue;
            auto& f = field.as_object();
            const auto* title = f.if_contains("title");
            if (title == nullptr || !title->is_string()) continue;
            if (title->as_string() == "Card Number") f["value"] = "**** **** **** ****";
            if (title->as_string() == "CVV") f["value"] = "***";
        }
    }
}

}  // namespace

std::string mask_card_numbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto begin = std::cregex_iterator(text.data(), text.data() + text.size(), card_pattern());
    std::size_t copied = 0;
    for (auto it = begin; it != std::cregex_iterator(); ++it) {
        auto start = static_cast<std::size_t>(it->position(0));
        out.append(text.substr(copied, start - copied));
        for (char c : text.substr(start, static_cast<std::size_t>(it->length(0)))) {
            out.push_back(c >= '0' && c <= '9' ? '*' : c);
        }
        copied = start + static_cast<std::size_t>(it->length(0));
    }
    out.append(text.substr(copied));
    return out;
}

void mask_outgoing_message(std::string& text, json::value& attachments, json::value& blocks) {
    text = mask_card_numbers(text);
    blank_card_fields(attachments);
    mask_strings(attachments);
    mask_strings(blocks);
}

}  // namespace megatron::commands::relay
