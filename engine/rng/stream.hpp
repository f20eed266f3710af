#pragma once
//! \file Counter-based random streams: every draw is a pure function of
//! (seed, stream, replication, client, draw number), never of execution order.

#include <array>
#include <cstdint>

#include <Random123/philox.h>

namespace pbr::rng {

//! Named streams, so that a new draw in one module never shifts another module's sequence.
//! Values are part of the reproducibility contract: never renumber, only append.
enum class Stream : std::uint32_t {
  arrival = 1,     //!< monthly referral counts (client = month index)
  case_mix = 2,    //!< a referral's group
  admission = 3,   //!< the provider's admission decision
  transition = 4,  //!< moves between states along a client's path
  waiting = 5,     //!< moves while waiting for a place
  psa_input = 6,   //!< an uncertain input's draws (replication = draw, client = the input's id)
};

//! The identity of one stream of draws.
struct StreamKey {
  std::uint64_t seed = 0;
  Stream stream = Stream::transition;
  std::uint64_t replication = 0;
  std::uint64_t client = 0;
};

//! One raw Philox4x64-10 block: g(counter = (replication, client, block, 0),
//! key = (seed, stream)). Inline because it sits on the simulation's hot path.
inline std::array<std::uint64_t, 4> philox_block(const StreamKey& key, std::uint64_t block) {
  using Generator = r123::Philox4x64;
  const Generator::ctr_type counter = {{key.replication, key.client, block, 0}};
  const Generator::key_type k = {{key.seed, static_cast<std::uint64_t>(key.stream)}};
  const Generator::ctr_type out = Generator()(counter, k);
  return {out[0], out[1], out[2], out[3]};
}

//! Converts 64 random bits to a double uniform in (0, 1): the top 52 bits k give
//! (k + 1/2) / 2^52, so 0 and 1 are never returned (safe for log(u) and for u < p
//! comparisons): the smallest value is 2^-53, the largest 1 - 2^-53. (With 53 bits,
//! k + 1/2 needs 54 bits of mantissa and rounds, so the top pattern would give exactly 1.)
inline double to_unit_open(std::uint64_t bits) {
  return (static_cast<double>(bits >> 12) + 0.5) * 0x1.0p-52;
}

//! A sequential reader over one stream: draw n of the stream is the (n % 4)-th word of
//! block n / 4. Cheap to construct; holds no global state.
//!
//! **Example**
//! \code
//! ClientStream rng({seed, Stream::transition, rep, cid});
//! double u = rng.uniform();
//! \endcode
class ClientStream {
 public:
  explicit ClientStream(const StreamKey& key) : key_(key) {}

  //! Next uniform in (0, 1).
  double uniform() {
    if (used_ == 4) refill();
    return to_unit_open(buffer_[used_++]);
  }
  //! Number of draws taken so far (for tracing and replay).
  [[nodiscard]] std::uint64_t draws() const { return block_ * 4 - (4 - used_); }

 private:
  void refill() {
    buffer_ = philox_block(key_, block_++);
    used_ = 0;
  }
  StreamKey key_;
  std::array<std::uint64_t, 4> buffer_{};
  std::uint64_t block_ = 0;
  unsigned used_ = 4;
};

}  // namespace pbr::rng
