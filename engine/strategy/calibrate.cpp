#include "engine/strategy/calibrate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "engine/core/money.hpp"

namespace pbr::strategy {

namespace {

constexpr int HONEST = 0, PARK = 1, FAST = 2;
constexpr double TINY = 1e-12;

std::vector<double> normalised_shares(const model::Scenario& scenario) {
  std::vector<double> w;
  double total = 0.0;
  for (const auto& g : scenario.groups) total += g.share;
  for (const auto& g : scenario.groups) w.push_back(total > 0.0 ? g.share / total : 0.0);
  return w;
}

const PolicyEconomics* option(const MarginAnalysis& m, int o) {
  if (o == HONEST) return &m.honest;
  if (o == PARK) return m.park ? &*m.park : nullptr;
  return m.fast_track ? &*m.fast_track : nullptr;
}

// The margins as linear functions of the band multipliers: m_{g,o}(k) = k_b a_{g,o} - c_{g,o}.
struct LinearModel {
  std::vector<int> band;  // per group
  std::vector<double> w;  // normalised referral shares
  std::vector<std::array<double, 3>> a, c;
  std::array<bool, 3> present{true, false, false};
  int bands = 0;

  [[nodiscard]] double margin(std::size_t g, int o, const std::vector<double>& k) const {
    return k[static_cast<std::size_t>(band[g])] * a[g][static_cast<std::size_t>(o)] -
           c[g][static_cast<std::size_t>(o)];
  }
  [[nodiscard]] double gain(const std::vector<double>& k) const {
    double out = 0.0;
    for (std::size_t g = 0; g < band.size(); ++g) {
      const double honest = margin(g, HONEST, k);
      double best = std::max(0.0, honest);
      for (int o : {PARK, FAST}) {
        if (present[static_cast<std::size_t>(o)]) best = std::max(best, margin(g, o, k));
      }
      out += w[g] * (best - honest);
    }
    return out;
  }
  // Share-weighted band totals of the honest option: W_b, W_b A_b and W_b C_b.
  void band_totals(std::vector<double>& weight, std::vector<double>& pay,
                   std::vector<double>& cost) const {
    weight.assign(static_cast<std::size_t>(bands), 0.0);
    pay.assign(static_cast<std::size_t>(bands), 0.0);
    cost.assign(static_cast<std::size_t>(bands), 0.0);
    for (std::size_t g = 0; g < band.size(); ++g) {
      const auto b = static_cast<std::size_t>(band[g]);
      weight[b] += w[g];
      pay[b] += w[g] * a[g][HONEST];
      cost[b] += w[g] * c[g][HONEST];
    }
  }
};

// Fits the model at multipliers k; where k_b is 0 the slope of the first fit (k = 1) is kept.
LinearModel fit(const model::Scenario& scenario, const MarginAnalysis& m,
                const std::vector<double>& k, const LinearModel* first) {
  LinearModel lm;
  lm.bands = static_cast<int>(scenario.bands.size());
  lm.w = normalised_shares(scenario);
  for (int o : {PARK, FAST}) lm.present[static_cast<std::size_t>(o)] = option(m, o) != nullptr;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    lm.band.push_back(scenario.groups[g].band);
    std::array<double, 3> a{}, c{};
    const double kb = k[static_cast<std::size_t>(scenario.groups[g].band)];
    for (int o : {HONEST, PARK, FAST}) {
      const auto* econ = option(m, o);
      if (econ == nullptr) continue;
      const auto& e = econ->groups[g];
      const auto oi = static_cast<std::size_t>(o);
      a[oi] = kb > TINY ? e.payments / kb : (first ? first->a[g][oi] : e.payments);
      c[oi] = e.cost;
    }
    lm.a.push_back(a);
    lm.c.push_back(c);
  }
  return lm;
}

// Equal band margins with the expected payment P kept: k_b = (m + C_b) / A_b.
std::vector<double> solve_equal_margin(const model::Scenario& scenario, const LinearModel& lm,
                                       double payment, std::vector<std::string>& notes) {
  std::vector<double> weight, pay, cost;
  lm.band_totals(weight, pay, cost);
  const auto nb = static_cast<std::size_t>(lm.bands);
  std::vector<double> k(nb, 1.0);
  std::vector<bool> active(nb, false);
  for (std::size_t b = 0; b < nb; ++b) {
    active[b] = weight[b] > 0.0 && pay[b] > TINY;
    if (weight[b] > 0.0 && !active[b]) {
      notes.push_back("band '" + scenario.bands[b].name +
                      "' has no payments: multipliers cannot change its margin");
    }
  }
  for (;;) {
    double w_sum = 0.0, c_sum = 0.0;
    for (std::size_t b = 0; b < nb; ++b) {
      if (!active[b]) continue;
      w_sum += weight[b];
      c_sum += cost[b];
    }
    if (!(w_sum > 0.0)) break;
    const double m = (payment - c_sum) / w_sum;
    bool clamped = false;
    for (std::size_t b = 0; b < nb; ++b) {
      if (!active[b]) continue;
      // (m + C_b) / A_b with C_b, A_b as band means: the W_b factors cancel.
      k[b] = (m * weight[b] + cost[b]) / pay[b];
      if (k[b] < 0.0) {
        k[b] = 0.0;
        active[b] = false;
        clamped = true;
        notes.push_back(
            "band '" + scenario.bands[b].name +
            "': equal margins would need a negative tariff; its multiplier is held at 0");
      }
    }
    if (!clamped) break;
  }
  return k;
}

// Pairwise transfers of expected payment between bands until the worst-case gain is at most
// `target` or no transfer lowers it.
std::vector<double> search_gaming_gain(const LinearModel& lm, std::vector<double> k, double payment,
                                       double target) {
  std::vector<double> weight, pay, cost;
  lm.band_totals(weight, pay, cost);
  const auto nb = static_cast<std::size_t>(lm.bands);
  double best = lm.gain(k);
  double step = 0.05 * payment;
  int iterations = 0;
  while (best > target && step > 1e-9 * payment && iterations < 100000) {
    ++iterations;
    std::size_t from = nb, to = nb;
    double improved = best;
    for (std::size_t b = 0; b < nb; ++b) {
      for (std::size_t c = 0; c < nb; ++c) {
        if (b == c || !(pay[b] > TINY) || !(pay[c] > TINY)) continue;
        // Moving `step` of expected payment from band c to band b.
        const double kc = k[c] - step / pay[c];
        if (kc < 0.0) continue;
        auto trial = k;
        trial[b] += step / pay[b];
        trial[c] = kc;
        const double g = lm.gain(trial);
        if (g < improved - 1e-12 * payment) {
          improved = g;
          from = c;
          to = b;
        }
      }
    }
    if (from == nb) {
      step /= 2.0;
      continue;
    }
    k[to] += step / pay[to];
    k[from] -= step / pay[from];
    best = improved;
  }
  return k;
}

}  // namespace

