#pragma once
// Card data never leaves Megatron: the bot's replies are masked before they are mirrored.
// (The interpreter's engineer is writing the shared card masker; when it lands,
// mask_card_numbers should call it. Everything else calls mask_outgoing_message only.)
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace megatron::commands::relay {

// Every run of 16 digits in groups of four (optionally separated by '-' or a space) has its
// digits replaced by '*', as the original did.
std::string mask_card_numbers(std::string_view text);

// Masks card numbers in the text, in every string inside attachments and Block Kit blocks,
// and blanks attachment fields titled "Card Number" or "CVV" (the original's rule).
void mask_outgoing_message(std::string& text, boost::json::value& attachments,
                           boost::json::value& blocks);

}  // namespace megatron::commands::relay
