// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IClearingResults, IEnergyPeriods, IMeteredEnergy} from "../energy/IEnergyInputs.sol";

/// @title EnergyInputsMock
/// @notice Test stand-in for the calendar, the meters and the auction (the merger wires the real
/// EnergyMeters and EnergyAuction): anyone sets a period's bounds, metering, clearing and quantities.
contract EnergyInputsMock is IEnergyPeriods, IMeteredEnergy, IClearingResults {
    mapping(uint64 => uint64) public periodStart;
    mapping(uint64 => uint64) public periodEnd;
    mapping(uint64 => bool) public meteringClosed;
    mapping(uint64 => bool) public clearingFinal;
    mapping(uint64 => uint256) public clearingPrice;
    mapping(uint64 => mapping(address => int256)) public meteredWh;
    mapping(uint64 => mapping(address => int256)) public clearedWh;

    function setPeriod(uint64 period, uint64 start, uint64 end) external {
        (periodStart[period], periodEnd[period]) = (start, end);
    }

    function setClosed(uint64 period, bool metering, bool clearing, uint256 price) external {
        (meteringClosed[period], clearingFinal[period], clearingPrice[period]) = (metering, clearing, price);
    }

    function setQuantities(
        uint64 period,
        address[] calldata who,
        int256[] calldata metered,
        int256[] calldata cleared
    ) external {
        for (uint256 i = 0; i < who.length; ++i) {
            meteredWh[period][who[i]] = metered[i];
            clearedWh[period][who[i]] = cleared[i];
        }
    }
}
