#include "engine/uncertainty/psa_summary.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/core/version.hpp"
#include "engine/output/csv.hpp"
#include "engine/output/units.hpp"
#include "engine/stats/distributions.hpp"
#include "engine/stats/summary.hpp"
#include "engine/uncertainty/psa_evaluator.hpp"
#include "engine/uncertainty/psa_plan.hpp"

namespace pbr::uncertainty {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
//! An input explained this well by the inputs before it is left out of the driver analysis.
constexpr double DETERMINED_R_SQUARED = 0.9999;
const char* const VERDICTS[] = {"low", "medium", "high"};

double mean_of(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double sd_of(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  const double m = mean_of(x);
  double ss = 0.0;
  for (const double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

double quantile_of(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  return stats::quantile_type7(x, p);
}

//! Ranks 1..n, ties given their average rank.
Eigen::VectorXd ranks_of(const Eigen::VectorXd& x) {
  const auto n = x.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return x(a) < x(b); });
  Eigen::VectorXd r(n);
  for (Eigen::Index i = 0; i < n;) {
    Eigen::Index j = i;
    while (j + 1 < n &&
           x(order[static_cast<std::size_t>(j + 1)]) == x(order[static_cast<std::size_t>(i)])) {
      ++j;
    }
    const double average = static_cast<double>(i + j) / 2 + 1;
    for (Eigen::Index k = i; k <= j; ++k) r(order[static_cast<std::size_t>(k)]) = average;
    i = j + 1;
  }
  return r;
}

//! Residuals of y regressed on [1, Z] by least squares.
Eigen::VectorXd residuals(const Eigen::MatrixXd& z, const Eigen::VectorXd& y) {
  Eigen::MatrixXd design(z.rows(), z.cols() + 1);
  design.col(0).setOnes();
  design.rightCols(z.cols()) = z;
  const Eigen::VectorXd b = design.colPivHouseholderQr().solve(y);
  return y - design * b;
}

double correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::VectorXd ac = a.array() - a.mean();
  const Eigen::VectorXd bc = b.array() - b.mean();
  const double denominator = std::sqrt(ac.squaredNorm() * bc.squaredNorm());
  return denominator > 0 ? ac.dot(bc) / denominator : 0.0;
}

//! The point results, as a table: draw (0-based) x variant -> result.
struct DrawResults {
  std::size_t draws = 0, variants = 1;
  std::vector<std::string> variant_names;  //!< "" when none
  const sweep::Results* results = nullptr;
  [[nodiscard]] const sweep::PointResult& at(std::size_t d, std::size_t v) const {
    return *(*results)[d * variants + v];
  }
};

//! The estimate of `metric` (index k) on `strategy`'s row of a point, or nullptr.
const sweep::Estimate* find_estimate(const sweep::PointResult& r, const std::string& strategy,
                                     std::size_t k) {
  for (const auto& row : r.rows) {
    if (row.strategy == strategy) return &row.metrics.at(k);
  }
  return nullptr;
}

std::size_t metric_index(const sweep::EvaluatorInfo& info, const std::string& key) {
  for (std::size_t k = 0; k < info.metrics.size(); ++k) {
    if (info.metrics[k].key == key) return k;
  }
  throw std::logic_error("the uncertainty evaluator has no metric '" + key + "'");
}

DriverAnalysis analyse_drivers(const sweep::SweepDefinition& def, const DrawResults& dr,
                               std::size_t v, const std::vector<std::size_t>& input_params,
                               const std::vector<std::string>& strategies) {
  DriverAnalysis a;
  a.variant = dr.variant_names[v];
  const auto& info = def.evaluator;
  const std::size_t gain_k = metric_index(info, "gaming_gain");
  const std::size_t expected_k = metric_index(info, "gaming_gain_expected");
  // Whose gain: best_response when evaluated, else the largest mean gain.
  if (std::find(strategies.begin(), strategies.end(), "best_response") != strategies.end()) {
    a.strategy = "best_response";
  } else {
    double best = -std::numeric_limits<double>::infinity();
    for (const auto& s : strategies) {
      if (s == "admit_all") continue;
      double total = 0.0;
      for (std::size_t d = 0; d < dr.draws; ++d)
        total += find_estimate(dr.at(d, v), s, gain_k)->mean;
      if (total > best) {
        best = total;
        a.strategy = s;
      }
    }
  }
  if (a.strategy.empty()) {
    a.note = "no gaming strategy was evaluated";
    return a;
  }
  bool all_exact = true;
  for (std::size_t d = 0; d < dr.draws; ++d) {
    all_exact =
        all_exact && std::isfinite(find_estimate(dr.at(d, v), a.strategy, expected_k)->mean);
  }
  a.metric = all_exact ? "gaming_gain_expected" : "gaming_gain";
  const std::size_t k = all_exact ? expected_k : gain_k;
  const auto n = static_cast<Eigen::Index>(dr.draws);
  Eigen::VectorXd y(n);
  for (Eigen::Index d = 0; d < n; ++d) {
    y(d) = find_estimate(dr.at(static_cast<std::size_t>(d), v), a.strategy, k)->mean;
  }
  a.mean_gain = y.mean();
  if ((y.array() == y(0)).all()) {
    a.note = "the gain is the same in every draw: no input drives it";
    return a;
  }
  // The inputs that vary; the point's choice indexes its values.
  std::vector<std::size_t> used;
  for (const std::size_t p : input_params) {
    const auto& param = def.plan.parameters[p];
    const auto& first = param.values[def.points[v].choice[p]].json;
    bool varies = false;
    for (std::size_t d = 1; d < dr.draws && !varies; ++d) {
      varies = param.values[def.points[d * dr.variants + v].choice[p]].json != first;
    }
    if (varies) used.push_back(p);
  }
  if (used.empty()) {
    a.note = "no input varies";
    return a;
  }
  auto column_values = [&](std::size_t param) {
    Eigen::VectorXd values(n);
    for (Eigen::Index d = 0; d < n; ++d) {
      const auto& point = def.points[static_cast<std::size_t>(d) * dr.variants + v];
      values(d) = nlohmann::json::parse(def.plan.parameters[param].values[point.choice[param]].json)
                      .get<double>();
    }
    return values;
  };
  // An input the inputs before it determine (R^2 >= DETERMINED_R_SQUARED, e.g. the last share
  // of a Dirichlet row, 1 minus the others) adds nothing and would make the regressions
  // singular: it is left out and named in the note.
  std::vector<std::size_t> kept;
  std::vector<Eigen::VectorXd> kept_values;
  std::vector<std::string> left_out;
  for (const std::size_t param : used) {
    Eigen::VectorXd values = column_values(param);
    bool determined = false;
    if (!kept.empty() && n > static_cast<Eigen::Index>(kept.size()) + 1) {
      Eigen::MatrixXd z(n, static_cast<Eigen::Index>(kept.size()));
      for (std::size_t c = 0; c < kept.size(); ++c)
        z.col(static_cast<Eigen::Index>(c)) = kept_values[c];
      const double total = (values.array() - values.mean()).square().sum();
      determined =
          total > 0 && residuals(z, values).squaredNorm() <= (1 - DETERMINED_R_SQUARED) * total;
    }
    if (determined) {
      left_out.push_back(def.plan.parameters[param].name);
      continue;
    }
    kept.push_back(param);
    kept_values.push_back(std::move(values));
  }
  used = kept;
  if (!left_out.empty()) {
    std::string names;
    for (const auto& name : left_out) names += (names.empty() ? "" : ", ") + name;
    a.note = "left out, determined by the other inputs: " + names;
  }
  const auto p = static_cast<Eigen::Index>(used.size());
  if (n < p + 3) {
    a.note = "too few draws for the driver analysis: it needs at least " + std::to_string(p + 3) +
             " (the inputs that vary + 3)";
    return a;
  }
  Eigen::MatrixXd x(n, p);
  for (Eigen::Index c = 0; c < p; ++c) x.col(c) = kept_values[static_cast<std::size_t>(c)];
  // Partial rank correlations: the ranks of input c and of the gain, each cleared of the
  // other inputs' ranks by a linear regression, then correlated.
  Eigen::MatrixXd rx(n, p);
  for (Eigen::Index c = 0; c < p; ++c) rx.col(c) = ranks_of(x.col(c));
  const Eigen::VectorXd ry = ranks_of(y);
  // The linear metamodel y = b0 + sum b_c x_c on the raw values, for the standardised
  // coefficients and the tornado.
  Eigen::MatrixXd design(n, p + 1);
  design.col(0).setOnes();
  design.rightCols(p) = x;
  const Eigen::VectorXd b = design.colPivHouseholderQr().solve(y);
  const double ss_total = (y.array() - y.mean()).square().sum();
  const double ss_residual = (y - design * b).squaredNorm();
  a.r_squared = ss_total > 0 ? 1 - ss_residual / ss_total : NaN;
  std::vector<double> y_values(y.data(), y.data() + n);
  const double sd_y = sd_of(y_values);
  for (Eigen::Index c = 0; c < p; ++c) {
    Eigen::MatrixXd others(n, p - 1);
    for (Eigen::Index o = 0, j = 0; o < p; ++o) {
      if (o != c) others.col(j++) = rx.col(o);
    }
    Driver drv;
    drv.variant = a.variant;
    drv.input = def.plan.parameters[used[static_cast<std::size_t>(c)]].name;
    drv.prcc = correlation(residuals(others, rx.col(c)), residuals(others, ry));
    std::vector<double> xs(static_cast<std::size_t>(n));
    for (Eigen::Index d = 0; d < n; ++d) xs[static_cast<std::size_t>(d)] = x(d, c);
    const double mean_x = mean_of(xs);
    drv.src = sd_y > 0 ? b(c + 1) * sd_of(xs) / sd_y : 0.0;
    drv.input_p05 = quantile_of(xs, 0.05);
    drv.input_p95 = quantile_of(xs, 0.95);
    drv.gain_at_p05 = a.mean_gain + b(c + 1) * (drv.input_p05 - mean_x);
    drv.gain_at_p95 = a.mean_gain + b(c + 1) * (drv.input_p95 - mean_x);
    a.drivers.push_back(std::move(drv));
  }
  std::stable_sort(a.drivers.begin(), a.drivers.end(), [](const Driver& l, const Driver& r) {
    return std::abs(l.prcc) > std::abs(r.prcc);
  });
  for (std::size_t i = 0; i < a.drivers.size(); ++i) a.drivers[i].rank = static_cast<int>(i + 1);
  return a;
}

}  // namespace

