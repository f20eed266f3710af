#include "engine/rules/client_rules.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <climits>
#include <stdexcept>
#include <string>

namespace pbr::rules {

namespace {

std::string rule_label(const model::PaymentRule& rule, std::size_t r) {
  return "payment rule " + std::to_string(r) + " ('" + rule.name + "')";
}

void check_states(const std::vector<model::StateIndex>& states, int count,
                  const std::string& where) {
  for (const auto s : states) {
    if (s < 0 || s >= count) {
      throw std::invalid_argument(where + ": state index " + std::to_string(s) +
                                  " out of range [0, " + std::to_string(count) + ")");
    }
  }
}

//! A candidate payment before the per-client caps: pay month, rule, amount, clawback month,
//! and whether it is an outcome payment (capped by cap_per_client).
struct Item {
  model::Month p;
  model::RuleIndex r;
  core::Pence amount;
  model::Month claw;
  bool outcome;
};

//! Items of one client. Almost every client has a handful of payments, so they live on the
//! stack; the heap is touched only by pathological paths (more than LOCAL payments).
class ItemBuffer {
 public:
  void push(const Item& it) {
    if (heap_.empty() && n_ < LOCAL) {
      local_[n_++] = it;
      return;
    }
    if (heap_.empty()) heap_.assign(local_.begin(), local_.end());
    heap_.push_back(it);
    ++n_;
  }
  Item* begin() { return heap_.empty() ? local_.data() : heap_.data(); }
  Item* end() { return begin() + n_; }

