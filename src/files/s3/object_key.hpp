#pragma once
// Object keys nobody can guess: 128 random bits, then the file's own name made safe, so the
// link still says what it is ("3f9c…e1/invoice_March.pdf").
#include <string>
#include <string_view>

namespace megatron::files {

// Letters, digits, '.', '_' and '-' are kept, anything else becomes '_'; no leading dots (so
// never "." or ".."), at most 100 characters; "file" when nothing is left.
std::string safe_object_name(std::string_view filename);

// "<32 hex characters of secure randomness>/<safe_object_name(filename)>"
std::string new_object_key(std::string_view filename);

}  // namespace megatron::files
