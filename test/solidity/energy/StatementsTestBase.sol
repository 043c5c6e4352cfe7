// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {Roles} from "../../../contracts/access/Roles.sol";
import {SettlementToken} from "../../../contracts/token/SettlementToken.sol";
import {EnergySettlement} from "../../../contracts/energy/EnergySettlement.sol";
import {IEnergySettlement} from "../../../contracts/energy/IEnergySettlement.sol";
import {EnergyInputsMock} from "../../../contracts/test/EnergyInputsMock.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";

/// @title StatementsTestBase
/// @notice Seven members: 1 the grid company (SETTLEMENT_AGENT), 2 the trading centre
/// (MARKET_OPERATOR), 3 a bank (TOKEN_ISSUER), 4..7 participants; the token and the settlement
/// registered at genesis, the settlement an account of member 1, tokens minted to everyone.
abstract contract StatementsTestBase is ConsortiumTestBase {
    uint256 internal constant PARTICIPANTS = 4;
    uint256 internal constant MINTED = 1e12;

    Consortium internal consortium;
    SettlementToken internal token;
    EnergySettlement internal settlement;
    EnergyInputsMock internal inputs;

    function agent() internal pure returns (address) {
        return adminOf(1);
    }

    function operator() internal pure returns (address) {
        return adminOf(2);
    }

    function participant(uint256 i) internal pure returns (address) {
        return adminOf(4 + (i % PARTICIPANTS));
    }

    function deployStatements() internal {
        uint32[] memory weights = new uint32[](7);
        for (uint256 i = 0; i < 7; ++i) weights[i] = 1;
        IConsortium.GenesisGrant[] memory grants = new IConsortium.GenesisGrant[](3);
        grants[0] = IConsortium.GenesisGrant({account: agent(), role: Roles.SETTLEMENT_AGENT});
        grants[1] = IConsortium.GenesisGrant({account: operator(), role: Roles.MARKET_OPERATOR});
        grants[2] = IConsortium.GenesisGrant({account: adminOf(3), role: Roles.TOKEN_ISSUER});
        consortium = deployConsortium(weights, rulesOf(5000, 6000, 1 days, 0, 1 days, 0), grants);
        token = new SettlementToken(address(consortium), "Consortium Yuan", "CNYC");
        inputs = new EnergyInputsMock();
        settlement = new EnergySettlement(
            address(consortium),
            address(token),
            address(inputs),
            address(inputs),
            address(inputs),
            address(inputs),
            IEnergySettlement.Tariff(10_000, 6_000, 300, 15_000, 2_000, 10_000)
        );
        consortium.registerGenesisModule(address(token));
        consortium.registerGenesisModule(address(settlement));
        consortium.sealGenesis();
        vm.prank(agent());
        consortium.addAccount(address(settlement), false);
        vm.prank(agent());
        settlement.joinMember(1);
        for (uint256 i = 0; i < PARTICIPANTS; ++i) _fund(participant(i));
        _fund(agent());
    }

    function _fund(address who) private {
        vm.prank(adminOf(3));
        token.mint(who, MINTED, keccak256(abi.encode("deposit", who)));
        vm.prank(who);
        token.approve(address(settlement), type(uint256).max);
    }

    /// @dev Opens `period` (ended, metering closed, clearing final at 40,000 cents/MWh).
    function openPeriod(uint64 period) internal {
        inputs.setPeriod(period, 1, uint64(block.timestamp));
        inputs.setClosed(period, true, true, 40_000);
        vm.prank(agent());
        settlement.openPeriod(period);
    }

    /// @dev Posts one statement per participant with `nets`, closes with the body's total in
    /// IMBALANCE, and has both signers sign: the dispute window runs from now.
    function postAndSign(uint64 period, int128[] memory nets) internal returns (int256 sum) {
        IEnergySettlement.Entry[] memory entries = new IEnergySettlement.Entry[](nets.length);
        for (uint256 i = 0; i < nets.length; ++i) {
            entries[i] = IEnergySettlement.Entry({
                participant: participant(i),
                revision: 0,
                net: nets[i],
                digest: keccak256(abi.encode(period, i, nets[i])),
                lines: 7
            });
            sum += nets[i];
        }
        vm.prank(agent());
        settlement.postStatements(period, 0, entries);
        vm.prank(agent());
        settlement.closePosting(period, uint32(nets.length), IEnergySettlement.BodyTotals(0, 0, sum, 0));
        bytes32 h = settlement.getPeriod(period).statementsHash;
        vm.prank(operator());
        settlement.signPeriod(period, h);
        vm.prank(agent());
        settlement.signPeriod(period, h);
    }
}