bool is_psa_output(const sweep::SweepOutput& output) {
  return output.definition.evaluator.id == PSA_EVALUATOR_ID;
}

std::string psa_summary_path_for(const std::string& csv_path) {
  const std::string stem =
      csv_path.ends_with(".csv") ? csv_path.substr(0, csv_path.size() - 4) : csv_path;
  return stem + "_summary.csv";
}

PsaSummary summarise_psa(const sweep::SweepOutput& output) {
  const auto& def = output.definition;
  const std::string file = def.plan.path.empty() ? def.plan.scenario : def.plan.path;
  if (!is_psa_output(output)) {
    throw core::InputError(file, "/evaluator/id",
                           "not an uncertainty analysis's output (evaluator '" + def.evaluator.id +
                               "', expected '" + PSA_EVALUATOR_ID + "')");
  }
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < output.results.size(); ++i) {
    if (!output.results[i]) missing.push_back(i + 1);
  }
  if (!missing.empty()) {
    throw core::InputError(file, "",
                           std::to_string(missing.size()) + " of " +
                               std::to_string(output.results.size()) +
                               " points (draws x variants) have no result (the output of one "
                               "shard?): merge every shard's output with pbrsim merge first");
  }
  PsaSummary s;
  s.scenario = def.plan.scenario;
  s.scenario_sha256 = def.base_sha256;
  s.fingerprint = def.fingerprint;
  s.seed = def.plan.draw_seed;
  DrawResults dr;
  dr.results = &output.results;
  std::vector<std::size_t> input_params;
  std::optional<std::size_t> variant_param;
  for (std::size_t p = 0; p < def.plan.parameters.size(); ++p) {
    const auto& name = def.plan.parameters[p].name;
    if (name == "variant") variant_param = p;
    if (is_input_column(name)) input_params.push_back(p);
  }
  if (variant_param) {
    // Variants repeat draw by draw; the first draw's points name them in order.
    for (const auto& point : def.points) {
      const auto& label =
          def.plan.parameters[*variant_param].values[point.choice[*variant_param]].label;
      if (std::find(s.variants.begin(), s.variants.end(), label) != s.variants.end()) break;
      s.variants.push_back(label);
    }
    dr.variants = s.variants.size();
    dr.variant_names = s.variants;
  } else {
    dr.variant_names = {""};
  }
  dr.draws = def.points.size() / dr.variants;
  s.draws = static_cast<std::int64_t>(dr.draws);
  s.replications = def.points.empty() ? 0 : def.points.front().replications;
  const std::vector<std::string> strategies =
      def.points.empty() ? std::vector<std::string>{} : def.points.front().strategies;
  const double t = s.replications > 1
                       ? stats::student_t_quantile(0.975, static_cast<double>(s.replications - 1))
                       : NaN;

  for (std::size_t v = 0; v < dr.variants; ++v) {
    // Verdicts.
    std::map<std::string, std::int64_t> counts;
    for (std::size_t d = 0; d < dr.draws; ++d) ++counts[dr.at(d, v).rows.front().verdict];
    const double n = static_cast<double>(dr.draws);
    const double z = 1.959963984540054;
    for (const char* verdict : VERDICTS) {
      const double p = static_cast<double>(counts[verdict]) / n;
      const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
      const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
      s.verdicts.push_back({dr.variant_names[v], verdict, p, std::max(0.0, centre - half),
                            std::min(1.0, centre + half), s.draws});
    }
    // Spreads of every result.
    for (const auto& strategy : strategies) {
      for (std::size_t k = 0; k < def.evaluator.metrics.size(); ++k) {
        std::vector<double> means, variances;
        bool has_interval = true;
        for (std::size_t d = 0; d < dr.draws; ++d) {
          const auto* e = find_estimate(dr.at(d, v), strategy, k);
          if (!e || !std::isfinite(e->mean)) continue;
          means.push_back(e->mean);
          if (!std::isfinite(e->ci_high)) {
            has_interval = false;
          } else {
            const double se = e->ci_high == e->mean ? 0.0 : (e->ci_high - e->mean) / t;
            variances.push_back(se * se);
          }
        }
        if (means.empty()) continue;
        ResultSpread r;
        r.variant = dr.variant_names[v];
        r.strategy = strategy;
        r.metric = def.evaluator.metrics[k].key;
        r.unit = def.evaluator.metrics[k].unit;
        r.draws = static_cast<std::int64_t>(means.size());
        r.mean = mean_of(means);
        r.p025 = quantile_of(means, 0.025);
        r.p975 = quantile_of(means, 0.975);
        r.sd_total = sd_of(means);
        r.sd_monte_carlo = has_interval && !variances.empty() && !std::isnan(mean_of(variances))
                               ? std::sqrt(mean_of(variances))
                               : NaN;
        r.sd_parameter = std::isfinite(r.sd_monte_carlo)
                             ? std::sqrt(std::max(0.0, r.sd_total * r.sd_total -
                                                           r.sd_monte_carlo * r.sd_monte_carlo))
                             : NaN;
        s.spreads.push_back(std::move(r));
      }
    }
    s.drivers.push_back(analyse_drivers(def, dr, v, input_params, strategies));
  }

  // The decision between variants.
  const auto nb = std::find_if(def.evaluator.metrics.begin(), def.evaluator.metrics.end(),
                               [](const sweep::MetricInfo& m) { return m.key == "net_benefit"; });
  if (dr.variants >= 2 && nb != def.evaluator.metrics.end()) {
    const auto k = static_cast<std::size_t>(nb - def.evaluator.metrics.begin());
    DecisionAnalysis decision;
    decision.strategy =
        std::find(strategies.begin(), strategies.end(), "best_response") != strategies.end()
            ? "best_response"
            : "admit_all";
    std::vector<std::vector<double>> values(dr.variants);
    std::vector<std::int64_t> wins(dr.variants, 0);
    double expected_max = 0.0;
    for (std::size_t d = 0; d < dr.draws; ++d) {
      std::size_t best = 0;
      for (std::size_t v = 0; v < dr.variants; ++v) {
        values[v].push_back(find_estimate(dr.at(d, v), decision.strategy, k)->mean);
        if (values[v].back() > values[best].back()) best = v;
      }
      ++wins[best];
      expected_max += values[best].back();
    }
    expected_max /= static_cast<double>(dr.draws);
    double best_expected = -std::numeric_limits<double>::infinity();
    for (std::size_t v = 0; v < dr.variants; ++v) {
      VariantValue value{dr.variant_names[v], mean_of(values[v]), quantile_of(values[v], 0.025),
                         quantile_of(values[v], 0.975),
                         static_cast<double>(wins[v]) / static_cast<double>(dr.draws)};
      if (value.expected_net_benefit > best_expected) {
        best_expected = value.expected_net_benefit;
        decision.chosen = value.variant;
      }
      decision.variants.push_back(std::move(value));
    }
    decision.evpi = expected_max - best_expected;
    // Net benefit is linear in the value of a recovery: where each variant would overtake the
    // chosen one, from the mean spend and recoveries over the draws.
    auto mean_result = [&](const std::string& variant, const char* metric) {
      for (const auto& r : s.spreads) {
        if (r.variant == variant && r.strategy == decision.strategy && r.metric == metric) {
          return r.mean;
        }
      }
      return NaN;
    };
    const double spend_c = mean_result(decision.chosen, "commissioner_spend");
    const double recoveries_c = mean_result(decision.chosen, "sustained_recoveries");
    for (auto& value : decision.variants) {
      const double d_spend = mean_result(value.variant, "commissioner_spend") - spend_c;
      const double d_recoveries = mean_result(value.variant, "sustained_recoveries") - recoveries_c;
      const double lambda = d_spend / d_recoveries;
      value.break_even_value =
          value.variant != decision.chosen && d_recoveries != 0 && lambda > 0 ? lambda : NaN;
    }
    s.decision = std::move(decision);
  }
  return s;
}

