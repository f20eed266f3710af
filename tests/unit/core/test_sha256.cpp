// SHA-256 known-answer vectors (FIPS 180-4 examples and NIST CAVP short messages).
#include <catch2/catch.hpp>
#include <string>

#include "engine/core/sha256.hpp"

using pbr::core::Sha256;
using pbr::core::sha256_hex;

TEST_CASE("SHA-256 matches the published test vectors", "[core][sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(
      sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                 "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 is the same whatever the update chunks", "[core][sha256]") {
  std::string message;
  for (int i = 0; i < 300; ++i) message += static_cast<char>('a' + i % 26);
  // Lengths around the 55/56/64-byte padding boundaries exercise both padding branches.
  for (std::size_t length : {0u, 1u, 55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u, 300u}) {
    const std::string part = message.substr(0, length);
    for (std::size_t chunk : {1u, 3u, 64u, 100u}) {
      Sha256 h;
      for (std::size_t i = 0; i < part.size(); i += chunk) h.update(part.substr(i, chunk));
      CAPTURE(length, chunk);
      CHECK(pbr::core::to_hex(h.finish()) == sha256_hex(part));
    }
  }
  // Reference digest computed with Python hashlib.
  CHECK(sha256_hex(message.substr(0, 56)) ==
        "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51");
}
