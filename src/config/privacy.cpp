// The privacy variables (issue 20). Keys are read here so a malformed one stops start-up with
// a line naming the variable; whether a key is required depends on the mode (cli/setup).
#include "config/variables.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <sstream>

namespace megatron::config {
namespace {

constexpr std::array<std::string_view, 5> kBuiltInRules = {"cards", "email", "phone", "iban",
                                                           "us_ssn"};

std::vector<std::string> comma_list(std::string_view text) {
    std::vector<std::string> items;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto item = strings::trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (!item.empty()) items.push_back(item);
    }
    return items;
}

std::optional<Secret> key_from_hex(const std::string& hex) {
    if (hex.size() != 64) return std::nullopt;
    std::string raw(32, '\0');
    for (std::size_t i = 0; i < raw.size(); ++i) {
        unsigned value = 0;
        const char* first = hex.data() + 2 * i;
        auto [end, ec] = std::from_chars(first, first + 2, value, 16);
        if (ec != std::errc{} || end != first + 2) return std::nullopt;
        raw[i] = static_cast<char>(value);
    }
    return Secret(std::move(raw));
}

// The keys' text: the variable, or the file it names (trailing newline and all).
Expected<std::optional<std::string>, ConfigError> key_text(const Vars& vars) {
    auto inline_keys = get(vars, "MEGATRON_SECRET_KEY");
    auto file = get(vars, "MEGATRON_SECRET_KEY_FILE");
    if (inline_keys && file) {
        return unexpected(ConfigError{"MEGATRON_SECRET_KEY_FILE",
                                      "set either it or MEGATRON_SECRET_KEY, not both"});
    }
    if (!file) return inline_keys;
    std::ifstream in(*file);
    if (!in) return unexpected(ConfigError{"MEGATRON_SECRET_KEY_FILE", "cannot read the file"});
    std::stringstream text;
    text << in.rdbuf();
    return std::optional<std::string>(text.str());
}

Expected<void, ConfigError> read_keys(const Vars& vars, Config& c) {
    auto text = key_text(vars);
    if (!text) return unexpected(text.error());
    if (!*text) return {};
    const char* variable =
        get(vars, "MEGATRON_SECRET_KEY") ? "MEGATRON_SECRET_KEY" : "MEGATRON_SECRET_KEY_FILE";
    for (const auto& hex : comma_list(**text)) {
        auto key = key_from_hex(hex);
        if (!key) {
            return unexpected(ConfigError{
                variable, "each key must be 64 hex characters (32 bytes: openssl rand -hex 32)"});
        }
        c.privacy.secret_keys.push_back(std::move(*key));
    }
    if (c.privacy.secret_keys.empty()) {
        return unexpected(ConfigError{variable, "holds no key"});
    }
    return {};
}

Expected<void, ConfigError> read_redaction(const Vars& vars, Config& c) {
    if (auto rules = get(vars, "MEGATRON_REDACT")) {
        c.privacy.redact_rules = comma_list(strings::to_lower(*rules));
        if (c.privacy.redact_rules == std::vector<std::string>{"none"}) {
            c.privacy.redact_rules.clear();
        }
        for (const auto& rule : c.privacy.redact_rules) {
            if (std::find(kBuiltInRules.begin(), kBuiltInRules.end(), rule) ==
                kBuiltInRules.end()) {
                return unexpected(ConfigError{
                    "MEGATRON_REDACT",
                    "must list cards, email, phone, iban, us_ssn (comma-separated) or none"});
            }
        }
    }
    c.privacy.redact_file = get(vars, "MEGATRON_REDACT_FILE").value_or("");
    return {};
}

}  // namespace

Expected<void, ConfigError> read_privacy(const Vars& vars, Config& c) {
    if (auto keys = read_keys(vars, c); !keys) return keys;
    if (auto redaction = read_redaction(vars, c); !redaction) return redaction;
    auto days = get_int(vars, "MEGATRON_RETAIN_DAYS", c.privacy.retain_days, 1, 36500);
    if (!days) return unexpected(days.error());
    c.privacy.retain_days = *days;
    return {};
}

}  // namespace megatron::config
