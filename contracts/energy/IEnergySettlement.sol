// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IEnergyStatementErrors} from "./IEnergyStatementErrors.sol";

/// @title IEnergySettlement
/// @notice Period settlement of the electricity market (issue 11, items 4 and 5): participants
/// pre-fund deposits in the settlement token; the SETTLEMENT_AGENT (the grid company, the
/// settlement body) posts a closed period's statements in pages — participant, revision, net
/// and the digest lib/energy/settlement.ts computes with SettlementMath's encoding — and closes
/// the posting with the body's totals, which must balance the nets; the MARKET_OPERATOR signs the
/// period, then the SETTLEMENT_AGENT; each statement is final once its dispute window passed
/// undisputed, or disputed by its participant naming a line, in which case the agent re-issues
/// it (revision + 1, previous digest chained). Final debits are taken from deposits into the
/// period's pool; final credits are withdrawn from it by their participants (pull).
/// @dev Money in token cents, + the participant pays (docs/energy/settlement-rules.md). State
/// machines: period None → Posting → Closed → MarketSigned → AgentSigned; statement Draft →
/// MarketSigned → AgentSigned → Final → Paid, or AgentSigned → Disputed → (re-issued) Draft.
/// A statement first issued follows its period's signatures (no per-statement write); a
/// re-issued one is signed on its own. Payment rule: a debit takes what the deposit holds; the
/// rest is a recorded shortfall, covered later from new deposits ({coverShortfall}) or by the
/// body ({topUp}); a payer's deposit cannot be withdrawn while any of its debits is unpaid.
interface IEnergySettlement is IEnergyStatementErrors {
    /// @notice The governed tariff: every term of SettlementMath.Terms but the clearing price.
    struct Tariff {
        uint256 upRate;
        uint256 downRate;
        uint256 bandBps;
        uint256 tdRate;
        uint256 surchargeRate;
        uint256 fixedCents;
    }

    /// @notice One statement of a posted page.
    struct Entry {
        address participant;
        uint32 revision; // 0 when first posted
        int128 net; // cents, + the participant pays
        bytes32 digest; // SettlementMath.digest of the statement
        uint8 lines; // number of lines: contract legs + 7
    }

    /// @notice Where the body's total Σ nets comes from (settlement-rules.md, Conservation).
    struct BodyTotals {
        int256 fees; // TRANSMISSION + SURCHARGE_ENERGY + SURCHARGE_FIXED
        int256 assessments; // DEVIATION_UP + DEVIATION_DOWN
        int256 imbalance; // IMBALANCE
        int256 tradeResidue; // BILATERAL + AUCTION
    }

    enum PeriodState {
        None,
        Posting,
        Closed,
        MarketSigned,
        AgentSigned
    }

    enum StatementState {
        None,
        Draft,
        MarketSigned,
        AgentSigned,
        Disputed,
        Final,
        Paid
    }

    /// @notice A period's settlement as stored.
    struct Period {
        PeriodState state;
        uint32 posted; // statements posted
        uint32 pages; // pages posted: the next page's number
        uint32 paid; // statements paid
        uint32 disputes; // disputes open
        uint40 disputeUntil; // the dispute window of first-issue statements (after the agent signed)
        bytes32 statementsHash; // running hash of the posted entries, in order
        int256 sumNets; // Σ of the current nets = the body's total
        uint256 pool; // debits collected, not yet withdrawn or released
    }

    /// @notice A statement as stored (its state through {statementState}).
    struct Statement {
        int128 net;
        uint32 revision;
        uint8 lines;
        uint40 disputeUntil; // the dispute window of a re-issued statement
        bytes32 digest;
    }

