#pragma once
// Hashing, HMAC and random tokens on OpenSSL 3.
#include <string>
#include <string_view>

namespace megatron::crypto {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// The raw 32-byte digest (not hex): what a chain of HMACs keys the next one with (SigV4).
std::string hmac_sha256_raw(std::string_view key, std::string_view data);
// Compares without an early exit so timing reveals nothing about where two secrets differ.
bool constant_time_equal(std::string_view a, std::string_view b);
// `bytes` of cryptographically secure randomness, hex encoded (2 * bytes characters).
std::string random_hex(std::size_t bytes);

}  // namespace megatron::crypto
