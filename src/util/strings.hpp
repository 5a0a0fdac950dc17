#pragma once
// Text helpers shared by the HTTP layer, the Slack parsers and the simulator.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::strings {

std::string url_encode(std::string_view s);
// Decodes %XX and '+' (form encoding); invalid escapes are kept literally.
std::string url_decode(std::string_view s);
// Parses application/x-www-form-urlencoded; a repeated key keeps its last value.
std::map<std::string, std::string> parse_form(std::string_view body);
std::string encode_form(const std::vector<std::pair<std::string, std::string>>& fields);

std::string to_lower(std::string_view s);
std::string trim(std::string_view s);
bool starts_with_icase(std::string_view s, std::string_view prefix);
std::vector<std::string> split_whitespace(std::string_view s);
// A value from outside (a file, user or workspace name, a MIME type) made safe to put into a
// Slack message text: &, < and > become Slack's entities, so it cannot form a link, a user
// mention or an @channel ping.
std::string escape_slack(std::string_view s);
// Text for an HTML page: &, <, > and the double quote as entities.
std::string escape_html(std::string_view s);

}  // namespace megatron::strings
