#include "commands/text/card_masking.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace megatron::text {
namespace {

constexpr std::size_t kMinDigits = 13;
constexpr std::size_t kMaxDigits = 19;
constexpr std::size_t kKeptDigits = 4;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_separator(char c) {
    return c == ' ' || c == '-';
}

// A run of consecutive digits: [begin, end) in the text.
struct Group {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t digits() const { return end - begin; }
};

bool luhn_valid(std::string_view text, const std::vector<Group>& groups, std::size_t first,
                std::size_t last) {
    int sum = 0;
    bool doubled = false;
    for (std::size_t g = last + 1; g-- > first;) {
        for (std::size_t i = groups[g].end; i-- > groups[g].begin;) {
            int d = text[i] - '0';
            if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
            doubled = !doubled;
        }
    }
    return sum % 10 == 0;
}

// Masks the digits of groups [first, last] but the last kKeptDigits.
void mask_span(std::string& out, const std::vector<Group>& groups, std::size_t first,
               std::size_t last) {
    std::size_t total = 0;
    for (std::size_t g = first; g <= last; ++g) total += groups[g].digits();
    std::size_t to_mask = total - kKeptDigits;
    for (std::size_t g = first; g <= last && to_mask > 0; ++g) {
        for (std::size_t i = groups[g].begin; i < groups[g].end && to_mask > 0; ++i, --to_mask) {
            out[i] = '*';
        }
    }
}

// Groups of one chain: digit runs joined by exactly one separator each. Every group-aligned
// span of 13-19 digits that passes Luhn is masked; where spans overlap the union is masked, so
// a coincidental Luhn match next to a card can only hide more digits, never reveal some.
void mask_chain(std::string_view text, std::string& out, const std::vector<Group>& groups) {
    for (std::size_t i = 0; i < groups.size(); ++i) {
        std::size_t digits = 0;
        for (std::size_t j = i; j < groups.size(); ++j) {
            digits += groups[j].digits();
            if (digits > kMaxDigits) break;
            if (digits >= kMinDigits && luhn_valid(text, groups, i, j))
                mask_span(out, groups, i, j);
        }
    }
}

std::string normalized_title(std::string_view title) {
    std::string out;
    for (char c : title) {
        if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
        if ((c >= 'a' && c <= 'z') || is_digit(c)) out.push_back(c);
    }
    return out;
}

std::string mask_card_field(std::string_view value) {
    std::size_t digits = 0;
    for (char c : value) digits += is_digit(c) ? 1 : 0;
    std::size_t keep = digits >= kMinDigits ? kKeptDigits : 0;
    std::string out(value);
    std::size_t seen = 0;
    for (auto& c : out) {
        if (is_digit(c)) {
            ++seen;
            if (seen + keep <= digits) c = '*';
        } else if (!is_separator(c)) {
            c = '*';
        }
    }
    return out;
}

bool key_is_structural(std::string_view key) {
    static constexpr std::array<std::string_view, 9> kKeys{
        "type", "style", "color", "ts", "id", "callback_id", "action_id", "block_id", "mrkdwn_in"};
    for (auto k : kKeys) {
        if (key == k) return true;
    }
    return key.ends_with("url") || key.ends_with("_link") || key.ends_with("_icon") ||
           key.ends_with("_id") || key.ends_with("_ts");
}

void mask_fields(boost::json::object& attachment) {
    auto* fields = attachment.if_contains("fields");
    if (fields == nullptr || !fields->is_array()) return;
    for (auto& f : fields->as_array()) {
        if (!f.is_object()) continue;
        auto& field = f.as_object();
        const auto* title = field.if_contains("title");
        auto* value = field.if_contains("value");
        if (title == nullptr || !title->is_string() || value == nullptr) continue;
        std::string_view t = title->as_string();
        if (is_security_code_title(t)) {
            *value = "***";
        } else if (is_card_number_title(t)) {
            *value = value->is_string() ? mask_card_field(value->as_string())
                                        : std::string("**** **** **** ****");
        }
    }
}

}  // namespace

void redact_strings(boost::json::value& value,
                    const std::function<std::string(std::string_view)>& rule, bool card_fields) {
    if (value.is_string()) {
        std::string_view s = value.as_string();
        auto redacted = rule(s);
        if (redacted != s) value = redacted;
    } else if (value.is_array()) {
        for (auto& item : value.as_array()) redact_strings(item, rule, card_fields);
    } else if (value.is_object()) {
        auto& object = value.as_object();
        for (auto& [key, item] : object) {
            if (item.is_string() && key_is_structural(key)) continue;
            redact_strings(item, rule, card_fields);
        }
        if (card_fields) mask_fields(object);
    }
}

namespace {

void mask_value(boost::json::value& value) {
    redact_strings(value, mask_card_numbers, true);
}

// One pass over the text: every card-shaped span of every chain of groups.
std::string mask_once(std::string_view text) {
    std::string out(text);
    std::vector<Group> chain;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        // Collect the chain of groups starting at i.
        chain.clear();
        std::size_t pos = i;
        while (true) {
            Group g{pos, pos};
            while (g.end < text.size() && is_digit(text[g.end])) ++g.end;
            chain.push_back(g);
            if (g.end + 1 < text.size() && is_separator(text[g.end]) && is_digit(text[g.end + 1])) {
                pos = g.end + 1;
                continue;
            }
            break;
        }
        mask_chain(text, out, chain);
        i = chain.back().end;
    }
    return out;
}

}  // namespace

std::string mask_card_numbers(std::string_view text) {
    // The last four digits a pass keeps can start a new group with the groups after them, and
    // that chain can be card-shaped in turn ("11 1111 1111 111711 1111 117111" left
    // "1711 1111 117111" readable; found by fuzzing). Passes repeat until nothing card-shaped
    // is left; each one that changes anything masks at least one more digit, so they end.
    std::string out = mask_once(text);
    for (auto again = mask_once(out); again != out; again = mask_once(out)) out = std::move(again);
    return out;
}

bool is_card_number_title(std::string_view title) {
    static constexpr std::array<std::string_view, 9> kTitles{
        "cardnumber",       "cardno",          "cardnum", "creditcard",          "debitcard",
        "creditcardnumber", "debitcardnumber", "pan",     "primaryaccountnumber"};
    auto t = normalized_title(title);
    return std::find(kTitles.begin(), kTitles.end(), t) != kTitles.end();
}

bool is_security_code_title(std::string_view title) {
    static constexpr std::array<std::string_view, 10> kTitles{"cvv",
                                                              "cvv2",
                                                              "cvc",
                                                              "cvc2",
                                                              "cvn",
                                                              "cid",
                                                              "securitycode",
                                                              "cardsecuritycode",
                                                              "cardverificationvalue",
                                                              "cardverificationcode"};
    auto t = normalized_title(title);
    return std::find(kTitles.begin(), kTitles.end(), t) != kTitles.end();
}

void mask_blocks_or_attachments(boost::json::value& value) {
    mask_value(value);
}

void mask_message(boost::json::object& message) {
    if (auto* text = message.if_contains("text"); text != nullptr) {
        if (text->is_string()) {
            mask_value(*text);
        } else if (!text->is_null()) {
            *text = "**** Unexpected ****";
        }
    }
    for (const char* key : {"attachments", "blocks"}) {
        if (auto* v = message.if_contains(key); v != nullptr) mask_value(*v);
    }
}

}  // namespace megatron::text