std::string psa_summary_csv(const PsaSummary& s) {
  const std::vector<std::string> header = {
      "section", "variant", "strategy", "scope",          "measure",      "unit",  "value",
      "ci_low",  "ci_high", "sd_total", "sd_monte_carlo", "sd_parameter", "detail"};
  std::vector<std::vector<std::string>> rows;
  using output::Unit;
  auto cell = [](double x, Unit u) { return output::csv_value(x, u); };
  auto text = [&](const std::string& measure, const std::string& detail) {
    rows.push_back({"provenance", "", "", "", measure, "", "", "", "", "", "", "", detail});
  };
  text("engine_version", core::ENGINE_VERSION);
  text("git_sha", core::GIT_SHA);
  text("scenario", s.scenario);
  text("scenario_sha256", s.scenario_sha256);
  text("fingerprint", s.fingerprint);
  text("seed", s.seed ? std::to_string(*s.seed) : "");
  text("draws", std::to_string(s.draws));
  text("replications", std::to_string(s.replications));
  for (const auto& v : s.verdicts) {
    rows.push_back({"verdict", v.variant, "", v.verdict, "probability", "probability",
                    cell(v.probability, Unit::probability), cell(v.ci_low, Unit::probability),
                    cell(v.ci_high, Unit::probability), "", "", "",
                    "share of " + std::to_string(v.draws) + " draws; 95% Wilson interval"});
  }
  for (const auto& r : s.spreads) {
    rows.push_back({"result", r.variant, r.strategy, "total", r.metric,
                    std::string(output::to_string(r.unit)), cell(r.mean, r.unit),
                    cell(r.p025, r.unit), cell(r.p975, r.unit), cell(r.sd_total, r.unit),
                    cell(r.sd_monte_carlo, r.unit), cell(r.sd_parameter, r.unit),
                    "mean over " + std::to_string(r.draws) +
                        " draws; interval: 2.5% and 97.5% quantiles of the draws"});
  }
  for (const auto& a : s.drivers) {
    // The metamodel's fit first; with no drivers, an empty value and the reason.
    std::string fit = a.drivers.empty()
                          ? std::string()
                          : "linear regression of " + a.metric + " on every input that varies";
    if (!a.note.empty()) fit += (fit.empty() ? "" : "; ") + a.note;
    rows.push_back({"driver", a.variant, a.strategy, "metamodel", "r_squared", "share",
                    a.drivers.empty() ? "" : cell(a.r_squared, Unit::share), "", "", "", "", "",
                    fit});
    for (const auto& d : a.drivers) {
      const std::string rank = "rank " + std::to_string(d.rank) + " of " + a.metric;
      const std::pair<const char*, double> coefficients[] = {
          {"prcc", d.prcc}, {"src", d.src}, {"input_p05", d.input_p05}, {"input_p95", d.input_p95}};
      for (const auto& [measure, value] : coefficients) {
        rows.push_back({"driver", a.variant, a.strategy, d.input, measure, "number",
                        cell(value, Unit::number), "", "", "", "", "", rank});
      }
      for (const auto& [measure, value] : {std::pair{"gain_at_input_p05", d.gain_at_p05},
                                           std::pair{"gain_at_input_p95", d.gain_at_p95}}) {
        rows.push_back({"driver", a.variant, a.strategy, d.input, measure, "GBP",
                        cell(value, Unit::gbp), "", "", "", "", "", rank});
      }
    }
  }
  if (s.decision) {
    for (const auto& v : s.decision->variants) {
      rows.push_back({"decision", v.variant, s.decision->strategy, "variant",
                      "expected_net_benefit", "GBP", cell(v.expected_net_benefit, Unit::gbp),
                      cell(v.p025, Unit::gbp), cell(v.p975, Unit::gbp), "", "", "",
                      v.variant == s.decision->chosen ? "chosen on current information" : ""});
      rows.push_back({"decision", v.variant, s.decision->strategy, "variant", "probability_best",
                      "probability", cell(v.probability_best, Unit::probability), "", "", "", "",
                      "", ""});
      if (std::isfinite(v.break_even_value)) {
        rows.push_back({"decision", v.variant, s.decision->strategy, "variant",
                        "break_even_value_per_recovery", "GBP", cell(v.break_even_value, Unit::gbp),
                        "", "", "", "", "",
                        "the value per sustained recovery at which its expected net benefit "
                        "equals the chosen variant's"});
      }
    }
    rows.push_back({"decision", "", s.decision->strategy, "decision", "evpi", "GBP",
                    cell(s.decision->evpi, Unit::gbp), "", "", "", "", "",
                    "expected value of perfect information about the inputs for the choice of "
                    "variant, per contract"});
  }
  return output::csv_document(header, rows);
}

