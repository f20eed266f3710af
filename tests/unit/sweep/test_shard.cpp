#include "engine/sweep/shard.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "engine/sweep/values.hpp"

using Catch::Matchers::Equals;
using pbr::sweep::parse_shard;
using pbr::sweep::shard_points;
using pbr::sweep::ShardSpec;

TEST_CASE("option --shard K/N parses 1-based shards", "[sweep][shard]") {
  CHECK(parse_shard("2/3") == ShardSpec{2, 3});
  CHECK(parse_shard("1/1") == ShardSpec{1, 1});
  CHECK(parse_shard("2/3").to_string() == "2/3");
  CHECK_THROWS_WITH(parse_shard("0/3"), Equals("--shard '0/3': K must be between 1 and N"));
  CHECK_THROWS_WITH(parse_shard("4/3"), Equals("--shard '4/3': K must be between 1 and N"));
  CHECK_THROWS_WITH(parse_shard("1/0"), Equals("--shard '1/0': N must be at least 1"));
  CHECK_THROWS_WITH(parse_shard("2"),
                    Equals("--shard '2': expected K/N with whole numbers, e.g. 2/8"));
  CHECK_THROWS_WITH(parse_shard("a/3"),
                    Equals("--shard 'a/3': expected K/N with whole numbers, e.g. 2/8"));
  CHECK_THROWS_WITH(parse_shard("1/3x"),
                    Equals("--shard '1/3x': expected K/N with whole numbers, e.g. 2/8"));
  CHECK_THROWS_WITH(parse_shard("-1/3"),
                    Equals("--shard '-1/3': expected K/N with whole numbers, e.g. 2/8"));
}

TEST_CASE("point i belongs to shard (i mod N) + 1", "[sweep][shard]") {
  CHECK(shard_points({1, 3}, 10) == std::vector<std::size_t>{0, 3, 6, 9});
  CHECK(shard_points({2, 3}, 10) == std::vector<std::size_t>{1, 4, 7});
  CHECK(shard_points({3, 3}, 10) == std::vector<std::size_t>{2, 5, 8});
  CHECK(shard_points({4, 4}, 2).empty());  // more shards than points: some are empty
  CHECK(ShardSpec{2, 3}.contains(4));
  CHECK_FALSE(ShardSpec{2, 3}.contains(5));
}

TEST_CASE("the shards of a sweep cover every point exactly once", "[sweep][shard]") {
  for (std::size_t n = 1; n <= 7; ++n) {
    std::multiset<std::size_t> seen;
    for (std::size_t k = 1; k <= n; ++k) {
      for (auto p : shard_points({k, n}, 23)) seen.insert(p);
    }
    REQUIRE(seen.size() == 23);
    for (std::size_t p = 0; p < 23; ++p) CHECK(seen.count(p) == 1);
  }
}
