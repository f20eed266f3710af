#include "engine/strategy/coupled_search.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "engine/rules/contract_terms.hpp"
#include "engine/sim/group_mix.hpp"
#include "engine/strategy/golden_section.hpp"
#include "engine/strategy/margins.hpp"

namespace pbr::strategy {

namespace {

//! Combinations remembered for the finalists.
constexpr std::size_t KEPT = 16;

//! One replication of one simulated run, reduced to what a combination's margin needs.
struct RunPart {
  rules::PaymentLedger<std::int64_t> ledger;  //!< per-client payments (stage 1)
  std::vector<std::int64_t> cohort;           //!< per group: admissions + existing caseload
  std::vector<double> cost;                   //!< per group: discounted cost, pence
  std::vector<double> paid;                   //!< per group: discounted stage-1 payments, pence
};

//! The simulated options and the margin of any combination of them (see the file comment).
class Evaluator {
 public:
  Evaluator(const model::Scenario& scenario, const sim::RunSettings& search)
      : scenario_(scenario),
        search_(search),
        discount_(
            discount_factors(scenario.contract.annual_discount_rate, scenario.horizon_months)),
        groups_(scenario.groups.size()),
        where_(groups_),
        scratch_(
            static_cast<std::size_t>(search.replications),
            Scratch{rules::PaymentLedger<std::int64_t>(
                        scenario.horizon_months, static_cast<int>(scenario.contract.rules.size()),
                        static_cast<int>(groups_)),
                    std::vector<const rules::PaymentLedger<std::int64_t>*>(groups_),
                    std::vector<std::int64_t>(groups_)}) {}

  //! Simulates every option of `lists` not simulated yet; one run carries an option for each
  //! group that still has one to simulate (the others repeat their first option).
  void simulate(const std::vector<std::vector<Option>>& lists) {
    std::size_t runs = 0;
    for (std::size_t g = 0; g < groups_; ++g) {
      runs = std::max(runs, lists[g].size() - where_[g].size());
    }
    if (runs == 0) return;
    std::vector<sim::ProviderPolicy> policies;
    const std::size_t first_run = runs_.size();
    for (std::size_t j = 0; j < runs; ++j) {
      std::vector<Option> choice(groups_);
      for (std::size_t g = 0; g < groups_; ++g) {
        const std::size_t k = where_[g].size() + j;
        choice[g] = k < lists[g].size() ? lists[g][k] : lists[g].front();
      }
      policies.push_back(policy_of(scenario_, choice, "best_response_search"));
    }
    // Run first_run + j holds option (old size + j) of each group that has one.
    for (std::size_t g = 0; g < groups_; ++g) {
      const std::size_t old = where_[g].size();
      for (std::size_t k = old; k < lists[g].size(); ++k) where_[g].push_back(first_run + k - old);
    }
    runs_.resize(first_run + runs);
    for (auto& r : std::span(runs_).subspan(first_run)) {
      r.resize(static_cast<std::size_t>(search_.replications));
    }
    sim::for_each_replication(
        scenario_, policies, search_,
        [&](int rep, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
          for (std::size_t j = 0; j < tallies.size(); ++j) {
            runs_[first_run + j][static_cast<std::size_t>(rep)] = reduce(tallies[j]);
          }
        },
        {}, sim::PaymentStage::per_client);
    simulations_ += static_cast<int>(runs);
  }