 private:
  static constexpr std::size_t LOCAL = 48;
  std::array<Item, LOCAL> local_;  // not zeroed: only [0, n_) is ever read
  std::vector<Item> heap_;
  std::size_t n_ = 0;
};

}  // namespace

ClientRules::ClientRules(const model::Contract& contract, const std::vector<model::State>& states,
                         model::Month horizon)
    : states_(static_cast<int>(states.size())), horizon_(horizon) {
  if (horizon < 1) {
    throw std::invalid_argument("ClientRules: horizon must be >= 1 month, got " +
                                std::to_string(horizon));
  }
  const auto check_cap = [](const std::optional<core::Pence>& cap, const char* name) {
    if (cap && *cap < 0) {
      throw std::invalid_argument(std::string("ClientRules: ") + name +
                                  " must be >= 0 pence, got " + std::to_string(*cap));
    }
    return cap;
  };
  outcome_cap_ = check_cap(contract.cap_per_client, "cap_per_client");
  total_cap_ = check_cap(contract.cap_per_client_all_payments, "cap_per_client_all_payments");
  const std::size_t n_states = states.size();
  for (const auto& st : states) is_treatment_.push_back(st.kind == model::StateKind::treatment);
  flags_.assign(contract.rules.size() * n_states, 0);
  rules_by_state_.assign(n_states, 0);
  min_bands_ = INT_MAX;  // no rules: any band is fine
  rules_.reserve(contract.rules.size());
  for (std::size_t r = 0; r < contract.rules.size(); ++r) {
    const auto& rule = contract.rules[r];
    const auto where = rule_label(rule, r);
    Compiled c;
    if (rule.amount_by_band.empty()) throw std::invalid_argument(where + ": no amount_by_band");
    for (const auto a : rule.amount_by_band) {
      if (a < 0) throw std::invalid_argument(where + ": negative amount " + std::to_string(a));
    }
    c.amount_by_band = rule.amount_by_band;
    model::Month previous_change = 0;
    for (const auto& change : rule.tariff_changes) {
      if (change.from_month <= previous_change) {
        throw std::invalid_argument(where +
                                    ": tariff_changes must start after month 0 in "
                                    "increasing order, got from_month " +
                                    std::to_string(change.from_month));
      }
      if (change.amount_by_band.size() != rule.amount_by_band.size()) {
        throw std::invalid_argument(where + ": a tariff change needs an amount for every band");
      }
      for (const auto a : change.amount_by_band) {
        if (a < 0) throw std::invalid_argument(where + ": negative amount " + std::to_string(a));
      }
      previous_change = change.from_month;
    }
    c.tariff_changes = rule.tariff_changes;
    c.outcome = rule.kind == model::RuleKind::outcome_payment;
    if (rule.lag_months < 0) {
      throw std::invalid_argument(where + ": lag_months must be >= 0, got " +
                                  std::to_string(rule.lag_months));
    }
    c.lag = rule.lag_months;
    c.once_per_client = rule.frequency == model::PayFrequency::once_per_client;
    if (rule.min_consecutive_months) {
      if (*rule.min_consecutive_months < 1) {
        throw std::invalid_argument(where + ": min_consecutive_months must be >= 1, got " +
                                    std::to_string(*rule.min_consecutive_months));
      }
      c.k = *rule.min_consecutive_months;
    }
    std::uint8_t* f = flags_.data() + r * n_states;
    check_states(rule.trigger_states, states_, where + " trigger_states");
    for (const auto s : rule.trigger_states) {
      f[s] |= TRIGGER;
      if (r < 64) rules_by_state_[static_cast<std::size_t>(s)] |= std::uint64_t{1} << r;
    }
    min_bands_ = std::min(min_bands_, static_cast<int>(rule.amount_by_band.size()));
    const auto window = [&](const std::optional<model::StateWindow>& w, const char* name,
                            std::uint8_t flag) -> model::Month {
      if (!w) return 0;
      if (w->months < 1) {
        throw std::invalid_argument(where + " " + name + ": months must be >= 1, got " +
                                    std::to_string(w->months));
      }
      check_states(w->states, states_, where + " " + name);
      for (const auto s : w->states) f[s] |= flag;
      return w->months;
    };
    if (rule.graded) {
      if (rule.graded->points.empty()) throw std::invalid_argument(where + ": graded needs points");
      graded_.emplace_back(
          static_cast<model::RuleIndex>(r),
          reconciliation_periods(*rule.graded, horizon, model::year_start_offset(contract)));
    }
    c.window = window(rule.no_reentry, "no_reentry", WINDOW);
    c.claw = window(rule.clawback, "clawback", CLAW);
    rules_.push_back(std::move(c));
  }
}

model::Month ClientRules::first_entry(const model::ClientPath& path, std::size_t from, int r,
                                      std::uint8_t flag, model::Month lo, model::Month hi) const {
  const auto& es = path.entries;
  const std::uint8_t* f = flags_.data() + static_cast<std::size_t>(r) * states_;
  for (std::size_t q = std::max<std::size_t>(from, 1); q < es.size(); ++q) {
    const auto t = es[q].month;
    if (t > hi) break;
    if (t < lo) continue;
    // A repeated state is a continuation of the stay, not an entry.
    if ((f[es[q].state] & flag) && es[q].state != es[q - 1].state) return t;
  }
  return -1;
}

template <class Emit>
void ClientRules::collect(const model::ClientPath& path, model::BandIndex band, Emit&& emit) const {
  if (band < 0 || band >= min_bands_) {
    throw std::out_of_range("ClientRules::evaluate: band " + std::to_string(band) +
                            " out of range [0, " + std::to_string(min_bands_) + ")");
  }
  if (rules_.size() > 64) {
    for (std::size_t r = 0; r < rules_.size(); ++r) collect_rule(path, r, band, emit);
    return;
  }
  // Only rules triggered by a state the client entered can pay: most paths touch few of them.
  std::uint64_t mask = 0;
  for (const auto& e : path.entries) {
    if (e.month >= horizon_) break;
    mask |= rules_by_state_[static_cast<std::size_t>(e.state)];
  }
  while (mask != 0) {
    const auto r = static_cast<std::size_t>(std::countr_zero(mask));
    mask &= mask - 1;
    collect_rule(path, r, band, emit);
  }
}

template <class Emit>
void ClientRules::collect_rule(const model::ClientPath& path, std::size_t r, model::BandIndex band,
                               Emit& emit) const {
  const auto& es = path.entries;
  const std::size_t m = es.size();
  const model::Month h = horizon_;
  const Compiled& c = rules_[r];
  const auto b = static_cast<std::size_t>(band);
  // Nothing to pay under any tariff (qualifying counts positive payments only): skip.
  bool pays = c.amount_by_band[b] != 0;
  for (const auto& change : c.tariff_changes) pays = pays || change.amount_by_band[b] != 0;
  if (!pays) return;
  const std::uint8_t* f = flags_.data() + r * static_cast<std::size_t>(states_);
  for (std::size_t i = 0; i < m; ++i) {
    const model::Month t = es[i].month;
    if (t >= h) break;
    const model::StateIndex s = es[i].state;
    if (!(f[s] & TRIGGER) || (i > 0 && es[i - 1].state == s)) continue;
    // Every later candidate starts later, so once a date passes the horizon, stop.
    model::Month e = t + c.k - 1;
    if (e >= h) break;
    std::size_t j = i + 1;
    while (j < m && es[j].state == s) ++j;
    const model::Month u = (j < m && es[j].month < h) ? es[j].month : h;
    if (u < t + c.k) continue;  // left the state too soon
    if (c.window > 0) {
      const model::Month confirmed = e + c.window;
      if (confirmed >= h) break;  // censored by the horizon
      if (first_entry(path, j, static_cast<int>(r), WINDOW, e + 1, confirmed) >= 0) continue;
      e = confirmed;
    }
    const model::Month p = e + c.lag;
    if (p >= h) break;  // this and every later event pay outside the contract
    core::Pence amount = c.amount_by_band[b];
    for (const auto& change : c.tariff_changes) {
      if (change.from_month > p) break;
      amount = change.amount_by_band[b];
    }
    if (amount == 0) {  // a zero tariff in this period: the event still counts as the first
      if (c.once_per_client) break;
      continue;
    }
    model::Month claw = -1;
    if (c.claw > 0) {
      claw =
          first_entry(path, i + 1, static_cast<int>(r), CLAW, p + 1, std::min(p + c.claw, h - 1));
    }
    emit(static_cast<model::RuleIndex>(r), p, amount, claw);
    if (c.once_per_client) break;
  }
}

void ClientRules::evaluate(const model::ClientPath& path, model::BandIndex band,
                           std::vector<Payment>& out) const {
  if (!outcome_cap_ && !total_cap_) {
    collect(path, band,
            [&out](model::RuleIndex r, model::Month p, core::Pence amount, model::Month claw) {
              out.push_back({r, p, amount});
              if (claw >= 0) out.push_back({r, claw, -amount, p});
            });
    return;
  }
  ItemBuffer items;
  collect(
      path, band,
      [this, &items](model::RuleIndex r, model::Month p, core::Pence amount, model::Month claw) {
        items.push({p, r, amount, claw, rules_[static_cast<std::size_t>(r)].outcome});
      });
  // (month, rule) is unique: one rule's events come from entries in distinct months.
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.p != b.p ? a.p < b.p : a.r < b.r; });
  for (Item* j = items.begin(); j != items.end(); ++j) {
    // Net paid before j's month: earlier payments (already cut) less their clawbacks dated at
    // or before that month. Quadratic, but a client has only a few payments.
    core::Pence net_outcome = 0, net_total = 0;
    for (const Item* i = items.begin(); i != j; ++i) {
      if (i->claw >= 0 && i->claw <= j->p) continue;
      net_total += i->amount;
      if (i->outcome) net_outcome += i->amount;
    }
    if (total_cap_) j->amount = std::min(j->amount, *total_cap_ - net_total);
    if (outcome_cap_ && j->outcome) j->amount = std::min(j->amount, *outcome_cap_ - net_outcome);
  }
  for (const Item* i = items.begin(); i != items.end(); ++i) {
    if (i->amount <= 0) continue;
    out.push_back({i->r, i->p, i->amount});
    if (i->claw >= 0) out.push_back({i->r, i->claw, -i->amount, i->p});
  }
}