namespace {

std::string pounds(double x) {
  std::ostringstream out;
  const long long whole = std::llround(std::abs(x));
  std::string digits = std::to_string(whole);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return (x < 0 && whole != 0 ? "-" : "") + digits;
}

std::string fixed(double x, int decimals) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(decimals);
  out << x;
  return out.str();
}

}  // namespace

std::string psa_summary_text(const PsaSummary& s) {
  std::ostringstream out;
  out << "Uncertainty analysis of " << s.scenario << ": " << s.draws << " draws x "
      << s.replications << " replications"
      << (s.seed ? " (seed " + std::to_string(*s.seed) + ")" : std::string()) << "\n";
  std::string current = "\x01";
  for (const auto& v : s.verdicts) {
    if (v.variant != current) {
      current = v.variant;
      out << "\nVerdict probability" << (v.variant.empty() ? "" : " (" + v.variant + ")") << ":";
    }
    out << "  " << v.verdict << " " << fixed(v.probability, 3) << " (" << fixed(v.ci_low, 3)
        << " .. " << fixed(v.ci_high, 3) << ")";
  }
  out << "\n";
  for (const auto& a : s.drivers) {
    out << "\nGaming gain of " << a.strategy << (a.variant.empty() ? "" : " (" + a.variant + ")")
        << ", pounds per contract:\n";
    for (const auto& r : s.spreads) {
      if (r.variant != a.variant || r.strategy != a.strategy) continue;
      if (r.metric != "gaming_gain" && r.metric != "gaming_gain_expected") continue;
      out << "  " << r.metric << ": mean " << pounds(r.mean) << ", 95% of draws " << pounds(r.p025)
          << " .. " << pounds(r.p975) << " (sd " << pounds(r.sd_total) << ": parameters "
          << (std::isfinite(r.sd_parameter) ? pounds(r.sd_parameter) : "?") << ", Monte Carlo "
          << (std::isfinite(r.sd_monte_carlo) ? pounds(r.sd_monte_carlo) : "?") << ")\n";
    }
    if (a.drivers.empty()) {
      out << "  Drivers: " << a.note << "\n";
      continue;
    }
    out << "  Drivers of " << a.metric << " (partial rank correlation; metamodel gain at the "
        << "input's 5th .. 95th percentile; R^2 " << fixed(a.r_squared, 2) << "):\n";
    for (const auto& d : a.drivers) {
      if (d.rank > 10) {
        out << "  ... " << a.drivers.size() - 10 << " more in the summary CSV\n";
        break;
      }
      out << "  " << d.rank << ". " << d.input << "  prcc " << fixed(d.prcc, 2) << "  gain "
          << pounds(d.gain_at_p05) << " .. " << pounds(d.gain_at_p95) << "\n";
    }
    if (!a.note.empty()) out << "  (" << a.note << ")\n";
  }
  if (s.decision) {
    out << "\nChoice of contract (net benefit under " << s.decision->strategy
        << ", pounds per contract):\n";
    for (const auto& v : s.decision->variants) {
      out << "  " << v.variant << ": expected " << pounds(v.expected_net_benefit) << ", best in "
          << fixed(100 * v.probability_best, 1) << "% of draws"
          << (v.variant == s.decision->chosen ? "  <- chosen" : "")
          << (std::isfinite(v.break_even_value)
                  ? "; would match the chosen at " + pounds(v.break_even_value) +
                        " pounds per sustained recovery"
                  : std::string())
          << "\n";
    }
    out << "  Expected value of perfect information: " << pounds(s.decision->evpi) << "\n";
  }
  return out.str();
}

}  // namespace pbr::uncertainty
