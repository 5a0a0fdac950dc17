#include "util/key_ring.hpp"

#include "util/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <memory>
#include <optional>
#include <stdexcept>

namespace megatron::crypto {
namespace {

constexpr std::string_view kPrefix = "enc:v1:";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kKeyIdChars = 8;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
    return ctx;
}

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) {
    return reinterpret_cast<unsigned char*>(s.data());
}

std::string to_hex(std::string_view raw) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(raw.size() * 2);
    for (unsigned char c : raw) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 0x0f]);
    }
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) {
        int hi = hex_digit(hex[2 * i]);
        int lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<char>(hi * 16 + lo);
    }
    return out;
}

// The key id and the hex body of a sealed value.
std::optional<std::pair<std::string_view, std::string_view>> split_sealed(std::string_view s) {
    if (!s.starts_with(kPrefix)) return std::nullopt;
    s.remove_prefix(kPrefix.size());
    auto colon = s.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return std::pair{s.substr(0, colon), s.substr(colon + 1)};
}

}  // namespace

std::string key_id(std::string_view raw_key) {
    return sha256_hex(std::string("megatron-secret-key-id:") + std::string(raw_key))
        .substr(0, kKeyIdChars);
}

bool is_sealed(std::string_view stored) {
    return stored.starts_with(kPrefix);
}

std::string sealed_key_id(std::string_view stored) {
    auto parts = split_sealed(stored);
    return parts ? std::string(parts->first) : std::string();
}

Expected<KeyRing, std::string> KeyRing::from_keys(const std::vector<Secret>& keys) {
    if (keys.empty()) return unexpected(std::string("no key given"));
    std::vector<Key> ring;
    for (const auto& k : keys) {
        if (k.reveal().size() != kSecretKeyBytes) {
            return unexpected(std::string("a key must be 32 bytes"));
        }
        ring.push_back(Key{key_id(k.reveal()), k});
    }
    return KeyRing(std::move(ring));
}

const KeyRing::Key* KeyRing::find(std::string_view id) const {
    for (const auto& k : keys_) {
        if (k.id == id) return &k;
    }
    return nullptr;
}

bool KeyRing::sealed_with_current(std::string_view stored) const {
    auto parts = split_sealed(stored);
    return parts && parts->first == current_key_id();
}

std::string KeyRing::seal(std::string_view plaintext, std::string_view context) const {
    const Key& key = keys_.front();
    std::string nonce(kNonceBytes, '\0');
    if (RAND_bytes(bytes(nonce), static_cast<int>(nonce.size())) != 1) {
        throw std::runtime_error("no secure randomness available");
    }
    auto ctx = new_context();
    std::string out(plaintext.size() + kTagBytes, '\0');
    int len = 0;
    int final_len = 0;
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key.bytes.reveal()),
                           bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(context),
                          static_cast<int>(context.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes(out), &len, bytes(plaintext),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), bytes(out) + len, &final_len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                            bytes(out) + plaintext.size()) != 1) {
        throw std::runtime_error("aes-256-gcm encryption failed");
    }
    return std::string(kPrefix) + key.id + ":" + to_hex(nonce + out);
}

Expected<std::string, std::string> KeyRing::open(std::string_view sealed,
                                                 std::string_view context) const {
    auto parts = split_sealed(sealed);
    if (!parts) return unexpected(std::string("not an encrypted value"));
    const Key* key = find(parts->first);
    if (key == nullptr) {
        return unexpected("sealed with key " + std::string(parts->first) +
                          ", which MEGATRON_SECRET_KEY does not hold");
    }
    auto raw = from_hex(parts->second);
    if (!raw || raw->size() < kNonceBytes + kTagBytes) {
        return unexpected(std::string("damaged encrypted value"));
    }
    const std::string_view all(*raw);
    auto nonce = all.substr(0, kNonceBytes);
    auto cipher = all.substr(kNonceBytes, all.size() - kNonceBytes - kTagBytes);
    std::string tag(all.substr(all.size() - kTagBytes));
    std::string plain(cipher.size(), '\0');
    auto ctx = new_context();
    int len = 0;
    int final_len = 0;
    bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key->bytes.reveal()),
                                 bytes(nonce)) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(context),
                                static_cast<int>(context.size())) == 1 &&
              EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, bytes(cipher),
                                static_cast<int>(cipher.size())) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                                  bytes(tag)) == 1 &&
              EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + len, &final_len) == 1;
    if (!ok) {
        return unexpected("cannot decrypt a value sealed with key " + key->id +
                          " (wrong key or damaged value)");
    }
    return plain;
}

}  // namespace megatron::crypto
