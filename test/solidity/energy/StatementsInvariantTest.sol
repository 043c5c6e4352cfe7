// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SettlementToken} from "../../../contracts/token/SettlementToken.sol";
import {EnergySettlement} from "../../../contracts/energy/EnergySettlement.sol";
import {IEnergySettlement} from "../../../contracts/energy/IEnergySettlement.sol";
import {EnergyInputsMock} from "../../../contracts/test/EnergyInputsMock.sol";
import {WithVm} from "../utils/Vm.sol";
import {StatementsTestBase} from "./StatementsTestBase.sol";

/// @notice The actor the invariant fuzzer drives: opens and posts periods with random nets,
/// moves time, disputes and re-issues, finalises, withdraws, covers shortfalls, deposits and
/// withdraws deposits, tops up and releases — each through pranks of the right account. It
/// records every cent that moved for each statement and how often each became Paid.
contract StatementsHandler is WithVm {
    EnergySettlement public settlement;
    SettlementToken public token;
    address[4] public parts;
    address public agent;
    address public operator;

    uint64 public periods;
    /// @notice Cents moved for a statement (taken from the deposit, or withdrawn).
    mapping(uint64 => mapping(address => uint256)) public moved;
    /// @notice How many times a statement became Paid.
    mapping(uint64 => mapping(address => uint256)) public paidTimes;
    /// @notice The body total at close plus every re-issue's change of net.
    mapping(uint64 => int256) public modelSum;
    /// @notice Statements that became Paid (the run makes progress).
    uint256 public payments;
    uint256 public finals;

    function init(
        EnergySettlement s,
        SettlementToken t,
        address[4] memory p,
        address agent_,
        address operator_,
        EnergyInputsMock inputs
    ) external {
        (settlement, token, parts, agent, operator) = (s, t, p, agent_, operator_);
        _inputs = inputs;
    }

    EnergyInputsMock private _inputs;

    function participantCount() external pure returns (uint256) {
        return 4;
    }

    function newPeriod(int64 a, int64 b, int64 c, int64 d) external timed {
        uint64 period = ++periods;
        _inputs.setPeriod(period, 1, uint64(block.timestamp));
        _inputs.setClosed(period, true, true, 40_000);
        vm.prank(agent);
        settlement.openPeriod(period);
        int64[4] memory raw = [a, b, c, d];
        IEnergySettlement.Entry[] memory entries = new IEnergySettlement.Entry[](4);
        int256 sum;
        for (uint256 i = 0; i < 4; ++i) {
            int128 net = int128(raw[i] % 1e9);
            entries[i] = IEnergySettlement.Entry(parts[i], 0, net, keccak256(abi.encode(period, i)), 8);
            sum += net;
        }
        vm.prank(agent);
        settlement.postStatements(period, 0, entries);
        vm.prank(agent);
        settlement.closePosting(period, 4, IEnergySettlement.BodyTotals(0, 0, sum, 0));
        bytes32 h = settlement.getPeriod(period).statementsHash;
        vm.prank(operator);
        settlement.signPeriod(period, h);
        vm.prank(agent);
        settlement.signPeriod(period, h);
        modelSum[period] = sum;
    }

    /// @dev The handler's clock: the fuzzer does not keep a warp from one call to the next.
    uint256 public clock;

    modifier timed() {
        if (clock == 0) clock = block.timestamp;
        vm.warp(clock);
        _;
    }

    function wait(uint32 dt) external timed {
        clock += dt % 7 days;
    }

    function deposit(uint8 who, uint64 amount) external timed {
        address p = parts[who % 4];
        vm.prank(p);
        settlement.deposit(uint256(amount % 1e10) + 1);
    }

    function withdrawDeposit(uint8 who, uint64 amount) external timed {
        address p = parts[who % 4];
        vm.prank(p);
        settlement.withdrawDeposit(uint256(amount % 1e10) + 1);
    }

    /// @dev Tries every participant of the period, as a finalize page would list them.
    function finalize(uint64 period, uint8 who) external timed {
        (uint64 pid, ) = _pick(period, who);
        for (uint256 i = 0; i < 4; ++i) {
            address p = parts[(who + i) % 4];
            (uint256 before, ) = settlement.depositOf(p);
            bool wasPaid = settlement.statementState(pid, p) == IEnergySettlement.StatementState.Paid;
            address[] memory list = new address[](1);
            list[0] = p;
            try settlement.finalize(pid, list) {
                ++finals;
                (uint256 afterwards, ) = settlement.depositOf(p);
                moved[pid][p] += before - afterwards;
                _countPaid(pid, p, wasPaid);
            } catch {}
        }
    }

    function withdraw(uint64 period, uint8 who) external timed {
        (uint64 pid, address p) = _pick(period, who);
        uint256 before = token.balanceOf(p);
        bool wasPaid = settlement.statementState(pid, p) == IEnergySettlement.StatementState.Paid;
        vm.prank(p);
        settlement.withdraw(pid);
        moved[pid][p] += token.balanceOf(p) - before;
        _countPaid(pid, p, wasPaid);
    }

    function coverShortfall(uint64 period, uint8 who) external timed {
        (uint64 pid, address p) = _pick(period, who);
        (uint256 before, ) = settlement.depositOf(p);
        bool wasPaid = settlement.statementState(pid, p) == IEnergySettlement.StatementState.Paid;
        settlement.coverShortfall(pid, p);
        (uint256 afterwards, ) = settlement.depositOf(p);
        moved[pid][p] += before - afterwards;
        _countPaid(pid, p, wasPaid);
    }

    function dispute(uint64 period, uint8 who, uint8 line) external timed {
        (uint64 pid, address p) = _pick(period, who);
        vm.prank(p);
        settlement.dispute(pid, line % 8, bytes32(uint256(line)));
    }

    function resolve(uint64 period, uint8 who, int64 newNet) external timed {
        (uint64 pid, address p) = _pick(period, who);
        IEnergySettlement.Statement memory s = settlement.getStatement(pid, p);
        int128 net = int128(newNet % 1e9);
        vm.prank(agent);
        settlement.resolveDispute(
            pid,
            p,
            IEnergySettlement.Entry(p, s.revision + 1, net, keccak256(abi.encode(s.digest, net)), 8),
            bytes32(0)
        );
        modelSum[pid] += int256(net) - s.net;
    }

    function signReissue(uint64 period, uint8 who, bool asAgent) external timed {
        (uint64 pid, address p) = _pick(period, who);
        uint32 revision = settlement.getStatement(pid, p).revision;
        vm.prank(asAgent ? agent : operator);
        settlement.signStatement(pid, p, revision);
    }

    function topUp(uint64 period, uint32 amount) external timed {
        (uint64 pid, ) = _pick(period, 0);
        vm.prank(agent);
        settlement.topUp(pid, uint256(amount) + 1);
    }

    function releaseBody(uint64 period) external timed {
        (uint64 pid, ) = _pick(period, 0);
        vm.prank(agent);
        settlement.releaseBody(pid, agent);
    }

    function _pick(uint64 period, uint8 who) private view returns (uint64, address) {
        return (periods == 0 ? 1 : (period % periods) + 1, parts[who % 4]);
    }

    function _countPaid(uint64 pid, address p, bool wasPaid) private {
        if (!wasPaid && settlement.statementState(pid, p) == IEnergySettlement.StatementState.Paid) {
            ++paidTimes[pid][p];
            ++payments;
        }
    }
}

