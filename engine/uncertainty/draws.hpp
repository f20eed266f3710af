#pragma once
//! \file Drawing the uncertain inputs: draw d of input X is a pure function of (seed, d, X),
//! from the counter-based stream rng::Stream::psa_input (replication = d, client = a 64-bit
//! hash of X's name), so any draw can be reproduced alone, in any order, on any machine.
//!
//! A scalar input takes the first uniform of its stream; a Dirichlet input one uniform per
//! component (draw j of the stream for component j). Correlated inputs (a Gaussian copula):
//! their uniforms are turned into standard normals z = Phi^-1(u), correlated by the Cholesky
//! factor L of the correlation matrix (x = L z), turned back into uniforms Phi(x), and each
//! goes through its own quantile function, so every input keeps its own distribution.
//! Drawn values are rounded to the input's decimals, else to 6 significant digits: the value
//! written in the scenario, recorded in the CSV and used by the analysis is the same number.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/uncertainty/spec.hpp"

namespace pbr::uncertainty {

//! One column of drawn values: a scalar input, or one component of a Dirichlet input.
struct InputColumn {
  std::string name;                   //!< the input's (or component's) name
  std::size_t input = 0;              //!< index in UncertaintySpec::inputs
  std::vector<std::string> pointers;  //!< where the value is written
  //! True for the last component of a Dirichlet input: it is determined by the others (the
  //! shares sum to 1), so the driver analysis leaves it out.
  bool determined = false;
};

//! The drawn values: values[d][c] is draw d (0-based) of column c.
struct DrawTable {
  std::vector<InputColumn> columns;
  std::vector<std::vector<double>> values;
};

//! The stream id of an input: FNV-1a 64 of its name (stable across versions and machines).
std::uint64_t input_id(const std::string& name);

//! Draws `count` draws (draws 0 .. count-1) of every input of `spec` under `seed`.
//! \pre check_uncertainty(spec) passed
DrawTable draw_inputs(const UncertaintySpec& spec, std::uint64_t seed, std::int64_t count);

//! The Monte Carlo seed of draw d: independent of the inputs' streams, below 2^48 so that a
//! spreadsheet shows it exactly (15 digits).
std::uint64_t monte_carlo_seed(std::uint64_t seed, std::int64_t draw);

//! `value` rounded as the CSV and the scenario get it: to `decimals` when given (half away
//! from zero), else to 6 significant digits.
double round_drawn(double value, const std::optional<int>& decimals);

}  // namespace pbr::uncertainty