void ClientRules::count_cohort(const model::ClientPath& path,
                               PaymentLedger<std::int64_t>& ledger) const {
  for (const auto& [r, periods] : graded_) {
    count_treated_in_windows(path, is_treatment_, horizon_, periods,
                             ledger.treated_in_window_at(r, path.group));
  }
}

void add_to_ledger(std::span<const Payment> payments, model::GroupIndex group,
                   PaymentLedger<std::int64_t>& ledger) {
  // Compacting when the list doubles keeps it bounded by the distinct cells, in amortised
  // O(log n) per clawback.
  constexpr std::size_t COMPACT_FROM = 4096;
  std::uint64_t seen = 0;  // rules < 64 already counted as qualifying for this client
  for (std::size_t k = 0; k < payments.size(); ++k) {
    const Payment& pay = payments[k];
    ledger.payment_at(pay.month, pay.rule, group) += pay.amount;
    if (pay.amount < 0) {
      ledger.recoveries.push_back({pay.paid_month, pay.month, pay.rule, group, -pay.amount});
      if (ledger.recoveries.size() >= std::max(COMPACT_FROM, 2 * ledger.recoveries_compacted)) {
        ledger.compact_recoveries();
      }
      continue;
    }
    if (pay.amount == 0) continue;
    ++ledger.payment_count_at(pay.month, pay.rule, group);
    bool first = true;
    if (pay.rule < 64) {
      const std::uint64_t bit = std::uint64_t{1} << pay.rule;
      first = (seen & bit) == 0;
      seen |= bit;
    } else {
      for (std::size_t q = 0; q < k && first; ++q) {
        first = !(payments[q].rule == pay.rule && payments[q].amount > 0);
      }
    }
    if (first) ++ledger.qualifying_at(pay.rule, group);
  }
}

}  // namespace pbr::rules
