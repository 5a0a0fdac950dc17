#pragma once
// How config readers look variables up (config.cpp and the readers beside it).
#include "config/config.hpp"

#include <map>
#include <optional>
#include <string>

namespace megatron::config {

using Vars = std::map<std::string, std::string>;

// The variable's value; an empty value counts as unset.
std::optional<std::string> get(const Vars& vars, const std::string& name);
// A whole number in [min, max], `fallback` when unset.
Expected<long, ConfigError> get_int(const Vars& vars, const std::string& name, long fallback,
                                    long min, long max);

// MEGATRON_SECRET_KEY(_FILE), MEGATRON_REDACT(_FILE), MEGATRON_RETAIN_DAYS (privacy.cpp).
Expected<void, ConfigError> read_privacy(const Vars& vars, Config& c);

}  // namespace megatron::config
