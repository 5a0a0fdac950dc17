#include "commands/text/redaction.hpp"

#include "commands/text/card_masking.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>

namespace megatron::text {

// One rule: a compiled pattern (RE2: linear time in the text, no backtracking blow-up on a
// hostile message), a cheap test that skips texts it cannot match, and what a match becomes
// (empty optional: the match is left as it is, e.g. a failed checksum).
struct Redactor::Rule {
    std::string name;
    std::unique_ptr<const re2::RE2> pattern;
    std::function<bool(std::string_view)> may_match;
    std::function<std::optional<std::string>(const std::string&)> replace;
};

namespace {

// Compiles `pattern`; RE2 reports a bad one through ok()/error() (logging off: start-up
// prints the one line itself).
std::unique_ptr<const re2::RE2> compile(const std::string& pattern) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    return std::make_unique<const re2::RE2>(pattern, options);
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string digits_of(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c >= '0' && c <= '9') out.push_back(c);
    }
    return out;
}

// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end.
bool iban_checksum_ok(std::string_view compact) {
    if (compact.size() < 15 || compact.size() > 34) return false;
    std::string moved = std::string(compact.substr(4)) + std::string(compact.substr(0, 4));
    int remainder = 0;
    for (char c : moved) {
        int value = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10;
        remainder = (value >= 10 ? remainder * 100 : remainder * 10) + value;
        remainder %= 97;
    }
    return remainder == 1;
}

Redactor::Rule email_rule() {
    return {"email", compile(R"([A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}))"),
            [](std::string_view s) { return s.find('@') != std::string_view::npos; },
            [](const std::string& match) -> std::optional<std::string> {
                return "***" + match.substr(match.find('@'));
            }};
}

Redactor::Rule phone_rule() {
    // E.164; NANP with area code; national numbers starting with 0 in groups.
    const char* pattern =
        R"((?:\+[1-9](?:[ .-]?\d){7,14})|(?:\(\d{3}\) ?\d{3}[.-]\d{4})|)"
        R"((?:\b\d{3}[.-]\d{3}[.-]\d{4}\b)|(?:\b0\d{1,4}(?:[ .-]?\d{2,4}){2,4}\b))";
    return {"phone", compile(pattern), has_digit,
            [](const std::string& match) -> std::optional<std::string> {
                auto digits = digits_of(match);
                if (digits.size() < 9 || digits.size() > 15) return std::nullopt;
                return "[phone .." + digits.substr(digits.size() - 2) + "]";
            }};
}

Redactor::Rule iban_rule() {
    return {"iban", compile(R"(\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b)"),
            has_digit, [](const std::string& match) -> std::optional<std::string> {
                std::string compact;
                for (char c : match) {
                    if (c != ' ') compact.push_back(c);
                }
                if (!iban_checksum_ok(compact)) return std::nullopt;
                return compact.substr(0, 2) + "** **** " + compact.substr(compact.size() - 4);
            }};
}

// Area 000, 666 and 900-999, group 00 and serial 0000 are never issued (checked on the match:
// RE2 has no lookahead).
bool ssn_issued(const std::string& ssn) {
    const auto area = ssn.substr(0, 3);
    return area != "000" && area != "666" && area[0] != '9' && ssn.substr(4, 2) != "00" &&
           ssn.substr(7, 4) != "0000";
}

Redactor::Rule ssn_rule() {
    return {
        "us_ssn", compile(R"(\b\d{3}-\d{2}-\d{4}\b)"),
        [](std::string_view s) { return s.find('-') != std::string_view::npos && has_digit(s); },
        [](const std::string& match) -> std::optional<std::string> {
            if (!ssn_issued(match)) return std::nullopt;
            return "***-**-" + match.substr(match.size() - 4);
        }};
}

// Replaces every match of `rule` in `text` (leftmost first, each search going on after the
// last match; RE2 looks at the text before the start for \b).
std::string apply_rule(const Redactor::Rule& rule, const std::string& text) {
    if (!rule.may_match(text)) return text;
    std::string out;
    bool replaced = false;
    std::size_t last = 0;
    const re2::StringPiece input(text);
    re2::StringPiece match;
    for (std::size_t pos = 0;
         pos <= text.size() &&
         rule.pattern->Match(input, pos, text.size(), re2::RE2::UNANCHORED, &match, 1);) {
        const auto begin = static_cast<std::size_t>(match.data() - text.data());
        const auto end = begin + match.size();
        if (auto replacement = rule.replace(std::string(match.data(), match.size()))) {
            out.append(text, last, begin - last);
            out += *replacement;
            last = end;
            replaced = true;
        }
        pos = end > begin ? end : end + 1;  // an empty match steps on
    }
    if (!replaced) return text;
    out.append(text, last, std::string::npos);
    return out;
}

}  // namespace

Redactor::Redactor() = default;

const Redactor& Redactor::cards_only() {
    static const Redactor kCardsOnly;  // immutable once made
    return kCardsOnly;
}

Expected<Redactor, std::string> Redactor::make(const std::vector<std::string>& built_in,
                                               const std::vector<CustomRule>& custom) {
    Redactor r;
    r.cards_ = std::find(built_in.begin(), built_in.end(), "cards") != built_in.end();
    for (const auto& [name, make_rule] :
         std::initializer_list<std::pair<const char*, Rule (*)()>>{{"email", email_rule},
                                                                   {"phone", phone_rule},
                                                                   {"iban", iban_rule},
                                                                   {"us_ssn", ssn_rule}}) {
        if (std::find(built_in.begin(), built_in.end(), name) != built_in.end()) {
            r.rules_.push_back(std::make_shared<const Rule>(make_rule()));
        }
    }
    for (const auto& rule : custom) {
        auto pattern = compile(rule.pattern);
        if (!pattern->ok()) {
            return unexpected("rule '" + rule.name + "' is not a valid regex: " + pattern->error());
        }
        auto replacement = "[" + rule.name + "]";
        r.rules_.push_back(std::make_shared<const Rule>(
            Rule{rule.name, std::move(pattern), [](std::string_view) { return true; },
                 [replacement](const std::string&) -> std::optional<std::string> {
                     return replacement;
                 }}));
    }
    return r;
}

Expected<std::vector<CustomRule>, std::string> Redactor::read_rules_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return unexpected(std::string("cannot read the file"));
    std::vector<CustomRule> rules;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line.front() == '#') continue;
        auto eq = line.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == line.size()) {
            return unexpected("line " + std::to_string(number) + " is not name=regex");
        }
        rules.push_back({line.substr(0, eq), line.substr(eq + 1)});
    }
    return rules;
}

std::string Redactor::redact(std::string_view text) const {
    std::string out = cards_ ? mask_card_numbers(text) : std::string(text);
    for (const auto& rule : rules_) out = apply_rule(*rule, out);
    return out;
}

void Redactor::redact_json(boost::json::value& value) const {
    redact_strings(
        value, [this](std::string_view s) { return redact(s); }, cards_);
}

}  // namespace megatron::text
