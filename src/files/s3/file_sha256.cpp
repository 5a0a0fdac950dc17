#include "files/s3/file_sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <memory>

namespace megatron::files {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }  // NOLINT(*-owning-memory)
};
struct DigestFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

Expected<std::string, ObjectStoreError> sha256_file_hex(const std::filesystem::path& path) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return unexpected(ObjectStoreError{"cannot read " + path.filename().string(), false});
    std::unique_ptr<EVP_MD_CTX, DigestFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        return unexpected(ObjectStoreError{"sha256 is not available"});
    }
    std::array<unsigned char, std::size_t{64} * 1024> block{};
    while (std::size_t n = std::fread(block.data(), 1, block.size(), file.get())) {
        EVP_DigestUpdate(ctx.get(), block.data(), n);
    }
    if (std::ferror(file.get()) != 0) {
        return unexpected(ObjectStoreError{"cannot read " + path.filename().string(), false});
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &size);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(std::size_t{size} * 2);
    for (unsigned int i = 0; i < size; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0x0f];
    }
    return hex;
}

}  // namespace megatron::files
