#include "engine/model/scenario.hpp"

#include <cmath>
#include <string>

namespace pbr::model {

namespace {

constexpr double SUM_TOLERANCE = 1e-9;

bool in_unit_interval(double p) {
  return std::isfinite(p) && p >= 0.0 && p <= 1.0;
}

void check_schedule(const Scenario& s, std::size_t g, std::size_t from, const StateSchedule& sched,
                    std::vector<std::string>& problems) {
  const std::string where =
      "transitions of group '" + s.groups[g].name + "' from '" + s.states[from].name + "'";
  if (sched.duration_starts.empty() || sched.duration_starts.front() != 0 ||
      sched.month_starts.empty() || sched.month_starts.front() != 0) {
    problems.push_back(where + ": duration and month pieces must start at 0");
    return;
  }
  if (sched.cells.size() != sched.duration_starts.size() * sched.month_starts.size()) {
    problems.push_back(where + ": cell count does not match pieces");
    return;
  }
  for (const auto& cell : sched.cells) {
    for (const auto& e : cell.exits) {
      if (e.to < 0 || static_cast<std::size_t>(e.to) >= s.states.size() ||
          static_cast<std::size_t>(e.to) == from) {
        problems.push_back(where + ": exit to an invalid state");
      }
      if (!in_unit_interval(e.probability))
        problems.push_back(where + ": probability outside [0,1]");
    }
    if (cell.exit_probability() > 1.0 + SUM_TOLERANCE) {
      problems.push_back(where + ": exit probabilities sum above 1");
    }
  }
  if (s.states[from].absorbing && !sched.has_no_exits()) {
    problems.push_back(where + ": absorbing state has exits");
  }
}

}  // namespace

std::vector<std::string> check_invariants(const Scenario& s) {
  std::vector<std::string> problems;
  if (s.horizon_months < 1) problems.push_back("horizon_months must be >= 1");
  if (s.states.empty()) problems.push_back("no states");
  if (s.bands.empty()) problems.push_back("no bands");
  if (s.groups.empty()) problems.push_back("no groups");
  double share_sum = 0.0;
  for (const auto& g : s.groups) {
    share_sum += g.share;
    if (!in_unit_interval(g.share))
      problems.push_back("group '" + g.name + "': share outside [0,1]");
    if (g.band < 0 || static_cast<std::size_t>(g.band) >= s.bands.size()) {
      problems.push_back("group '" + g.name + "': band out of range");
    }
  }
  if (!s.groups.empty() && std::fabs(share_sum - 1.0) > 1e-6) {
    problems.push_back("group shares sum to " + std::to_string(share_sum) + ", not 1");
  }
  for (const auto& st : s.states) {
    if (st.kind == StateKind::death && !st.absorbing) {
      problems.push_back("state '" + st.name + "': death states must be absorbing");
    }
  }
  if (s.transitions.size() != s.groups.size()) {
    problems.push_back("transitions: one entry per group expected");
  } else {
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
      if (s.transitions[g].from.size() != s.states.size()) {
        problems.push_back("transitions of group '" + s.groups[g].name +
                           "': one schedule per state expected");
        continue;
      }
      for (std::size_t from = 0; from < s.states.size(); ++from) {
        check_schedule(s, g, from, s.transitions[g].from[from], problems);
      }
    }
  }
  const auto valid_state = [&](StateIndex i) {
    return i >= 0 && static_cast<std::size_t>(i) < s.states.size();
  };
  if (!valid_state(s.referrals.admission_state))
    problems.push_back("referrals: invalid admission state");
  if (!valid_state(s.referrals.untreated_state))
    problems.push_back("referrals: invalid untreated state");
  if (s.referrals.waiting_state != -1 && !valid_state(s.referrals.waiting_state)) {
    problems.push_back("referrals: invalid waiting state");
  }
  for (const auto& e : s.referrals.existing) {
    if (!valid_state(e.state))
      problems.push_back("referrals: existing caseload in an invalid state");
    if (e.group < -1 || (e.group >= 0 && static_cast<std::size_t>(e.group) >= s.groups.size())) {
      problems.push_back("referrals: existing caseload of an invalid group");
    }
  }
  if (s.economics.cost_per_month.size() != s.groups.size()) {
    problems.push_back("economics: one cost row per group expected");
  } else {
    for (const auto& row : s.economics.cost_per_month) {
      if (row.size() != s.states.size())
        problems.push_back("economics: one cost per state expected");
      for (auto c : row) {
        if (c < 0) problems.push_back("economics: negative cost");
      }
    }
  }
  if (s.economics.capacity && *s.economics.capacity < 0)
    problems.push_back("economics: negative capacity");
  if (s.economics.overflow == OverflowPolicy::wait && s.referrals.waiting_state == -1 &&
      s.economics.capacity) {
    problems.push_back("economics: overflow 'wait' needs a waiting state");
  }
  for (const auto& rule : s.contract.rules) {
    if (rule.amount_by_band.size() != s.bands.size()) {
      problems.push_back("rule '" + rule.name + "': one amount per band expected");
    }
    for (auto a : rule.amount_by_band) {
      if (a < 0) problems.push_back("rule '" + rule.name + "': negative amount");
    }
    for (auto t : rule.trigger_states) {
      if (!valid_state(t)) problems.push_back("rule '" + rule.name + "': invalid trigger state");
    }
    if (rule.lag_months < 0) problems.push_back("rule '" + rule.name + "': negative lag");
  }
  if (s.contract.annual_discount_rate < 0.0) problems.push_back("contract: negative discount rate");
  for (const auto& b : s.behaviours) {
    if (b.groups.size() != s.groups.size()) {
      problems.push_back("behaviour '" + b.name + "': one entry per group expected");
      continue;
    }
    for (const auto& gb : b.groups) {
      if (!in_unit_interval(gb.admission_probability)) {
        problems.push_back("behaviour '" + b.name + "': admission probability outside [0,1]");
      }
      if (!(gb.cost_multiplier >= 0.0))
        problems.push_back("behaviour '" + b.name + "': negative cost multiplier");
      for (const auto& m : gb.multipliers) {
        if (!valid_state(m.from) || !valid_state(m.to) || !(m.factor >= 0.0)) {
          problems.push_back("behaviour '" + b.name + "': invalid transition multiplier");
        }
      }
    }
  }
  if (s.run.replications < 1) problems.push_back("run: replications must be >= 1");
  return problems;
}

}  // namespace pbr::model