  //! Each replication's margin (pence, block payment excluded) of one option index per group.
  //! Replications are evaluated in parallel, each into its own scratch: the values do not
  //! depend on the thread count.
  void values(std::span<const std::size_t> combo, std::vector<double>& out) {
    out.assign(static_cast<std::size_t>(search_.replications), 0.0);
    const auto one = [&](std::size_t rep) {
      Scratch& scratch = scratch_[rep];
      double cost = 0.0;
      for (std::size_t g = 0; g < groups_; ++g) {
        const RunPart& part = runs_[where_[g][combo[g]]][rep];
        scratch.sources[g] = &part.ledger;
        scratch.cohort[g] = part.cohort[g];
        cost += part.cost[g];
      }
      sim::mix_ledger_parts(scratch.sources, scratch.ledger);
      rules::apply_contract_terms(scenario_.contract, scratch.cohort, scratch.ledger);
      out[rep] = discounted_payments(scratch.ledger) - cost;
    };
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, out.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t rep = range.begin(); rep != range.end(); ++rep) one(rep);
                      });
    ++combinations_;
  }

  //! The bound of option k of group g: its discounted per-client payments less its cost,
  //! averaged over the replications (pence).
  [[nodiscard]] double bound(std::size_t g, std::size_t k) const {
    double sum = 0.0;
    for (const auto& part : runs_[where_[g][k]]) sum += part.paid[g] - part.cost[g];
    return sum / static_cast<double>(search_.replications);
  }

  //! What the contract stage's rounding may add to a combination beyond its bound (pence):
  //! a penny per payment cell.
  [[nodiscard]] double rounding_slack() const {
    return 1.0 + static_cast<double>(scratch_.front().ledger.payments.size());
  }

  [[nodiscard]] int simulations() const { return simulations_; }
  [[nodiscard]] int combinations() const { return combinations_; }

 private:
  RunPart reduce(sim::ReplicationTally<std::int64_t>& tally) const {
    RunPart part;
    for (std::size_t g = 0; g < groups_; ++g) {
      part.cohort.push_back(tally.by_group[g].admissions + tally.by_group[g].existing);
      double cost = 0.0, paid = 0.0;
      for (int t = 0; t < tally.horizon; ++t) {
        const double d = discount_[static_cast<std::size_t>(t)];
        cost += d * static_cast<double>(tally.cost_at(t, static_cast<int>(g)));
        for (int r = 0; r < tally.rules; ++r) {
          paid += d * static_cast<double>(tally.ledger.payment_at(t, r, static_cast<int>(g)));
        }
      }
      part.cost.push_back(cost);
      part.paid.push_back(paid);
    }
    part.ledger = std::move(tally.ledger);
    return part;
  }

  [[nodiscard]] double discounted_payments(const rules::PaymentLedger<std::int64_t>& l) const {
    double sum = 0.0;
    const std::size_t per_month = static_cast<std::size_t>(l.rules) * l.groups;
    for (int t = 0; t < l.months; ++t) {
      std::int64_t month = 0;
      const auto* cell = l.payments.data() + static_cast<std::size_t>(t) * per_month;
      for (std::size_t c = 0; c < per_month; ++c) month += cell[c];
      sum += discount_[static_cast<std::size_t>(t)] * static_cast<double>(month);
    }
    return sum;
  }

  const model::Scenario& scenario_;
  sim::RunSettings search_;
  std::vector<double> discount_;
  std::size_t groups_;
  std::vector<std::vector<std::size_t>> where_;  //!< [g][k]: the run that simulated option k
  std::vector<std::vector<RunPart>> runs_;       //!< [run][replication]
  //! What one replication's evaluation writes.
  struct Scratch {
    rules::PaymentLedger<std::int64_t> ledger;
    std::vector<const rules::PaymentLedger<std::int64_t>*> sources;
    std::vector<std::int64_t> cohort;
  };
  std::vector<Scratch> scratch_;  //!< per replication
  int simulations_ = 0, combinations_ = 0;
};

//! An evaluated combination.
struct Scored {
  std::vector<std::size_t> combo;  //!< option index per group
  std::vector<double> values;      //!< per replication, pence
  double mean = 0.0;
};

