#pragma once
//! \file Index types shared by the model, the rules and the simulation.

#include <cstdint>

namespace pbr::model {

using StateIndex = int;          //!< position of a state in Scenario::states
using GroupIndex = int;          //!< position of a client group in Scenario::groups
using BandIndex = int;           //!< position of a tariff band in Scenario::bands
using RuleIndex = int;           //!< position of a payment rule in Contract::rules
using Month = int;               //!< month index t; month 0 is the first month of the contract
using ClientId = std::uint64_t;  //!< cid: a client's index within one replication

}  // namespace pbr::model
