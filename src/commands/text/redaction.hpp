#pragma once
// Redaction of what Megatron writes into the support workspace (issue 20): the customer's and
// the bot's mirrored messages, edits, imported history, file names. Never applied to what
// reaches the customer. Rules (MEGATRON_REDACT, default "cards"):
//   cards   13-19 digit Luhn-valid numbers (card_masking.hpp): "****-****-****-1111"
//   email   local part hidden, domain kept: "***@example.com"
//   phone   E.164 (+4915112345678), NANP ((555) 123-4567, 555-123-4567) and national numbers
//           starting with 0 in groups (020 7946 0958, 06 12 34 56 78), 9-15 digits:
//           "[phone ..78]"
//   iban    ISO 13616 with a valid mod-97 checksum: "DE** **** 3000" (country, last 4)
//   us_ssn  AAA-GG-SSSS with the SSA's impossible areas/groups/serials excluded: "***-**-6789"
// plus custom rules `name=regex` (RE2 syntax: Perl-like, no backreferences or lookaround; one a
// line, '#' comments) from MEGATRON_REDACT_FILE, replaced by "[name]". Every regex is compiled
// once, when the Redactor is made at start-up; a bad one is an error naming the rule.
#include "util/expected.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::text {

struct CustomRule {
    std::string name;
    std::string pattern;
};

class Redactor {
  public:
    // Cards only (the default of MEGATRON_REDACT).
    Redactor();
    static Expected<Redactor, std::string> make(const std::vector<std::string>& built_in,
                                                const std::vector<CustomRule>& custom = {});
    // The `name=regex` lines of a rules file, or the line that is wrong.
    static Expected<std::vector<CustomRule>, std::string> read_rules_file(const std::string& path);
    // The Redactor every command uses when none was configured: cards only.
    static const Redactor& cards_only();

    std::string redact(std::string_view text) const;
    // Every string of a blocks or attachments array (not URLs, ids or styling), in place; with
    // `cards` on, attachment fields titled as card numbers or codes too.
    void redact_json(boost::json::value& value) const;

    struct Rule;  // one compiled rule (redaction.cpp)

  private:
    std::vector<std::shared_ptr<const Rule>> rules_;
    bool cards_ = true;
};

}  // namespace megatron::text