double mean_of(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

//! Whether `a` should replace the incumbent `b`: strictly higher, or equal and earlier in the
//! lists (less gaming: the lists put admission and honest effort first).
bool preferred(const Scored& a, const Scored& b) {
  if (strictly_better(a.mean, b.mean)) return true;
  if (strictly_better(b.mean, a.mean)) return false;
  return a.combo < b.combo;
}

class Search {
 public:
  Search(Evaluator& eval, std::vector<std::vector<Option>> lists)
      : eval_(eval), lists_(std::move(lists)) {}

  const Scored& best() const { return kept_.front(); }
  const std::vector<Scored>& kept() const { return kept_; }
  const std::vector<std::vector<Option>>& lists() const { return lists_; }
  std::vector<std::vector<Option>>& lists() { return lists_; }
  bool proven() const { return proven_; }

  //! Evaluates a combination and remembers it among the best KEPT.
  const Scored& evaluate(const std::vector<std::size_t>& combo) {
    for (const auto& k : kept_) {
      if (k.combo == combo) return k;
    }
    Scored s;
    s.combo = combo;
    eval_.values(combo, s.values);
    s.mean = mean_of(s.values);
    const auto at =
        std::find_if(kept_.begin(), kept_.end(), [&](const Scored& k) { return preferred(s, k); });
    const auto pos = kept_.insert(at, std::move(s));
    const Scored* out = &*pos;
    if (kept_.size() > KEPT) {
      if (pos == kept_.end() - 1) {
        last_ = *pos;
        kept_.pop_back();
        return last_;
      }
      kept_.pop_back();
    }
    return *out;
  }

  //! The option of group g with admission `admission` whose bound is highest (the first on
  //! ties); the group's first option when none has that admission.
  std::size_t best_bounded(std::size_t g, double admission) const {
    std::size_t best = 0;
    bool found = false;
    for (std::size_t k = 0; k < lists_[g].size(); ++k) {
      if (lists_[g][k].admission != admission) continue;
      if (!found || eval_.bound(g, k) > eval_.bound(g, best)) best = k;
      found = true;
    }
    return best;
  }

  //! Branch and bound over every combination of the lists (see the header).
  void branch_and_bound() {
    const std::size_t groups = lists_.size();
    order_.assign(groups, {});
    best_bound_.assign(groups + 1, 0.0);
    std::vector<std::vector<double>> bounds(groups);
    for (std::size_t g = 0; g < groups; ++g) {
      for (std::size_t k = 0; k < lists_[g].size(); ++k) bounds[g].push_back(eval_.bound(g, k));
      order_[g].resize(lists_[g].size());
      std::iota(order_[g].begin(), order_[g].end(), std::size_t{0});
      std::stable_sort(order_[g].begin(), order_[g].end(),
                       [&](std::size_t a, std::size_t b) { return bounds[g][a] > bounds[g][b]; });
    }
    for (std::size_t g = groups; g-- > 0;) {
      best_bound_[g] = best_bound_[g + 1] + bounds[g][order_[g].front()];
    }
    bounds_ = std::move(bounds);
    std::vector<std::size_t> combo(groups, 0);
    descend(0, 0.0, combo);
  }

  //! Moves of one group at a time from `start` while one raises the margin; `allowed(g, k)`
  //! says which options a move may take. Returns the local optimum.
  template <class Allowed>
  std::vector<std::size_t> climb(std::vector<std::size_t> at, Allowed allowed) {
    Scored here = evaluate(at);
    bool moved = true;
    while (moved) {
      moved = false;
      for (std::size_t g = 0; g < lists_.size(); ++g) {
        for (std::size_t k = 0; k < lists_[g].size(); ++k) {
          if (at[g] == k || !allowed(g, k)) continue;
          auto next = at;
          next[g] = k;
          const Scored& s = evaluate(next);
          if (preferred(s, here)) {
            here = s;
            at = std::move(next);
            moved = true;
          }
        }
      }
    }
    return at;
  }
  std::vector<std::size_t> climb(std::vector<std::size_t> at) {
    return climb(std::move(at), [](std::size_t, std::size_t) { return true; });
  }

  //! Golden-section refinement of the intensity of every group whose option in the best
  //! combination is a behaviour with a range, within a grid step on either side, the other
  //! groups kept. One run per step carries every group's probe.
  void refine_intensities(const model::Scenario& scenario, Evaluator& eval, int grid_points) {
    const auto base = best().combo;
    const std::size_t n = base.size();
    std::vector<bool> refining(n, false);
    std::vector<double> lo(n), hi(n);
    for (std::size_t g = 0; g < n; ++g) {
      const Option& o = lists_[g][base[g]];
      if (o.behaviour < 0) continue;
      const auto window = intensity_window(
          scenario.behaviours[static_cast<std::size_t>(o.behaviour)], o.intensity, grid_points);
      if (!window) continue;
      refining[g] = true;
      std::tie(lo[g], hi[g]) = *window;
    }
    // The margin of the base combination with group g's intensity at t.
    const auto probe = [&](const std::vector<double>& at, std::vector<double>& value) {
      std::vector<std::size_t> index(n);
      for (std::size_t g = 0; g < n; ++g) {
        if (!refining[g]) continue;
        Option o = lists_[g][base[g]];
        o.intensity = at[g];
        index[g] = add_option(g, o);
      }
      eval.simulate(lists_);
      for (std::size_t g = 0; g < n; ++g) {
        if (!refining[g]) continue;
        auto combo = base;
        combo[g] = index[g];
        value[g] = evaluate(combo).mean;
      }
    };
    golden_section_side_by_side(refining, lo, hi, GOLDEN_SECTION_STEPS, probe);
  }

  //! The index of `o` in group g's list, appended when new.
  std::size_t add_option(std::size_t g, const Option& o) {
    auto& list = lists_[g];
    const auto it = std::find(list.begin(), list.end(), o);
    if (it != list.end()) return static_cast<std::size_t>(it - list.begin());
    list.push_back(o);
    return list.size() - 1;
  }

 private:
  void descend(std::size_t level, double fixed, std::vector<std::size_t>& combo) {
    if (!proven_) return;
    if (level == combo.size()) {
      if (eval_.combinations() >= MAX_COMBINATIONS) {
        proven_ = false;
        return;
      }
      evaluate(combo);
      return;
    }
    for (const std::size_t k : order_[level]) {
      const double bound = fixed + bounds_[level][k] + best_bound_[level + 1];
      if (!kept_.empty() && bound + eval_.rounding_slack() < best().mean) break;
      combo[level] = k;
      descend(level + 1, fixed + bounds_[level][k], combo);
      if (!proven_) return;
    }
  }

  Evaluator& eval_;
  std::vector<std::vector<Option>> lists_;
  std::vector<Scored> kept_;  //!< best first
  Scored last_;
  std::vector<std::vector<std::size_t>> order_;
  std::vector<std::vector<double>> bounds_;
  std::vector<double> best_bound_;  //!< [level]: sum of the best bounds of groups >= level
  bool proven_ = true;
};

}  // namespace

