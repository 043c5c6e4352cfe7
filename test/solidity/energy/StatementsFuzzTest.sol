// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IEnergySettlement} from "../../../contracts/energy/IEnergySettlement.sol";
import {IEnergyStatementErrors} from "../../../contracts/energy/IEnergyStatementErrors.sol";
import {StatementsTestBase} from "./StatementsTestBase.sol";

/// @title StatementsFuzzTest
/// @notice Fuzz tests of conservation at close (ENG-135), the payment rule with a short deposit
/// (ENG-142) and the re-issue's effect on the body's total (ENG-139).
contract StatementsFuzzTest is StatementsTestBase {
    function setUp() public {
        vm.warp(1_780_000_000);
        deployStatements();
    }

    function _entries(uint64 period, int128[4] memory nets) private pure returns (IEnergySettlement.Entry[] memory e) {
        e = new IEnergySettlement.Entry[](4);
        for (uint256 i = 0; i < 4; ++i) {
            e[i] = IEnergySettlement.Entry(participant(i), 0, nets[i], keccak256(abi.encode(period, i)), 7);
        }
    }

    /// @notice Closing accepts exactly the body totals that sum to Σ nets with non-negative
    /// fees, assessments and residue, and refuses any other split.
    function testFuzz_ENG_135_closeChecksConservation(
        int64 a,
        int64 b,
        int64 c,
        int64 d,
        int64 off,
        uint8 field
    ) public {
        openPeriod(1);
        int128[4] memory nets = [int128(a), int128(b), int128(c), int128(d)];
        int256 sum = int256(a) + b + c + d;
        vm.prank(agent());
        settlement.postStatements(1, 0, _entries(1, nets));
        IEnergySettlement.BodyTotals memory body = IEnergySettlement.BodyTotals(0, 0, sum, 0);
        if (off != 0) {
            uint8 f = field % 4;
            if (f == 0) body.fees += off;
            else if (f == 1) body.assessments += off;
            else if (f == 2) body.imbalance += off;
            else body.tradeResidue += off;
            int256 bodyNet = body.fees + body.assessments + body.imbalance + body.tradeResidue;
            vm.expectRevert(
                abi.encodeWithSelector(IEnergyStatementErrors.NotConserved.selector, uint64(1), sum, bodyNet)
            );
            vm.prank(agent());
            settlement.closePosting(1, 4, body);
            return;
        }
        vm.prank(agent());
        settlement.closePosting(1, 4, body);
        assertTrue(settlement.getPeriod(1).sumNets == sum, "sumNets");
    }

    /// @notice A payer's debit takes min(deposit, net) into the pool and records the rest as
    /// its shortfall; the deposit stays locked until covered.
    function testFuzz_ENG_142_shortDepositRecordsShortfall(uint64 depositCents, uint64 netCents) public {
        uint256 dep = bound(depositCents, 1, 1e11);
        int128 net = int128(int256(bound(netCents, 1, 1e11)));
        vm.prank(participant(0));
        settlement.deposit(dep);
        openPeriod(1);
        int128[] memory nets = new int128[](1);
        nets[0] = net;
        postAndSign(1, nets);
        vm.warp(block.timestamp + 5 days);
        address[] memory list = new address[](1);
        list[0] = participant(0);
        settlement.finalize(1, list);
        uint256 owed = uint256(int256(net));
        uint256 taken = dep < owed ? dep : owed;
        (uint256 left, uint32 pending) = settlement.depositOf(participant(0));
        assertEq(left, dep - taken, "deposit left");
        assertEq(settlement.getPeriod(1).pool, taken, "pool");
        assertEq(settlement.shortfallOf(1, participant(0)), owed - taken, "shortfall");
        assertEq(pending, owed > taken ? 1 : 0, "pending");
        assertTrue(
            settlement.statementState(1, participant(0)) ==
                (owed > taken ? IEnergySettlement.StatementState.Final : IEnergySettlement.StatementState.Paid),
            "state"
        );
        assertEq(token.balanceOf(address(settlement)), left + settlement.getPeriod(1).pool, "balance");
    }

    /// @notice A re-issue moves the period's Σ nets by exactly the change of net.
    function testFuzz_ENG_139_reissueMovesBodyByChange(int64 a, int64 b, int64 newNet) public {
        openPeriod(1);
        int128[] memory nets = new int128[](2);
        nets[0] = a;
        nets[1] = b;
        int256 sum = postAndSign(1, nets);
        vm.prank(participant(0));
        settlement.dispute(1, 3, bytes32("why"));
        bytes32 previous = settlement.getStatement(1, participant(0)).digest;
        vm.prank(agent());
        settlement.resolveDispute(
            1,
            participant(0),
            IEnergySettlement.Entry(participant(0), 1, newNet, keccak256(abi.encode(previous, newNet)), 7),
            bytes32("res")
        );
        assertTrue(settlement.getPeriod(1).sumNets == sum - a + newNet, "body moved by the change");
        assertEq(settlement.getStatement(1, participant(0)).revision, 1, "revision");
    }
}
