#pragma once
// A secret (token, signing secret, password) that cannot be printed by accident:
// formatting it gives "***"; the value is reached only through reveal().
#include <fmt/format.h>

#include <string>
#include <utility>

namespace megatron {

class Secret {
  public:
    Secret() = default;
    explicit Secret(std::string value) : value_(std::move(value)) {}
    const std::string& reveal() const { return value_; }
    bool empty() const { return value_.empty(); }
    bool operator==(const Secret&) const = default;

  private:
    std::string value_;
};

}  // namespace megatron

template <>
struct fmt::formatter<megatron::Secret> : fmt::formatter<std::string_view> {
    auto format(const megatron::Secret& s, format_context& ctx) const {
        return fmt::formatter<std::string_view>::format(s.empty() ? "" : "***", ctx);
    }
};