/// @title StatementsInvariantTest
/// @notice Invariants of EnergySettlement under random sequences of periods, disputes,
/// re-issues, finalisation, withdrawals, shortfalls, deposits, top-ups and releases
/// (ENG-145, ENG-146, ENG-147).
contract StatementsInvariantTest is StatementsTestBase {
    StatementsHandler internal handler;

    function setUp() public {
        vm.warp(1_780_000_000);
        deployStatements();
        handler = new StatementsHandler();
        handler.init(
            settlement,
            token,
            [participant(0), participant(1), participant(2), participant(3)],
            agent(),
            operator(),
            inputs
        );
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice No statement is paid twice: it becomes Paid at most once, and what moved for it
    /// never exceeds |net|, and equals it once Paid.
    function invariant_ENG_145_noStatementPaidTwice() public view {
        uint64 n = handler.periods();
        for (uint64 pid = 1; pid <= n; ++pid) {
            for (uint256 i = 0; i < PARTICIPANTS; ++i) {
                address p = participant(i);
                int256 net = settlement.getStatement(pid, p).net;
                uint256 magnitude = uint256(net < 0 ? -net : net);
                uint256 moved = handler.moved(pid, p);
                assertTrue(handler.paidTimes(pid, p) <= 1, "a statement became Paid twice");
                assertTrue(moved <= magnitude, "more than |net| moved for a statement");
                if (settlement.statementState(pid, p) == IEnergySettlement.StatementState.Paid) {
                    assertEq(moved, magnitude, "a Paid statement moved other than |net|");
                }
            }
        }
    }

    /// @notice A hand sequence through the handler: one payer and one payee paid, and every
    /// repeat of finalize or withdraw moves nothing more (ENG-145).
    function test_ENG_145_repeatsPayNothing() public {
        handler.deposit(0, 5e9);
        handler.newPeriod(5e8, -3e8, 1e8, -2e8);
        handler.wait(6 days);
        handler.wait(0);
        handler.finalize(0, 0);
        handler.withdraw(0, 1);
        uint256 balance = token.balanceOf(address(settlement));
        handler.finalize(0, 0);
        try handler.withdraw(0, 1) {
            fail("a second withdrawal succeeded");
        } catch {}
        assertEq(token.balanceOf(address(settlement)), balance, "a repeat moved tokens");
        assertEq(handler.moved(1, participant(0)), 5e8, "payer moved");
        assertEq(handler.moved(1, participant(1)), 3e8, "payee moved");
        assertEq(handler.paidTimes(1, participant(0)), 1, "payer paid once");
        assertEq(handler.paidTimes(1, participant(1)), 1, "payee paid once");
    }

    /// @notice The token balance covers every deposit and every period's pool.
    function invariant_ENG_146_balanceCoversObligations() public view {
        uint256 owed;
        for (uint256 i = 0; i < PARTICIPANTS; ++i) {
            (uint256 d, ) = settlement.depositOf(participant(i));
            owed += d;
        }
        uint64 n = handler.periods();
        for (uint64 pid = 1; pid <= n; ++pid) owed += settlement.getPeriod(pid).pool;
        assertTrue(token.balanceOf(address(settlement)) >= owed, "token balance below deposits + pools");
    }

    /// @notice Σ of the stored nets is the period's sumNets, which is the body total at close
    /// plus the change of net of every re-issue.
    function invariant_ENG_147_conservation() public view {
        uint64 n = handler.periods();
        for (uint64 pid = 1; pid <= n; ++pid) {
            int256 sum;
            for (uint256 i = 0; i < PARTICIPANTS; ++i) sum += settlement.getStatement(pid, participant(i)).net;
            int256 stored = settlement.getPeriod(pid).sumNets;
            assertTrue(sum == stored, "stored nets do not sum to sumNets");
            assertTrue(stored == handler.modelSum(pid), "sumNets differs from body + re-issue changes");
        }
    }
}
