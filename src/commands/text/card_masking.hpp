#pragma once
// Card numbers never reach an engagement channel. Everything the bot app sends outward
// (/megatron/outgoing/) passes through here before it is mirrored to Slack.
//
// What counts as a card number: 13 to 19 digits that pass the Luhn check, written together
// or in groups separated by single spaces or dashes ("4111 1111 1111 1111",
// "3782-822463-10005"). A number touching other digits (part of a 20+ digit run, or glued to
// more digits) is not a card. Within a longer chain of separated groups every group-aligned
// span that is a card is masked (two cards in a row are both masked); where such spans
// overlap, the union is masked, so a chance Luhn match never un-masks part of a card.
//
// Mask format: every digit but the last four becomes '*'; separators and the last four digits
// stay, so agents can still tell cards apart: "4111-1111-1111-1111" -> "****-****-****-1111".
// (The original masked all digits, required exactly 16 and then dropped the character after
// the number; neither is reproduced.)
//
// Attachment fields whose title names a card number or security code are masked whatever
// they hold. The title must be one of those names, case, spaces and punctuation ignored
// ("Card Number", "card_no", "CVV", "CVC2", "Security Code", ...), so a field titled "Not a card
// number" is left alone (as the original's test expects). Card fields keep only the last four
// digits of a 13+ digit value (everything else but separators becomes '*'); code fields
// become "***".
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace megatron::text {

// The text with every card number masked; all other bytes (UTF-8 included) unchanged.
std::string mask_card_numbers(std::string_view text);

// Masks card numbers in every string of a Block Kit blocks array or an attachments array
// (recursively), except under keys that hold URLs, ids, timestamps or styling; and applies the
// sensitive-title rule to attachment fields. Null or other values are left alone.
void mask_blocks_or_attachments(boost::json::value& value);

// Applies `rule` to every string of a blocks or attachments value as above (URLs, ids and
// styling left alone); with `card_fields`, the sensitive-title rule for attachment fields too.
void redact_strings(boost::json::value& value,
                    const std::function<std::string(std::string_view)>& rule, bool card_fields);

// A whole message object ({"text", "attachments", "blocks", ...}), in place. A "text" that is
// neither a string nor null becomes "**** Unexpected ****" (the original's rule: what we cannot
// inspect we do not forward).
void mask_message(boost::json::object& message);

// True for field titles that name a card number or a card security code.
bool is_card_number_title(std::string_view title);
bool is_security_code_title(std::string_view title);

}  // namespace megatron::text
