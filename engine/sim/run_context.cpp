#include "engine/sim/run_context.hpp"

#include <stdexcept>

#include "engine/sim/path_tally.hpp"

namespace pbr::sim::detail {

namespace {

std::vector<char> treatment_flags(const model::Scenario& scenario) {
  std::vector<char> out;
  for (const auto& s : scenario.states) out.push_back(s.kind == model::StateKind::treatment);
  return out;
}

}  // namespace

void Progress::add(std::int64_t n) {
  if (!callback_) return;
  const std::lock_guard lock(mutex_);
  done_ += n;
  callback_(done_, total_);
}

RunContext::RunContext(const model::Scenario& scenario_in, const ProviderPolicy& policy_in,
                       std::uint64_t seed, const RunHooks& hooks)
    : scenario(scenario_in),
      policy(policy_in),
      generator(scenario_in, policy_in),
      rules(scenario_in.contract, scenario_in.states, scenario_in.horizon_months),
      is_treatment(treatment_flags(scenario_in)),
      seed_(seed),
      hooks_(hooks),
      costs_(unit_costs(scenario_in, policy_in)) {
  double running = 0.0;
  for (const auto& g : scenario.groups) {
    running += g.share;
    share_cum_.push_back(running);
  }
  // The shares sum to 1 within 1e-6 (check_invariants); the last group takes the remainder.
  share_cum_.back() = 2.0;
}

model::GroupIndex RunContext::draw_group(std::uint64_t rep, model::ClientId cid,
                                         Scratch& scratch) const {
  if (share_cum_.size() == 1) return 0;
  const double u = scratch.case_mix.uniform(seed_, rep, cid);
  std::size_t g = 0;
  while (u >= share_cum_[g]) ++g;
  return static_cast<model::GroupIndex>(g);
}

model::GroupIndex RunContext::existing_group(const model::ExistingCaseload& entry,
                                             std::uint64_t rep, model::ClientId cid,
                                             Scratch& scratch) const {
  return entry.group >= 0 ? entry.group : draw_group(rep, cid, scratch);
}

bool RunContext::draw_admission(model::GroupIndex g, std::uint64_t rep, model::ClientId cid,
                                Scratch& scratch) const {
  const double p = policy.groups[static_cast<std::size_t>(g)].admission_probability;
  if (p >= 1.0) return true;
  if (p <= 0.0) return false;
  return scratch.admission.uniform(seed_, rep, cid) < p;
}

ClientOutcome RunContext::simulate_uncapped(std::uint64_t rep, model::ClientId cid,
                                            const ClientSlot& slot, Scratch& scratch) const {
  auto& path = scratch.path;
  path.clear();
  path.cid = cid;
  path.arrival = slot.arrival;
  auto rng = stream(rng::Stream::transition, rep, cid);
  const model::Month horizon = scenario.horizon_months;
  if (slot.existing) {
    const auto& e = scenario.referrals.existing[static_cast<std::size_t>(slot.existing_entry)];
    path.group = existing_group(e, rep, cid, scratch);
    path.admitted = true;
    generator.extend(path.group, e.state, 0, e.months_in_state, horizon, rng, path);
    return ClientOutcome::existing;
  }
  path.group = draw_group(rep, cid, scratch);
  path.admitted = draw_admission(path.group, rep, cid, scratch);
  const auto& ref = scenario.referrals;
  generator.extend(path.group, path.admitted ? entry_state(path.group) : ref.untreated_state,
                   slot.arrival, 0, horizon, rng, path);
  return path.admitted ? ClientOutcome::admitted : ClientOutcome::refused;
}

void RunContext::settle(int rep, ClientOutcome outcome, Scratch& scratch,
                        ReplicationTally<std::int64_t>& tally) const {
  const auto& path = scratch.path;
  auto& gt = tally.by_group[static_cast<std::size_t>(path.group)];
  switch (outcome) {
    case ClientOutcome::existing:
      ++gt.existing;
      break;
    case ClientOutcome::admitted:
      ++gt.referrals;
      ++gt.admissions;
      if (!path.entries.empty() &&
          scenario.states[static_cast<std::size_t>(path.entries.front().state)].kind ==
              model::StateKind::treatment) {
        ++gt.direct_starts;
      }
      if (path.wait_months > 0) {
        ++gt.waited;
        gt.wait_months += path.wait_months;
      }
      break;
    case ClientOutcome::refused:
      ++gt.referrals;
      ++gt.refused;
      break;
    case ClientOutcome::turned_away:
      ++gt.referrals;
      ++gt.turned_away;
      break;
    case ClientOutcome::left_waiting:
    case ClientOutcome::still_waiting:
      ++gt.referrals;
      break;
  }
  add_path(path, tally);
  scratch.payments.clear();
  const model::BandIndex band = scenario.groups[static_cast<std::size_t>(path.group)].band;
  if (path.admitted && rules.rule_count() > 0) {
    rules.evaluate(path, band, scratch.payments);
    rules::add_to_ledger(scratch.payments, path.group, tally.ledger);
    rules.count_cohort(path, tally.ledger);
  }
  if (hooks_.observer) {
    const ClientTrace trace{rep, path, scratch.payments, outcome, band};
    const std::lock_guard lock(observer_mutex_);
    hooks_.observer(trace);
  }
}

ReplicationTally<std::int64_t> RunContext::empty_tally() const {
  return ReplicationTally<std::int64_t>(
      static_cast<int>(scenario.states.size()), static_cast<int>(scenario.groups.size()),
      static_cast<int>(scenario.contract.rules.size()), scenario.horizon_months);
}

void RunContext::finish(ReplicationTally<std::int64_t>& tally, PaymentStage stage) const {
  finish_occupancy_and_cost(costs_, tally);
  if (stage == PaymentStage::contract) apply_contract_stage(scenario, tally);
}

}  // namespace pbr::sim::detail