std::string_view to_string(CalibrationObjective objective) {
  return objective == CalibrationObjective::equal_margin ? "equal_margin" : "gaming_gain";
}

std::optional<CalibrationObjective> parse_objective(std::string_view name) {
  if (name == "equal_margin") return CalibrationObjective::equal_margin;
  if (name == "gaming_gain") return CalibrationObjective::gaming_gain;
  return std::nullopt;
}

model::Contract scale_band_amounts(const model::Contract& contract,
                                   const std::vector<double>& multipliers) {
  model::Contract out = contract;
  for (auto& rule : out.rules) {
    if (rule.amount_by_band.size() != multipliers.size()) {
      throw std::invalid_argument("scale_band_amounts: one multiplier per band expected");
    }
    for (std::size_t b = 0; b < multipliers.size(); ++b) {
      if (!(multipliers[b] >= 0.0) || !std::isfinite(multipliers[b])) {
        throw std::invalid_argument("scale_band_amounts: multipliers must be finite and >= 0");
      }
      rule.amount_by_band[b] = core::scale_pence(rule.amount_by_band[b], multipliers[b]);
    }
  }
  return out;
}

double expected_worst_case_gain(const model::Scenario& scenario, const MarginAnalysis& margins) {
  const auto w = normalised_shares(scenario);
  double out = 0.0;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    const double honest = margins.honest.groups[g].margin;
    std::optional<double> park, fast;
    if (margins.park) park = margins.park->groups[g].margin;
    if (margins.fast_track) fast = margins.fast_track->groups[g].margin;
    const GroupDecision best = best_per_admission(honest, park, fast);
    out += w[g] * (best.admission_probability > 0.0 ? best.expected_margin - honest : -honest);
  }
  return out;
}