double paired_standard_error(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size();
  if (n < 2) return 0.0;
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) mean += a[i] - b[i];
  mean /= static_cast<double>(n);
  double ss = 0.0;
  for (std::size_t i = 0; i < n; ++i) ss += (a[i] - b[i] - mean) * (a[i] - b[i] - mean);
  return std::sqrt(ss / static_cast<double>(n - 1) / static_cast<double>(n));
}

CoupledSearchResult search_coupled(const model::Scenario& scenario,
                                   const std::vector<std::vector<Option>>& lists,
                                   std::span<const std::vector<Option>> starts,
                                   const sim::RunSettings& search) {
  Evaluator eval(scenario, search);
  Search s(eval, lists);
  std::vector<std::vector<std::size_t>> start_combos;
  for (const auto& start : starts) {
    std::vector<std::size_t> combo;
    for (std::size_t g = 0; g < start.size(); ++g) combo.push_back(s.add_option(g, start[g]));
    start_combos.push_back(std::move(combo));
  }
  eval.simulate(s.lists());
  for (const auto& combo : start_combos) s.evaluate(combo);
  s.branch_and_bound();
  if (!s.proven()) {
    // Every admission pattern (admit or refuse each group, while there are at most
    // 2^MAX_PATTERN_GROUPS), each group starting from its best-bounded effort, efforts
    // climbed with admissions kept; then free moves from the best.
    const std::size_t groups = s.lists().size();
    if (!scenario.strategies.open_access && groups <= MAX_PATTERN_GROUPS) {
      for (std::size_t pattern = 0; pattern < (std::size_t{1} << groups); ++pattern) {
        std::vector<std::size_t> combo(groups);
        for (std::size_t g = 0; g < groups; ++g) {
          const double admission = (pattern >> g) & 1U ? 0.0 : 1.0;
          combo[g] = s.best_bounded(g, admission);
        }
        s.climb(combo, [&](std::size_t g, std::size_t k) {
          return s.lists()[g][k].admission == s.lists()[g][combo[g]].admission;
        });
      }
    }
    s.climb(s.best().combo);
  }
  s.refine_intensities(scenario, eval, COUPLED_GRID_POINTS);
  // Fractional admission, each group's effort kept.
  if (!scenario.strategies.open_access) {
    const auto base = s.best().combo;
    for (std::size_t g = 0; g < base.size(); ++g) {
      Option o = s.lists()[g][base[g]];
      for (const double a : ADMISSION_FRACTIONS) {
        o.admission = a;
        s.add_option(g, o);
      }
    }
    eval.simulate(s.lists());
    s.climb(s.best().combo);
  }

  CoupledSearchResult out;
  out.proven = s.proven();
  out.simulations = eval.simulations();
  out.combinations = eval.combinations();
  const auto choice_of = [&](const Scored& k) {
    std::vector<Option> choice;
    for (std::size_t g = 0; g < k.combo.size(); ++g) choice.push_back(s.lists()[g][k.combo[g]]);
    return choice;
  };
  const Scored& best = s.best();
  for (const auto& k : s.kept()) {
    out.candidates.push_back(choice_of(k));
    const bool close =
        &k == &best || best.mean - k.mean <=
                           FINALIST_STANDARD_ERRORS * paired_standard_error(best.values, k.values);
    if (close && out.finalists.size() < MAX_FINALISTS) {
      out.finalists.push_back(choice_of(k));
      out.estimates.push_back(k.mean / 100.0);
    }
  }
  return out;
}

}  // namespace pbr::strategy
