// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SettlementMath} from "../energy/SettlementMath.sol";

/// @title SettlementMathProbe
/// @notice Test-only: exposes {SettlementMath} so that lib/energy/settlement.ts can be held equal
/// to it on hand examples and random inputs (test/energy/settlement-math.test.ts, ENG-96,
/// ENG-97). Not deployed in production.
contract SettlementMathProbe {
    /// @notice The bounds and constants, in SettlementMath's order.
    function constants()
        external
        pure
        returns (
            uint256 whPerMWh,
            uint256 defaultBandBps,
            int256 maxEnergyWh,
            int256 maxLineWh,
            uint256 maxRate,
            uint256 maxBandBps,
            uint256 maxFixedCents,
            uint256 maxContracts,
            bytes32 statementTag
        )
    {
        return (
            SettlementMath.WH_PER_MWH,
            SettlementMath.DEFAULT_BAND_BPS,
            SettlementMath.MAX_ENERGY_WH,
            SettlementMath.MAX_LINE_WH,
            SettlementMath.MAX_RATE,
            SettlementMath.MAX_BAND_BPS,
            SettlementMath.MAX_FIXED_CENTS,
            SettlementMath.MAX_CONTRACTS,
            SettlementMath.STATEMENT_TAG
        );
    }

    /// @notice The line codes, BILATERAL .. SURCHARGE_FIXED.
    function lineCodes() external pure returns (uint8[8] memory) {
        return
            [
                SettlementMath.BILATERAL,
                SettlementMath.AUCTION,
                SettlementMath.IMBALANCE,
                SettlementMath.DEVIATION_UP,
                SettlementMath.DEVIATION_DOWN,
                SettlementMath.TRANSMISSION,
                SettlementMath.SURCHARGE_ENERGY,
                SettlementMath.SURCHARGE_FIXED
            ];
    }

    /// @notice {SettlementMath.lineAmount} of each pair.
    function lineAmounts(
        int256[] calldata quantities,
        uint256[] calldata rates
    ) external pure returns (int256[] memory out) {
        out = new int256[](quantities.length);
        for (uint256 i = 0; i < quantities.length; ++i) out[i] = SettlementMath.lineAmount(quantities[i], rates[i]);
    }

    /// @notice {SettlementMath.bandWh}.
    function bandWh(int256 positionWh, uint256 bandBps) external pure returns (uint256) {
        return SettlementMath.bandWh(positionWh, bandBps);
    }

    /// @notice {SettlementMath.settle}.
    function settle(
        SettlementMath.Terms calldata terms,
        SettlementMath.Input calldata input
    ) external pure returns (SettlementMath.Statement memory) {
        return SettlementMath.settle(terms, input);
    }

    /// @notice {SettlementMath.settle} of many inputs under one set of terms.
    function settleMany(
        SettlementMath.Terms calldata terms,
        SettlementMath.Input[] calldata inputs
    ) external pure returns (SettlementMath.Statement[] memory out) {
        out = new SettlementMath.Statement[](inputs.length);
        for (uint256 i = 0; i < inputs.length; ++i) out[i] = SettlementMath.settle(terms, inputs[i]);
    }

    /// @notice The statement and its canonical encoding and digest, computed here.
    function settleAndDigest(
        SettlementMath.Header calldata header,
        SettlementMath.Terms calldata terms,
        SettlementMath.Input calldata input
    ) external pure returns (SettlementMath.Statement memory s, bytes memory encoding, bytes32 digest) {
        s = SettlementMath.settle(terms, input);
        encoding = SettlementMath.encode(header, terms, s);
        digest = SettlementMath.digest(header, terms, s);
    }
}
