#pragma once
//! \file The contract in plain words for the report's first screen: each payment with its
//! amounts by band, trigger, windows and conditions; caps; the block payment and its share.

#include <string>

#include "engine/model/scenario.hpp"

namespace pbr::report {

//! HTML (escaped) describing `scenario`'s contract, e.g. "<li><b>completion_no_
//! representation_6m</b> (outcome payment): on entering completed, if the client does not
//! enter re_presented within 6 months; once per client. High 8,000; medium 1,600; low 1,200
//! pounds.</li>", then caps, the block payment and the horizon.
std::string contract_in_words(const model::Scenario& scenario);

//! Pounds rounded to whole pounds with thousands separators: 180147.95 -> "180,148",
//! -6646 -> "-6,646". Used in sentences only; tables show the CSV's cells.
std::string whole_pounds(double pounds);

//! A number with up to 3 significant decimals for sentences: 103.575 -> "103.6",
//! 0.563818 -> "0.56".
std::string short_number(double value);

}  // namespace pbr::report