    event DisputeWindowChanged(uint64 window);
    event TariffChanged(Tariff tariff);
    /// @notice The contract became an account of member `memberId`, so it can hold the token.
    event JoinedMember(uint64 indexed memberId, address by);
    event Deposited(address indexed account, uint256 amount, uint256 balance);
    event DepositWithdrawn(address indexed account, uint256 amount, uint256 balance);
    /// @notice `period` opened with its terms (the clearing price from the auction, the rest the tariff).
    event PeriodOpened(uint64 indexed period, uint256[7] terms, address agent);
    event PagePosted(uint64 indexed period, uint32 page, uint32 entries, bytes32 statementsHash);
    event StatementPosted(
        uint64 indexed period,
        address indexed participant,
        uint32 revision,
        int256 net,
        bytes32 digest,
        uint8 lines
    );
    event PostingClosed(uint64 indexed period, uint32 statements, bytes32 statementsHash, BodyTotals body);
    event PeriodSigned(uint64 indexed period, PeriodState state, address signer, uint64 disputeUntil);
    event StatementSigned(
        uint64 indexed period,
        address indexed participant,
        uint32 revision,
        StatementState state,
        address signer,
        uint64 disputeUntil
    );
    event StatementDisputed(
        uint64 indexed period,
        address indexed participant,
        uint32 revision,
        uint8 line,
        bytes32 reason
    );
    /// @notice A dispute's resolution: the statement re-issued as `revision`, replacing `previous`.
    event StatementReissued(
        uint64 indexed period,
        address indexed participant,
        uint32 revision,
        bytes32 previous,
        bytes32 digest,
        int256 net,
        int256 oldNet,
        bytes32 resolution
    );
    event StatementFinal(uint64 indexed period, address indexed participant, uint32 revision, int256 net);
    /// @notice A debit was taken from the deposit; `shortfall` is what is still owed.
    event DebitTaken(uint64 indexed period, address indexed participant, uint256 amount, uint256 shortfall);
    event StatementPaid(uint64 indexed period, address indexed participant, uint32 revision, int256 net);
    event Withdrawn(uint64 indexed period, address indexed participant, uint256 amount);
    event ToppedUp(uint64 indexed period, address indexed from, uint256 amount);
    event BodyReleased(uint64 indexed period, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ governance

    /// @notice Set the dispute window (1 hour .. 90 days). The consortium only (a CallModule
    /// vote); applies to windows that start afterwards.
    /// @param window seconds
    function setDisputeWindow(uint64 window) external;

    /// @notice Set the tariff for periods opened afterwards. The consortium only; bounds as
    /// SettlementMath.checkTerms.
    /// @param tariff the new tariff
    function setTariff(Tariff calldata tariff) external;

    /// @notice Accept member `memberId`'s account offer, so the token lets this contract hold
    /// deposits. An admin of that member (the settlement body's) calls it after offering.
    /// @param memberId the member whose offer to accept
    function joinMember(uint64 memberId) external;

    // ------------------------------------------------------------------ deposits

    /// @notice Pre-fund the caller's deposit with `amount` cents (the caller approved this contract).
    /// @param amount cents
    function deposit(uint256 amount) external;

    /// @notice {deposit} with an ERC-2612 permit of the caller for this contract.
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Take back `amount` cents of the caller's deposit; refused while any of its debits is unpaid.
    /// @param amount cents
    function withdrawDeposit(uint256 amount) external;

    // ------------------------------------------------------------------ posting

    /// @notice Open `period` for settlement with the tariff and the auction's clearing price.
    /// SETTLEMENT_AGENT; the period must have ended, its metering closed and its clearing final.
    /// @param period the trading period
    function openPeriod(uint64 period) external;

    /// @notice Post page `page` of `period`'s statements (pages numbered from 0, in order: a page
    /// sent twice is refused, so nothing is applied twice and a job resumes at {getPeriod}.pages).
    /// SETTLEMENT_AGENT, while Posting; each participant once per period, revision 0.
    /// @param period the trading period
    /// @param page the page number
    /// @param entries the statements
    function postStatements(uint64 period, uint32 page, Entry[] calldata entries) external;

    /// @notice Close the posting: `statements` must be the number posted and the body's totals
    /// must sum to Σ nets (conservation: Σ nets − body = 0). SETTLEMENT_AGENT.
    /// @param period the trading period
    /// @param statements how many statements the period has
    /// @param body the body's totals, itemised
    function closePosting(uint64 period, uint32 statements, BodyTotals calldata body) external;

    /// @notice Sign the period's statements: a MARKET_OPERATOR when Closed, then a
    /// SETTLEMENT_AGENT when MarketSigned, which starts the dispute window.
    /// @param period the trading period
    /// @param statementsHash the running hash the signer reviewed ({getPeriod}.statementsHash)
    function signPeriod(uint64 period, bytes32 statementsHash) external;

    // ------------------------------------------------------------------ disputes

    /// @notice The caller disputes its statement of `period`, naming a line, within the window.
    /// @param period the trading period
    /// @param line the disputed line, numbered from 0 in statement order
    /// @param reason digest of the reason (the document is off chain)
    function dispute(uint64 period, uint8 line, bytes32 reason) external;

    /// @notice Resolve a dispute by re-issuing the statement: revision + 1, chained to the
    /// previous digest; the body's total moves by the change of net. SETTLEMENT_AGENT.
    /// @param period the trading period
    /// @param participant whose statement
    /// @param entry the new statement (its revision must be the current one + 1)
    /// @param resolution digest of the resolution document
    function resolveDispute(uint64 period, address participant, Entry calldata entry, bytes32 resolution) external;

    /// @notice Sign a re-issued statement: a MARKET_OPERATOR when Draft, then a SETTLEMENT_AGENT,
    /// which starts its own dispute window.
    /// @param period the trading period
    /// @param participant whose statement
    /// @param revision the revision the signer reviewed
    function signStatement(uint64 period, address participant, uint32 revision) external;

    // ------------------------------------------------------------------ payment

    /// @notice Make final every listed statement whose window passed undisputed and pay its
    /// debit from the deposit (a shortfall is recorded). Anyone; page the participants.
    /// @param period the trading period
    /// @param participants the statements to finalise
    function finalize(uint64 period, address[] calldata participants) external;

    /// @notice The caller withdraws the credit of its final statement of `period` (pull).
    /// @param period the trading period
    function withdraw(uint64 period) external;

    /// @notice Cover `participant`'s shortfall of `period` from its deposit, as far as it goes. Anyone.
    function coverShortfall(uint64 period, address participant) external;

    /// @notice Add `amount` cents of the caller's tokens to `period`'s pool (the body covering a shortfall).
    function topUp(uint64 period, uint256 amount) external;

    /// @notice Pay the body's share of `period` (what the pool keeps once every statement is
    /// paid) to `to`. SETTLEMENT_AGENT.
    function releaseBody(uint64 period, address to) external;

    // ------------------------------------------------------------------ views

    function token() external view returns (address);
    function bilateral() external view returns (address);
    function meters() external view returns (address);
    function auction() external view returns (address);
    function periods() external view returns (address);
    function disputeWindow() external view returns (uint64);
    function tariff() external view returns (Tariff memory);
    /// @notice `period`'s terms in SettlementMath.Terms order (zero before it opened).
    function termsOf(uint64 period) external view returns (uint256[7] memory);
    function getPeriod(uint64 period) external view returns (Period memory);
    function getStatement(uint64 period, address participant) external view returns (Statement memory);
    function statementState(uint64 period, address participant) external view returns (StatementState);
    /// @notice When the statement's dispute window closes (0 before the agent signed it).
    function disputeDeadline(uint64 period, address participant) external view returns (uint64);
    function depositOf(address account) external view returns (uint256 balance, uint32 pendingDebits);
    function shortfallOf(uint64 period, address participant) external view returns (uint256);
}