double expected_payment(const model::Scenario& scenario, const MarginAnalysis& margins) {
  const auto w = normalised_shares(scenario);
  double out = 0.0;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    out += w[g] * margins.honest.groups[g].payments;
  }
  return out;
}

double band_margin_spread(const model::Scenario& scenario, const MarginAnalysis& margins) {
  double hi = -INFINITY, lo = INFINITY;
  for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
    bool pays = false;
    for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
      if (static_cast<std::size_t>(scenario.groups[g].band) == b &&
          margins.honest.groups[g].payments > 0.0) {
        pays = true;
      }
    }
    if (!pays || !(margins.honest.bands[b].weight > 0.0)) continue;
    hi = std::max(hi, margins.honest.bands[b].margin);
    lo = std::min(lo, margins.honest.bands[b].margin);
  }
  return hi >= lo ? hi - lo : 0.0;
}

CalibrationResult calibrate(const model::Scenario& scenario, const CalibrationSettings& settings) {
  if (settings.max_rounds < 1) throw std::invalid_argument("calibrate: max_rounds must be >= 1");
  CalibrationResult out;
  out.objective = settings.objective;
  const bool equal = settings.objective == CalibrationObjective::equal_margin;
  out.tolerance = settings.tolerance >= 0.0
                      ? settings.tolerance
                      : (equal ? DEFAULT_MARGIN_TOLERANCE_POUNDS : DEFAULT_GAIN_TOLERANCE);

  out.before = analyse_margins(scenario, settings.margins);
  const double payment = expected_payment(scenario, out.before);
  out.payment_before = payment;
  out.spread_before = band_margin_spread(scenario, out.before);
  out.gain_before = payment > 0.0 ? expected_worst_case_gain(scenario, out.before) / payment : 0.0;

  std::vector<double> k(scenario.bands.size(), 1.0);
  const LinearModel first = fit(scenario, out.before, k, nullptr);
  const MarginAnalysis* current = &out.before;
  model::Scenario calibrated = scenario;
  for (int round = 1; round <= settings.max_rounds; ++round) {
    out.rounds = round;
    const LinearModel lm = round == 1 ? first : fit(scenario, *current, k, &first);
    std::vector<std::string> notes;
    std::vector<double> next = solve_equal_margin(scenario, lm, payment, notes);
    if (!equal) next = search_gaming_gain(lm, next, payment, out.tolerance * payment);
    k = next;
    calibrated.contract = scale_band_amounts(scenario.contract, k);
    out.after = analyse_margins(calibrated, settings.margins);
    current = &out.after;
    out.notes = notes;
    out.payment_after = expected_payment(calibrated, out.after);
    out.spread_after = band_margin_spread(calibrated, out.after);
    out.gain_after = out.payment_after > 0.0
                         ? expected_worst_case_gain(calibrated, out.after) / out.payment_after
                         : 0.0;
    out.converged =
        equal ? out.spread_after <= out.tolerance * 100.0 : out.gain_after <= out.tolerance;
    if (out.converged) break;
  }
  if (!out.converged) {
    out.notes.push_back(equal ? "band margins could not be equalised within the tolerance"
                              : "band multipliers cannot bring the worst-case gain under the "
                                "tolerance; the closest result is written");
  }
  out.multipliers = k;
  out.contract = calibrated.contract;
  return out;
}

}  // namespace pbr::strategy
