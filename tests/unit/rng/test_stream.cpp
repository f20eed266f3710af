// Known-answer and basic statistical tests of the Philox streams (engine/rng/stream.hpp).
#include <catch2/catch.hpp>

#include "engine/rng/stream.hpp"

#include <cmath>
#include <cstdint>
#include <set>

#include <Random123/philox.h>

using pbr::rng::ClientStream;
using pbr::rng::philox_block;
using pbr::rng::Stream;
using pbr::rng::StreamKey;
using pbr::rng::to_unit_open;

namespace {

struct Kat {
  std::uint64_t ctr[4];
  std::uint64_t key[2];
  std::uint64_t expected[4];
};

// Philox4x64-10 vectors from Random123's known-answer file (kat_vectors, lines
// "philox4x64 10 ..."): counter, key, expected output.
constexpr Kat KATS[] = {
    {{0, 0, 0, 0},
     {0, 0},
     {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL, 0x7e68b68aec7ba23bULL}},
    {{~0ULL, ~0ULL, ~0ULL, ~0ULL},
     {~0ULL, ~0ULL},
     {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL, 0xa09caebf594f0ba0ULL}},
    {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL},
     {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
     {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL, 0x57bd43b5e52b7fe6ULL}},
};

}  // namespace

TEST_CASE("Philox4x64-10 matches Random123's known-answer vectors", "[rng][kat]") {
  for (const auto& kat : KATS) {
    const r123::Philox4x64::ctr_type ctr = {{kat.ctr[0], kat.ctr[1], kat.ctr[2], kat.ctr[3]}};
    const r123::Philox4x64::key_type key = {{kat.key[0], kat.key[1]}};
    const auto out = r123::Philox4x64()(ctr, key);
    for (int i = 0; i < 4; ++i) CHECK(out[i] == kat.expected[i]);
    // Random123's C macro API must agree with the C++ functor (same rounds, same layout).
    philox4x64_ctr_t c = {{kat.ctr[0], kat.ctr[1], kat.ctr[2], kat.ctr[3]}};
    philox4x64_key_t k = {{kat.key[0], kat.key[1]}};
    const philox4x64_ctr_t c_out = philox4x64_R(10, c, k);
    for (int i = 0; i < 4; ++i) CHECK(c_out.v[i] == kat.expected[i]);
  }
}

TEST_CASE("philox_block lays out counter = (replication, client, block, 0), key = (seed, stream)",
          "[rng][kat]") {
  const StreamKey key{0x243f6a8885a308d3ULL, Stream::transition, 7, 123456789};
  philox4x64_ctr_t c = {{7, 123456789, 5, 0}};
  philox4x64_key_t k = {{0x243f6a8885a308d3ULL, static_cast<std::uint64_t>(Stream::transition)}};
  const philox4x64_ctr_t expected = philox4x64_R(10, c, k);
  const auto out = philox_block(key, 5);
  for (int i = 0; i < 4; ++i) CHECK(out[i] == expected.v[i]);
}

TEST_CASE("ClientStream reads the blocks' words in order", "[rng]") {
  const StreamKey key{42, Stream::arrival, 3, 11};
  ClientStream rng(key);
  CHECK(rng.draws() == 0);
  for (std::uint64_t block = 0; block < 3; ++block) {
    const auto words = philox_block(key, block);
    for (int i = 0; i < 4; ++i) CHECK(rng.uniform() == to_unit_open(words[i]));
  }
  CHECK(rng.draws() == 12);
  rng.uniform();
  CHECK(rng.draws() == 13);
}

