#include "engine/uncertainty/draws.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "engine/core/diagnostics.hpp"
#include "engine/rng/stream.hpp"

namespace pbr::uncertainty {

std::uint64_t input_id(const std::string& name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t monte_carlo_seed(std::uint64_t seed, std::int64_t draw) {
  const auto block = rng::philox_block(
      {seed, rng::Stream::psa_input, static_cast<std::uint64_t>(draw), input_id("mc_seed")}, 0);
  return block[0] >> 16;
}

double round_drawn(double value, const std::optional<int>& decimals) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  // Through decimal text, so that the double is the one the JSON and the CSV show.
  char text[64];
  if (decimals) {
    // Past 15 significant digits a double has no decimals left to round (and the text below
    // would not fit): the value is kept as it is.
    if (std::abs(value) >= 1e15) return value;
    const double scale = std::pow(10.0, *decimals);
    const double rounded = std::round(value * scale) / scale;
    std::snprintf(text, sizeof text, "%.*f", *decimals, rounded);
  } else {
    std::snprintf(text, sizeof text, "%.6g", value);
  }
  return std::strtod(text, nullptr);
}

namespace {

[[noreturn]] void throw_cannot_draw(const UncertaintySpec& spec, const UncertainInput& input,
                                    std::int64_t draw, const std::string& why) {
  throw core::InputError(
      spec.path, input.at,
      "cannot draw input '" + input.name + "' at draw " + std::to_string(draw + 1) + ": " + why);
}

//! The input's quantile at u; a value that is not finite, or a quantile function that fails
//! (parameters at the edge of what floating point holds), is an input error naming the input.
double quantile_of(const UncertaintySpec& spec, const UncertainInput& input, double u,
                   std::int64_t draw) {
  double x = 0.0;
  try {
    x = input.distribution.quantile(u);
  } catch (const std::exception& e) {
    throw_cannot_draw(spec, input, draw, input.distribution.describe() + ": " + e.what());
  }
  if (!std::isfinite(x)) {
    throw_cannot_draw(spec, input, draw,
                      input.distribution.describe() + " gave a value that is not finite");
  }
  return x;
}

}  // namespace

DrawTable draw_inputs(const UncertaintySpec& spec, std::uint64_t seed, std::int64_t count) {
  DrawTable table;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const auto& input = spec.inputs[i];
    if (!input.is_dirichlet()) {
      table.columns.push_back({input.name, i, input.pointers, false});
      continue;
    }
    for (std::size_t j = 0; j < input.components.size(); ++j) {
      table.columns.push_back({input.components[j].name, i, input.components[j].pointers,
                               j + 1 == input.components.size()});
    }
  }
  // The copula: the correlated inputs in order of first mention, and the Cholesky factor.
  std::vector<std::size_t> correlated;
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) index_of[spec.inputs[i].name] = i;
  for (const auto& c : spec.correlations) {
    for (const auto* name : {&c.first, &c.second}) {
      const std::size_t i = index_of.at(*name);
      if (std::find(correlated.begin(), correlated.end(), i) == correlated.end()) {
        correlated.push_back(i);
      }
    }
  }
  const auto k = static_cast<Eigen::Index>(correlated.size());
  Eigen::MatrixXd factor;
  if (k > 0) {
    Eigen::MatrixXd matrix = Eigen::MatrixXd::Identity(k, k);
    auto position = [&](const std::string& n) {
      return static_cast<Eigen::Index>(
          std::find(correlated.begin(), correlated.end(), index_of.at(n)) - correlated.begin());
    };
    for (const auto& c : spec.correlations) {
      matrix(position(c.first), position(c.second)) = c.rho;
      matrix(position(c.second), position(c.first)) = c.rho;
    }
    factor = Eigen::LLT<Eigen::MatrixXd>(matrix).matrixL();
  }
  const boost::math::normal_distribution<double> normal;

  table.values.resize(static_cast<std::size_t>(count));
  for (std::int64_t d = 0; d < count; ++d) {
    std::vector<double> uniforms(spec.inputs.size());
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      rng::ClientStream stream({seed, rng::Stream::psa_input, static_cast<std::uint64_t>(d),
                                input_id(spec.inputs[i].name)});
      uniforms[i] = stream.uniform();
    }
    if (k > 0) {
      Eigen::VectorXd z(k);
      for (Eigen::Index a = 0; a < k; ++a) {
        z(a) = boost::math::quantile(normal, uniforms[correlated[static_cast<std::size_t>(a)]]);
      }
      const Eigen::VectorXd x = factor * z;
      for (Eigen::Index a = 0; a < k; ++a) {
        // Kept inside (0, 1): a quantile function is not defined at its ends.
        const double u = boost::math::cdf(normal, x(a));
        uniforms[correlated[static_cast<std::size_t>(a)]] = std::clamp(u, 0x1.0p-53, 1 - 0x1.0p-53);
      }
    }
    auto& row = table.values[static_cast<std::size_t>(d)];
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      const auto& input = spec.inputs[i];
      if (!input.is_dirichlet()) {
        row.push_back(round_drawn(quantile_of(spec, input, uniforms[i], d), input.decimals));
        continue;
      }
      // Component j takes draw j of the input's stream (draw 0 is the scalar uniform above).
      rng::ClientStream stream(
          {seed, rng::Stream::psa_input, static_cast<std::uint64_t>(d), input_id(input.name)});
      std::vector<double> alphas, us;
      for (const auto& c : input.components) {
        alphas.push_back(c.alpha);
        us.push_back(stream.uniform());
      }
      std::vector<double> shares;
      try {
        shares = dirichlet_from_uniforms(alphas, us);
      } catch (const std::exception& e) {
        throw_cannot_draw(spec, input, d, e.what());
      }
      for (const double share : shares) row.push_back(round_drawn(share, input.decimals));
    }
  }
  return table;
}

}  // namespace pbr::uncertainty
