// Checking an uncertainty specification as a whole: names, correlations, variants.
#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/sweep/parameter.hpp"
#include "engine/uncertainty/spec.hpp"

namespace pbr::uncertainty {

namespace {

//! Columns of the results that no input may be named after.
const std::vector<std::string> RESERVED = {"draw", "variant", "mc_seed"};

}  // namespace

void check_uncertainty(const UncertaintySpec& spec, const std::string& file) {
  core::DiagnosticList out;
  std::map<std::string, const UncertainInput*> by_name;
  std::set<std::string> columns;
  for (const auto& input : spec.inputs) {
    if (!sweep::is_valid_name(input.name)) {
      out.add(file, input.at + "/name",
              "'" + input.name +
                  "' is not a valid input name (letters, digits and '_', not starting with a "
                  "digit)");
    } else if (std::find(RESERVED.begin(), RESERVED.end(), input.name) != RESERVED.end()) {
      out.add(file, input.at + "/name",
              "'" + input.name + "' is a column of the results; choose another name");
    } else if (!by_name.emplace(input.name, &input).second) {
      out.add(file, input.at + "/name", "input '" + input.name + "' is declared twice");
    }
    for (const auto& c : input.components) {
      if (!columns.insert(c.name).second || by_name.count(c.name)) {
        out.add(file, input.at, "component column '" + c.name + "' clashes with another name");
      }
    }
    if (!input.is_dirichlet()) columns.insert(input.name);
  }
  // Correlations: between scalar, non-fixed inputs, each pair once, a valid matrix.
  std::vector<std::string> correlated;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& c : spec.correlations) {
    for (const auto* name : {&c.first, &c.second}) {
      const auto it = by_name.find(*name);
      if (it == by_name.end()) {
        std::vector<std::string> names;
        for (const auto& [n, i] : by_name) names.push_back(n);
        std::string message = "unknown input '" + *name + "'";
        if (const auto near = core::nearest(*name, names); !near.empty()) {
          message += "; did you mean '" + near + "'?";
        }
        out.add(file, c.at + "/between", message);
      } else if (it->second->is_dirichlet() || it->second->distribution.family == Family::fixed) {
        out.add(file, c.at + "/between",
                "input '" + *name + "' cannot be correlated: only scalar inputs that vary can");
      } else if (std::find(correlated.begin(), correlated.end(), *name) == correlated.end()) {
        correlated.push_back(*name);
      }
    }
    if (c.first == c.second) {
      out.add(file, c.at + "/between", "an input cannot be correlated with itself");
    } else if (!pairs.insert(std::minmax(c.first, c.second)).second) {
      out.add(file, c.at, "the pair " + c.first + ", " + c.second + " is correlated twice");
    }
  }
  std::set<std::string> variant_names;
  for (std::size_t i = 0; i < spec.variants.size(); ++i) {
    if (!variant_names.insert(spec.variants[i].name).second) {
      out.add(file, "/variants/" + std::to_string(i) + "/name",
              "variant '" + spec.variants[i].name + "' is declared twice");
    }
  }
  if (spec.variants.size() > 1 && !spec.decision.value_per_sustained_recovery) {
    out.add(file, "/decision",
            "choosing between variants needs decision.value_per_sustained_recovery (pounds a "
            "sustained recovery is worth to the commissioner)");
  }
  out.throw_if_any();
  if (correlated.empty()) return;
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(correlated.size()),
                                                     static_cast<Eigen::Index>(correlated.size()));
  auto index = [&](const std::string& n) {
    return static_cast<Eigen::Index>(std::find(correlated.begin(), correlated.end(), n) -
                                     correlated.begin());
  };
  for (const auto& c : spec.correlations) {
    matrix(index(c.first), index(c.second)) = c.rho;
    matrix(index(c.second), index(c.first)) = c.rho;
  }
  if (Eigen::LLT<Eigen::MatrixXd>(matrix).info() != Eigen::Success) {
    throw core::InputError(file, "/correlations",
                           "the correlations are not a valid correlation matrix (it is not "
                           "positive definite): some of them contradict each other");
  }
}

}  // namespace pbr::uncertainty