TEST_CASE("to_unit_open never returns 0 or 1", "[rng]") {
  CHECK(to_unit_open(0) == 0x1.0p-53);
  CHECK(to_unit_open(0) > 0.0);
  CHECK(to_unit_open(~0ULL) == 1.0 - 0x1.0p-53);
  CHECK(to_unit_open(~0ULL) < 1.0);
  CHECK(std::isfinite(std::log(to_unit_open(0))));
  CHECK(to_unit_open(1ULL << 63) == 0.5 + 0x1.0p-53);
  // Values are exact: (k + 1/2) / 2^52 for the top 52 bits k; sweep both extremes.
  for (std::uint64_t k = 0; k < 4096; ++k) {
    const double a = to_unit_open(k << 12);
    const double b = to_unit_open(~0ULL - (k << 12));
    CHECK((a > 0.0 && a < 1.0));
    CHECK((b > 0.0 && b < 1.0));
    CHECK(a == (static_cast<double>(k) + 0.5) * 0x1.0p-52);
    CHECK(1.0 - b == (static_cast<double>(k) + 0.5) * 0x1.0p-52);
  }
}

TEST_CASE("streams differ by seed, stream, replication and client", "[rng]") {
  const StreamKey base{1, Stream::transition, 0, 0};
  std::set<std::uint64_t> first_words;
  const StreamKey variants[] = {base,
                                {2, Stream::transition, 0, 0},
                                {1, Stream::arrival, 0, 0},
                                {1, Stream::case_mix, 0, 0},
                                {1, Stream::admission, 0, 0},
                                {1, Stream::waiting, 0, 0},
                                {1, Stream::transition, 1, 0},
                                {1, Stream::transition, 0, 1},
                                // swapped replication and client must not collide
                                {1, Stream::transition, 5, 9},
                                {1, Stream::transition, 9, 5}};
  for (const auto& v : variants) first_words.insert(philox_block(v, 0)[0]);
  CHECK(first_words.size() == std::size(variants));
}

TEST_CASE("uniforms have mean 1/2 and neighbouring streams are uncorrelated, within 4 SE",
          "[rng][stat]") {
  // n draws: mean SE = sqrt(1/12 / n); correlation SE ~ 1 / sqrt(n).
  constexpr int N = 200000;
  double sum_a = 0, sum_b = 0, sum_ab = 0, sum_a2 = 0, sum_b2 = 0;
  for (int i = 0; i < N; ++i) {
    // Client i and client i + 1: the pair most likely to share structure.
    ClientStream a({2024, Stream::transition, 0, static_cast<std::uint64_t>(i)});
    ClientStream b({2024, Stream::transition, 0, static_cast<std::uint64_t>(i) + 1});
    const double x = a.uniform(), y = b.uniform();
    sum_a += x;
    sum_b += y;
    sum_ab += x * y;
    sum_a2 += x * x;
    sum_b2 += y * y;
  }
  const double mean_a = sum_a / N, mean_b = sum_b / N;
  CHECK(std::fabs(mean_a - 0.5) < 4.0 * std::sqrt(1.0 / 12 / N));
  CHECK(std::fabs(mean_b - 0.5) < 4.0 * std::sqrt(1.0 / 12 / N));
  const double cov = sum_ab / N - mean_a * mean_b;
  const double corr =
      cov / std::sqrt((sum_a2 / N - mean_a * mean_a) * (sum_b2 / N - mean_b * mean_b));
  CHECK(std::fabs(corr) < 4.0 / std::sqrt(static_cast<double>(N)));
}

TEST_CASE("a stream's uniforms fill ten equal bins evenly (chi-square, 9 dof, p > 1e-4)",
          "[rng][stat]") {
  constexpr int N = 100000;
  int bins[10] = {};
  ClientStream rng({77, Stream::case_mix, 0, 0});
  for (int i = 0; i < N; ++i) ++bins[static_cast<int>(rng.uniform() * 10)];
  double chi2 = 0;
  for (const int b : bins) chi2 += (b - N / 10.0) * (b - N / 10.0) / (N / 10.0);
  // Upper 1e-4 quantile of chi-square with 9 degrees of freedom is 33.72.
  CHECK(chi2 < 33.72);
}
