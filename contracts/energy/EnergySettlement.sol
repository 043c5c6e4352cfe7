// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {IConsortium} from "../access/IConsortium.sol";
import {Roles} from "../access/Roles.sol";
import {SettlementMath} from "./SettlementMath.sol";
import {IEnergySettlement} from "./IEnergySettlement.sol";
import {IClearingResults, IEnergyPeriods, IMeteredEnergy} from "./IEnergyInputs.sol";

/// @title EnergySettlement
/// @notice Period statements, disputes and payment of the electricity market. See {IEnergySettlement}.
/// @dev Per statement: one slot (net, revision, lines, stage, window) and one for the digest.
/// Invariants (test/solidity/energy/StatementsInvariantTest.sol): a statement is paid at most
/// once; the token balance covers Σ deposits + Σ period pools; Σ nets − body = 0 per period.
contract EnergySettlement is ConsortiumModule, IEnergySettlement {
    using SafeERC20 for IERC20;

    uint64 public constant DEFAULT_DISPUTE_WINDOW = 5 days;
    uint64 public constant MIN_DISPUTE_WINDOW = 1 hours;
    uint64 public constant MAX_DISPUTE_WINDOW = 90 days;
    /// @notice Fewest and most lines of a statement: 7 fixed lines and up to 32 contract legs.
    uint8 public constant MIN_LINES = 7;
    uint8 public constant MAX_LINES = 39;
    /// @notice Largest |net|: 39 lines of at most 2e18 cents each stay far below it.
    int256 public constant MAX_NET = int256(1) << 120;

    // Stored stages; {statementState} maps them to StatementState.
    uint8 private constant POSTED = 1; // first issue: follows the period's signatures
    uint8 private constant DISPUTED = 2;
    uint8 private constant DRAFT = 3; // re-issued, unsigned
    uint8 private constant MARKET_SIGNED = 4;
    uint8 private constant AGENT_SIGNED = 5;
    uint8 private constant FINAL = 6;
    uint8 private constant PAID = 7;

    struct Stored {
        int128 net;
        uint32 revision;
        uint8 lines;
        uint8 stage;
        uint40 disputeUntil;
    }

    struct Account {
        uint128 deposit;
        uint32 pending; // debits posted and not yet fully paid
    }

    /// @inheritdoc IEnergySettlement
    address public immutable token;
    /// @inheritdoc IEnergySettlement
    address public immutable bilateral;
    /// @inheritdoc IEnergySettlement
    address public immutable meters;
    /// @inheritdoc IEnergySettlement
    address public immutable auction;
    /// @inheritdoc IEnergySettlement
    address public immutable periods;

    /// @inheritdoc IEnergySettlement
    uint64 public disputeWindow = DEFAULT_DISPUTE_WINDOW;
    Tariff private _tariff;

    mapping(uint64 period => Period) private _periods;
    mapping(uint64 period => uint256[7]) private _terms;
    mapping(uint64 period => mapping(address participant => Stored)) private _statements;
    mapping(uint64 period => mapping(address participant => bytes32)) private _digests;
    mapping(uint64 period => mapping(address participant => uint256)) private _shortfalls;
    mapping(address account => Account) private _accounts;

    modifier onlyConsortium() {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        _;
    }

    constructor(
        address consortium_,
        address token_,
        address bilateral_,
        address meters_,
        address auction_,
        address periods_,
        Tariff memory tariff_
    ) ConsortiumModule(consortium_) {
        (token, bilateral, meters, auction, periods) = (token_, bilateral_, meters_, auction_, periods_);
        _setTariff(tariff_);
    }

    // ================================================================ governance

    /// @inheritdoc IEnergySettlement
    function setDisputeWindow(uint64 window) external onlyConsortium {
        if (window < MIN_DISPUTE_WINDOW || window > MAX_DISPUTE_WINDOW) revert DisputeWindowOutOfRange(window);
        disputeWindow = window;
        emit DisputeWindowChanged(window);
    }

    /// @inheritdoc IEnergySettlement
    function setTariff(Tariff calldata tariff_) external onlyConsortium {
        _setTariff(tariff_);
    }

    /// @inheritdoc IEnergySettlement
    function joinMember(uint64 memberId) external {
        _checkMemberAdmin(memberId);
        IConsortium(consortium).acceptAccount(memberId);
        emit JoinedMember(memberId, msg.sender);
    }

    // ================================================================ deposits

    /// @inheritdoc IEnergySettlement
    function deposit(uint256 amount) external whenNotPaused {
        _deposit(amount);
    }

    /// @inheritdoc IEnergySettlement
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external whenNotPaused {
        IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s);
        _deposit(amount);
    }

    /// @inheritdoc IEnergySettlement
    function withdrawDeposit(uint256 amount) external whenNotPaused {
        Account storage a = _accounts[msg.sender];
        if (a.pending != 0) revert DepositLocked(msg.sender, a.pending);
        if (amount == 0) revert ZeroAmount();
        if (amount > a.deposit) revert InsufficientDeposit(msg.sender, a.deposit, amount);
        a.deposit -= uint128(amount);
        emit DepositWithdrawn(msg.sender, amount, a.deposit);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ================================================================ posting

    /// @inheritdoc IEnergySettlement
    function openPeriod(uint64 period) external whenNotPaused onlyRole(Roles.SETTLEMENT_AGENT) {
        Period storage p = _periods[period];
        if (p.state != PeriodState.None) revert PeriodExists(period);
        uint64 end = IEnergyPeriods(periods).periodEnd(period);
        if (end == 0 || block.timestamp < end) revert PeriodNotEnded(period, end);
        if (!IMeteredEnergy(meters).meteringClosed(period)) revert MeteringOpen(period);
        if (!IClearingResults(auction).clearingFinal(period)) revert ClearingNotFinal(period);
        Tariff memory t = _tariff;
        uint256[7] memory terms = [
            IClearingResults(auction).clearingPrice(period),
            t.upRate,
            t.downRate,
            t.bandBps,
            t.tdRate,
            t.surchargeRate,
            t.fixedCents
        ];
        SettlementMath.checkTerms(_asTerms(terms));
        _terms[period] = terms;
        p.state = PeriodState.Posting;
        emit PeriodOpened(period, terms, msg.sender);
    }

    /// @inheritdoc IEnergySettlement
    function postStatements(
        uint64 period,
        uint32 page,
        Entry[] calldata entries
    ) external whenNotPaused onlyRole(Roles.SETTLEMENT_AGENT) {
        Period storage p = _periods[period];
        if (p.state != PeriodState.Posting) revert WrongPeriodState(period, uint8(p.state));
        if (page != p.pages) revert PageOutOfOrder(period, p.pages, page);
        bytes32 hash = p.statementsHash;
        int256 sum = p.sumNets;
        uint256 n = entries.length;
        for (uint256 i = 0; i < n; ++i) {
            Entry calldata e = entries[i];
            address who = e.participant;
            _checkEntry(period, e, 0);
            Stored storage s = _statements[period][who];
            if (s.stage != 0) revert StatementExists(period, who);
            _statements[period][who] = Stored({
                net: e.net,
                revision: 0,
                lines: e.lines,
                stage: POSTED,
                disputeUntil: 0
            });
            _digests[period][who] = e.digest;
            if (e.net > 0) ++_accounts[who].pending;
            sum += e.net;
            hash = keccak256(abi.encode(hash, who, e.revision, e.net, e.digest, e.lines));
            emit StatementPosted(period, who, 0, e.net, e.digest, e.lines);
        }
        p.statementsHash = hash;
        p.sumNets = sum;
        p.posted += uint32(n);
        p.pages = page + 1;
        emit PagePosted(period, page, uint32(n), hash);
    }

    /// @inheritdoc IEnergySettlement
    function closePosting(
        uint64 period,
        uint32 statements,
        BodyTotals calldata body
    ) external whenNotPaused onlyRole(Roles.SETTLEMENT_AGENT) {
        Period storage p = _periods[period];
        if (p.state != PeriodState.Posting) revert WrongPeriodState(period, uint8(p.state));
        if (statements != p.posted || statements == 0) revert CountMismatch(period, statements, p.posted);
        int256 bodyNet = body.fees + body.assessments + body.imbalance + body.tradeResidue;
        // Fees and assessments are charges and the trade residue is rounding toward the body:
        // none can be negative in a period that balances.
        if (bodyNet != p.sumNets || body.fees < 0 || body.assessments < 0 || body.tradeResidue < 0) {
            revert NotConserved(period, p.sumNets, bodyNet);
        }
        p.state = PeriodState.Closed;
        emit PostingClosed(period, statements, p.statementsHash, body);
    }

    /// @inheritdoc IEnergySettlement
    function signPeriod(uint64 period, bytes32 statementsHash) external whenNotPaused {
        Period storage p = _periods[period];
        PeriodState state = p.state;
        if (state == PeriodState.Closed) {
            _checkRole(Roles.MARKET_OPERATOR, msg.sender);
            state = PeriodState.MarketSigned;
        } else if (state == PeriodState.MarketSigned) {
            _checkRole(Roles.SETTLEMENT_AGENT, msg.sender);
            state = PeriodState.AgentSigned;
            p.disputeUntil = uint40(block.timestamp + disputeWindow);
        } else {
            revert WrongPeriodState(period, uint8(state));
        }
        if (statementsHash != p.statementsHash) revert StatementsHashMismatch(period, p.statementsHash);
        p.state = state;
        emit PeriodSigned(period, state, msg.sender, p.disputeUntil);
    }

    // ================================================================ disputes

    /// @inheritdoc IEnergySettlement
    function dispute(uint64 period, uint8 line, bytes32 reason) external whenNotPaused {
        _checkMemberAccount(msg.sender);
        Stored storage s = _statements[period][msg.sender];
        (StatementState state, uint64 deadline) = _stateOf(period, s);
        if (state != StatementState.AgentSigned) revert WrongStatementState(period, msg.sender, uint8(state));
        if (block.timestamp >= deadline) revert DisputeWindowClosed(period, msg.sender, deadline);
        if (line >= s.lines) revert LineOutOfRange(line, s.lines);
        s.stage = DISPUTED;
        ++_periods[period].disputes;
        emit StatementDisputed(period, msg.sender, s.revision, line, reason);
    }

    /// @inheritdoc IEnergySettlement
    function resolveDispute(
        uint64 period,
        address participant,
        Entry calldata entry,
        bytes32 resolution
    ) external whenNotPaused onlyRole(Roles.SETTLEMENT_AGENT) {
        Stored storage s = _statements[period][participant];
        if (s.stage != DISPUTED) revert WrongStatementState(period, participant, uint8(_state(period, s)));
        if (entry.participant != participant) revert BadStatement(period, entry.participant);
        _checkEntry(period, entry, s.revision + 1);
        int128 oldNet = s.net;
        bytes32 previous = _digests[period][participant];
        Account storage a = _accounts[participant];
        if (oldNet > 0) --a.pending;
        if (entry.net > 0) ++a.pending;
        Period storage p = _periods[period];
        // The body is the counterparty of every line: its total moves by the change of net (ENG-94).
        p.sumNets += int256(entry.net) - oldNet;
        --p.disputes;
        s.net = entry.net;
        s.revision = entry.revision;
        s.lines = entry.lines;
        s.stage = DRAFT;
        s.disputeUntil = 0;
        _digests[period][participant] = entry.digest;
        emit StatementReissued(
            period,
            participant,
            entry.revision,
            previous,
            entry.digest,
            entry.net,
            oldNet,
            resolution
        );
    }

    /// @inheritdoc IEnergySettlement
    function signStatement(uint64 period, address participant, uint32 revision) external whenNotPaused {
        Stored storage s = _statements[period][participant];
        uint8 stage = s.stage;
        if (stage == DRAFT) {
            _checkRole(Roles.MARKET_OPERATOR, msg.sender);
            stage = MARKET_SIGNED;
        } else if (stage == MARKET_SIGNED) {
            _checkRole(Roles.SETTLEMENT_AGENT, msg.sender);
            stage = AGENT_SIGNED;
            s.disputeUntil = uint40(block.timestamp + disputeWindow);
        } else {
            revert WrongStatementState(period, participant, uint8(_state(period, s)));
        }
        if (revision != s.revision) revert RevisionMismatch(period, participant, s.revision, revision);
        s.stage = stage;
        emit StatementSigned(period, participant, revision, _state(period, s), msg.sender, s.disputeUntil);
    }

    // ================================================================ payment

    /// @inheritdoc IEnergySettlement
    function finalize(uint64 period, address[] calldata participants) external whenNotPaused {
        Period storage p = _periods[period];
        for (uint256 i = 0; i < participants.length; ++i) {
            address who = participants[i];
            Stored storage s = _statements[period][who];
            (StatementState state, uint64 deadline) = _stateOf(period, s);
            if (state != StatementState.AgentSigned) revert WrongStatementState(period, who, uint8(state));
            if (block.timestamp < deadline) revert DisputeWindowOpen(period, who, deadline);
            int256 net = s.net;
            emit StatementFinal(period, who, s.revision, net);
            if (net > 0) {
                _collect(p, period, who, s, uint256(net));
            } else if (net == 0) {
                _markPaid(p, period, who, s);
            } else {
                s.stage = FINAL;
            }
        }
    }

    /// @inheritdoc IEnergySettlement
    function withdraw(uint64 period) external whenNotPaused {
        Stored storage s = _statements[period][msg.sender];
        if (s.stage == PAID) revert AlreadyPaid(period, msg.sender);
        if (s.stage != FINAL) revert StatementNotFinal(period, msg.sender, uint8(_state(period, s)));
        int256 net = s.net;
        if (net >= 0) revert NothingToWithdraw(period, msg.sender, net);
        uint256 credit = uint256(-net);
        Period storage p = _periods[period];
        if (p.pool < credit) revert PoolShort(period, p.pool, credit);
        p.pool -= credit;
        _markPaid(p, period, msg.sender, s);
        emit Withdrawn(period, msg.sender, credit);
        IERC20(token).safeTransfer(msg.sender, credit);
    }

    /// @inheritdoc IEnergySettlement
    function coverShortfall(uint64 period, address participant) external whenNotPaused {
        uint256 owed = _shortfalls[period][participant];
        if (owed == 0) revert NoShortfall(period, participant);
        _collect(_periods[period], period, participant, _statements[period][participant], owed);
    }

    /// @inheritdoc IEnergySettlement
    function topUp(uint64 period, uint256 amount) external whenNotPaused {
        _checkMemberAccount(msg.sender);
        if (amount == 0) revert ZeroAmount();
        Period storage p = _periods[period];
        if (p.state != PeriodState.AgentSigned) revert WrongPeriodState(period, uint8(p.state));
        p.pool += amount;
        emit ToppedUp(period, msg.sender, amount);
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IEnergySettlement
    function releaseBody(uint64 period, address to) external whenNotPaused onlyRole(Roles.SETTLEMENT_AGENT) {
        Period storage p = _periods[period];
        if (p.state != PeriodState.AgentSigned || p.paid != p.posted) revert PeriodNotPaid(period, p.paid, p.posted);
        uint256 amount = p.pool;
        if (amount == 0) revert ZeroAmount();
        p.pool = 0;
        emit BodyReleased(period, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ================================================================ views

    /// @inheritdoc IEnergySettlement
    function tariff() external view returns (Tariff memory) {
        return _tariff;
    }

    /// @inheritdoc IEnergySettlement
    function termsOf(uint64 period) external view returns (uint256[7] memory) {
        return _terms[period];
    }

    /// @inheritdoc IEnergySettlement
    function getPeriod(uint64 period) external view returns (Period memory) {
        return _periods[period];
    }

    /// @inheritdoc IEnergySettlement
    function getStatement(uint64 period, address participant) external view returns (Statement memory) {
        Stored storage s = _statements[period][participant];
        (, uint64 deadline) = _stateOf(period, s);
        return
            Statement({
                net: s.net,
                revision: s.revision,
                lines: s.lines,
                disputeUntil: uint40(deadline),
                digest: _digests[period][participant]
            });
    }

    /// @inheritdoc IEnergySettlement
    function statementState(uint64 period, address participant) external view returns (StatementState) {
        return _state(period, _statements[period][participant]);
    }

    /// @inheritdoc IEnergySettlement
    function disputeDeadline(uint64 period, address participant) external view returns (uint64 deadline) {
        (, deadline) = _stateOf(period, _statements[period][participant]);
    }

    /// @inheritdoc IEnergySettlement
    function depositOf(address account) external view returns (uint256 balance, uint32 pendingDebits) {
        Account storage a = _accounts[account];
        return (a.deposit, a.pending);
    }

    /// @inheritdoc IEnergySettlement
    function shortfallOf(uint64 period, address participant) external view returns (uint256) {
        return _shortfalls[period][participant];
    }

    // ================================================================ internals

    function _setTariff(Tariff memory t) private {
        SettlementMath.checkTerms(
            SettlementMath.Terms(0, t.upRate, t.downRate, t.bandBps, t.tdRate, t.surchargeRate, t.fixedCents)
        );
        _tariff = t;
        emit TariffChanged(t);
    }

    function _deposit(uint256 amount) private {
        _checkMemberAccount(msg.sender);
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accounts[msg.sender];
        uint256 balance = a.deposit + amount;
        a.deposit = uint128(balance); // the token's supply is far below 2^128
        emit Deposited(msg.sender, amount, balance);
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Takes up to `owed` from the participant's deposit into the pool; what is missing is
    /// its shortfall. Paid once nothing is owed.
    function _collect(Period storage p, uint64 period, address who, Stored storage s, uint256 owed) private {
        Account storage a = _accounts[who];
        uint256 available = a.deposit;
        uint256 taken = available < owed ? available : owed;
        uint256 shortfall = owed - taken;
        a.deposit = uint128(available - taken);
        p.pool += taken;
        _shortfalls[period][who] = shortfall;
        emit DebitTaken(period, who, taken, shortfall);
        if (shortfall == 0) {
            --a.pending;
            _markPaid(p, period, who, s);
        } else {
            s.stage = FINAL;
        }
    }

    function _markPaid(Period storage p, uint64 period, address who, Stored storage s) private {
        s.stage = PAID;
        ++p.paid;
        emit StatementPaid(period, who, s.revision, s.net);
    }

    function _checkEntry(uint64 period, Entry calldata e, uint32 revision) private pure {
        if (
            e.participant == address(0) ||
            e.digest == bytes32(0) ||
            e.revision != revision ||
            e.lines < MIN_LINES ||
            e.lines > MAX_LINES ||
            e.net > MAX_NET ||
            e.net < -MAX_NET
        ) revert BadStatement(period, e.participant);
    }

    function _state(uint64 period, Stored storage s) private view returns (StatementState state) {
        (state, ) = _stateOf(period, s);
    }

    /// @dev The statement's state and, once the agent signed it, the end of its dispute window.
    function _stateOf(uint64 period, Stored storage s) private view returns (StatementState, uint64) {
        uint8 stage = s.stage;
        if (stage == POSTED) {
            Period storage p = _periods[period];
            PeriodState ps = p.state;
            if (ps == PeriodState.AgentSigned) return (StatementState.AgentSigned, p.disputeUntil);
            if (ps == PeriodState.MarketSigned) return (StatementState.MarketSigned, 0);
            return (StatementState.Draft, 0);
        }
        if (stage == 0) return (StatementState.None, 0);
        if (stage == DISPUTED) return (StatementState.Disputed, 0);
        if (stage == DRAFT) return (StatementState.Draft, 0);
        if (stage == MARKET_SIGNED) return (StatementState.MarketSigned, 0);
        if (stage == AGENT_SIGNED) return (StatementState.AgentSigned, s.disputeUntil);
        if (stage == FINAL) return (StatementState.Final, s.disputeUntil);
        return (StatementState.Paid, s.disputeUntil);
    }

    function _asTerms(uint256[7] memory t) private pure returns (SettlementMath.Terms memory) {
        return SettlementMath.Terms(t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
    }
}
