#pragma once
//! \file The cherry-picking risk report: margins by group and band, their spreads, the paired
//! gain of each gaming strategy over admit_all, its population cost, the chance that an
//! honest provider misses a cohort threshold, deadweight, and a low / medium / high verdict.
//! docs/cherry-picking.md documents every quantity and the verdict rule.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/stats/summary.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/deadweight.hpp"
#include "engine/strategy/selection.hpp"

namespace pbr::strategy {

//! The plain verdict.
enum class Verdict { low, medium, high };

//! "low", "medium" or "high".
std::string_view to_string(Verdict verdict);

//! Thresholds of the verdict rule (docs/cherry-picking.md, "Verdict").
struct VerdictThresholds {
  //! A gaming gain of at least this share of admit_all's PbR payments, significantly
  //! positive, makes the risk high.
  double high_gain = 0.10;
  //! ... of at least this share makes it medium.
  double medium_gain = 0.02;
  //! cherry_pick with a significant gain >= medium_gain that leaves at least this extra share
  //! of referrals unadmitted makes the risk high.
  double high_turned_away = 0.10;
};

//! What the verdict rule reads of one gaming strategy.
struct VerdictEvidence {
  std::string strategy;
  StrategyKind kind = StrategyKind::custom;
  double relative_gain = 0.0;       //!< mean gain / admit_all PbR payments
  bool significant = false;         //!< the 95% interval of the gain lies above 0
  double extra_not_admitted = 0.0;  //!< extra share of referrals refused or turned away
};

//! The verdict and the sentence that explains it.
struct VerdictResult {
  Verdict verdict = Verdict::low;
  std::string reason;
};

//! The verdict rule (pure function; see docs/cherry-picking.md):
//! high   if a strategy's gain is significant and >= high_gain, or cherry_pick's gain is
//!        significant and >= medium_gain while it leaves >= high_turned_away more referrals
//!        unadmitted;
//! medium if a strategy's gain is significant and >= medium_gain;
//! low    otherwise.
VerdictResult decide_verdict(std::span<const VerdictEvidence> evidence,
                             const VerdictThresholds& thresholds = {});

//! Expected margin per admitted client of a group, a band or all groups.
struct MarginRow {
  std::string scope_kind;  //!< "group", "band" or "total"
  std::string scope;       //!< the group's or band's name, or "total"
  std::string band;        //!< the band (groups and bands), "" for the total
  double margin = 0.0;     //!< pence per admitted client
  double se = 0.0;         //!< pence (0 in exact mode)
  double ci_low = 0.0;     //!< 95% interval, pence
  double ci_high = 0.0;
  double payments = 0.0;          //!< pence per admitted client (groups only, else 0)
  double cost = 0.0;              //!< pence per admitted client (groups only, else 0)
  double treatment_months = 0.0;  //!< per admitted client (groups only, else 0)
};

//! Spread (max - min) of margins across bands, or across the groups of one band.
struct SpreadRow {
  std::string scope;    //!< "across_bands" or "within_band"
  std::string band;     //!< the band for within_band, "" otherwise
  double spread = 0.0;  //!< pence
  std::string highest;  //!< the band or group with the highest margin
  std::string lowest;   //!< ... the lowest
};

//! One part of a strategy's gain over admit_all, paired by replication (pounds, undiscounted).
struct GainPart {
  std::string scope_kind;  //!< "rule", "total" (the cost), "group" or "lever"
  std::string scope;       //!< the rule's or group's name, "total", or "admission" / "effort"
  //! "payments_gained" (a rule: strategy - admit_all payments), "cost_saved" (admit_all -
  //! strategy provider cost) or "margin_gained" (a group: strategy - admit_all margin)
  std::string measure;
  stats::Summary difference;
};

//! One strategy's line of the report.
struct StrategyReport {
  std::string strategy;
  StrategyKind kind = StrategyKind::admit_all;
  std::vector<GroupDecision> decisions;  //!< per group
  //! Per group, whom its effort reaches, in words (effort_reach); empty when not built by
  //! build_risk_report
  std::vector<std::string> reach;
  stats::Summary provider_margin;  //!< pounds per replication (the margin metric)
  stats::Summary payments;         //!< PbR payments, pounds per replication
  //! strategy - admit_all provider margin, pounds, paired by replication (zero for admit_all)
  stats::PairedSummary gain;
  double relative_gain = 0.0;  //!< gain.difference.mean / admit_all mean PbR payments (see docs)
  //! P(mean gain > 0) = Phi(mean / se), the normal approximation (1 / 0 / 0.5 when se = 0)
  double prob_mean_gain_positive = 0.5;
  double admitted_share = 0.0;      //!< admissions / referrals, pooled over replications
  double extra_not_admitted = 0.0;  //!< (refused + turned away) / referrals minus admit_all's
  PopulationCost population;        //!< per 1,000 referrals, paired against admit_all
  UntreatedOutcomes untreated;      //!< means per replication
  std::vector<MixRow> mix;          //!< severity mix of admissions against referrals
  //! The gain taken apart: each rule's payments gained, then the cost saved, then each
  //! group's margin gained, then the admission and effort levers' parts (when the comparison
  //! split the levers: CompareSettings::split_levers). The rules' parts
  //! plus the cost saved make the undiscounted provider-margin gain; so do the groups' parts
  //! (the block payment is the same for all); the levers' parts make the gain in the margin
  //! metric (discounted when the contract discounts).
  std::vector<GainPart> decomposition;
};

//! Chance that an honest admit_all provider misses a cohort threshold.
struct ThresholdMiss {
  std::string rule;
  double threshold = 0.0;
  double mean_rate = 0.0;         //!< mean achieved rate over replications
  double miss_probability = 0.0;  //!< share of replications below the threshold
  int replications = 0;
};

//! The whole report.
struct RiskReport {
  std::string scenario;  //!< scenario name
  MarginMethod margin_method = MarginMethod::exact;
  int margin_replications = 0;             //!< preliminary MC replications (0 when exact)
  std::vector<MarginRow> margins;          //!< groups, then bands, then the total
  std::vector<SpreadRow> spreads;          //!< across bands, then within each band with >= 2 groups
  double admit_all_payments = 0.0;         //!< mean PbR payments per replication, pounds
  std::vector<StrategyReport> strategies;  //!< admit_all first, then as evaluated
  std::vector<ThresholdMiss> thresholds;
  DeadweightAnalysis deadweight;
  VerdictThresholds verdict_thresholds;
  VerdictResult verdict;
  //! The forms of gaming that pay (see gaming_forms): the strategy they are read from
  //! (best_response when evaluated, else the largest significant gain; empty when no gain is
  //! significant) and the words.
  std::string gaming_strategy;
  std::string gaming_forms;
};

//! Builds the report from a comparison (which must start with admit_all).
//! \throws std::invalid_argument when the comparison is empty or does not start with admit_all
RiskReport build_risk_report(const model::Scenario& scenario, const Comparison& comparison,
                             const VerdictThresholds& thresholds = {});

//! Whom group g's effort reaches under `decision`, in words: the group's name when it admits
//! referrals. A refused group's effort reaches only its existing caseload (when the scenario
//! gives it one: an entry of the group, or one whose group is drawn from the shares) and its
//! refused referrals who return to treatment through the untreated pathway (when a
//! treatment-kind state can be reached from Referrals::untreated_state with the group's
//! transitions): "g's existing caseload", "g's refused clients who return to treatment", or
//! "g's existing caseload and refused clients who return to treatment"; the name alone when
//! it reaches neither.
std::string effort_reach(const model::Scenario& scenario, model::GroupIndex g,
                         const GroupDecision& decision);

//! Which levers' parts of a strategy's gain are significantly positive (the lever parts of
//! its decomposition, 95% interval above 0). Both count as paying when the gain was not split
//! by lever, or when neither part alone is significant (the gain then needs both).
struct LeversThatPay {
  bool admission = true;  //!< refusing or admitting fewer
  bool effort = true;     //!< a behaviour's effort
};
LeversThatPay levers_that_pay(const StrategyReport& strategy);

//! The forms of gaming a strategy's decisions show, in words, for the verdict:
//! "cherry-picking (refusing a, b); parking (c); timing (d's existing caseload)". Refusal is
//! cherry-picking (fewer admitted: "admitting fewer of" for a probability between 0 and 1);
//! an effort is named by its behaviour's model::GamingForm ("park" is parking and
//! "fast_track" timing when their behaviours declare no form); "other effort (...)" for the
//! rest. Whom an effort reaches is strategy.reach (effort_reach when empty). Only levers
//! that pay (levers_that_pay) are named. Empty when honest, or when no lever pays.
std::string gaming_forms(const model::Scenario& scenario, const StrategyReport& strategy);

//! Margin rows of one policy's economics (groups, bands, total), intervals from a Student t
//! with replications - 1 degrees of freedom (a point interval in exact mode).
std::vector<MarginRow> margin_rows(const model::Scenario& scenario, const PolicyEconomics& econ);

//! Spreads of margin rows (see SpreadRow).
std::vector<SpreadRow> margin_spreads(const model::Scenario& scenario,
                                      const std::vector<MarginRow>& rows);

}  // namespace pbr::strategy
