#pragma once
//! \file SHA-256 (FIPS 180-4), for the content hash of a resolved scenario recorded in outputs.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pbr::core {

//! Incremental SHA-256.
//!
//! **Example**
//! \code
//!   Sha256 h;
//!   h.update("abc");
//!   std::string hex = to_hex(h.finish());  // "ba7816bf..."
//! \endcode
class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  //! Appends bytes to the message.
  void update(std::string_view bytes);
  //! Pads, finishes and returns the digest; the object must not be updated afterwards.
  Digest finish();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;       //!< bytes waiting in buffer_
  std::uint64_t total_bytes_ = 0;  //!< message length so far
};

//! Lower-case hexadecimal of a digest (64 characters).
std::string to_hex(const Sha256::Digest& digest);

//! SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace pbr::core
