// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IEnergyStatementErrors
/// @notice The refusals of the statements side of the electricity market: bilateral contracts
/// ({IBilateralContracts}) and period settlement ({IEnergySettlement}). Shared refusals about
/// members and roles come from IConsortiumErrors and IConsortiumGoverned.
/// @dev lib/energy/settlement-errors.ts maps each to a task error code.
interface IEnergyStatementErrors {
    // ------------------------------------------------------------------ bilateral contracts

    /// @notice The signed message expired at `deadline`.
    error SignatureExpired(uint256 deadline);
    /// @notice The signature is not `expected`'s (it recovers to `recovered`; zero if malformed).
    error BadSignature(address expected, address recovered);
    /// @notice Only the seller, the buyer or a MARKET_OPERATOR may submit this; `account` is none.
    error NotPartyOrOperator(address account);
    /// @notice Seller and buyer are the same account.
    error SameParty(address account);
    /// @notice `account` holds neither GENERATOR nor RETAILER here (or is frozen): it cannot sell.
    error NotSeller(address account);
    /// @notice `account` holds neither RETAILER nor CONSUMER here (or is frozen): it cannot buy.
    error NotBuyer(address account);
    /// @notice The contract quantity is 0 or above 10^15 Wh.
    error QuantityOutOfRange(uint256 quantityWh);
    /// @notice The contract price is above 10^9 cents/MWh.
    error PriceOutOfRange(uint256 price);
    /// @notice The calendar does not know `period`.
    error UnknownPeriod(uint64 period);
    /// @notice `period` started at `start`: its contracts can no longer be registered or cancelled.
    error PeriodStarted(uint64 period, uint64 start);
    /// @notice A contract with this id (seller, buyer, ref) was registered before (also when cancelled).
    error ContractExists(bytes32 id);
    /// @notice No active contract has this id.
    error ContractNotActive(bytes32 id);
    /// @notice `account` already holds the most legs (32) a statement can carry in `period`.
    error TooManyLegs(address account, uint64 period);

    // ------------------------------------------------------------------ settlement: parameters

    /// @notice The dispute window is outside 1 hour .. 90 days.
    error DisputeWindowOutOfRange(uint64 window);
    /// @notice An amount of 0 where one is needed.
    error ZeroAmount();

    // ------------------------------------------------------------------ settlement: deposits

    /// @notice `account` has `pending` debits not yet fully paid: its deposit stays until they are.
    error DepositLocked(address account, uint32 pending);
    /// @notice `account` holds `available` cents of deposit, less than `requested`.
    error InsufficientDeposit(address account, uint256 available, uint256 requested);

    // ------------------------------------------------------------------ settlement: periods

    /// @notice `period` was opened for settlement before.
    error PeriodExists(uint64 period);
    /// @notice `period` has not ended (it ends at `end`; 0 = unknown to the calendar): it cannot settle yet.
    error PeriodNotEnded(uint64 period, uint64 end);
    /// @notice `period`'s metering is still open.
    error MeteringOpen(uint64 period);
    /// @notice `period`'s auction clearing is not final.
    error ClearingNotFinal(uint64 period);
    /// @notice `period` is in state `state`, not the one this step needs.
    error WrongPeriodState(uint64 period, uint8 state);
    /// @notice Page `given` was sent where page `expected` is next.
    error PageOutOfOrder(uint64 period, uint32 expected, uint32 given);
    /// @notice `participant` already has a statement in `period`.
    error StatementExists(uint64 period, address participant);
    /// @notice A posted statement is malformed: zero participant or digest, a revision other than
    /// the one expected, a line count outside 7..39 or a net outside +-2^120 cents.
    error BadStatement(uint64 period, address participant);
    /// @notice The closing count differs from the statements posted.
    error CountMismatch(uint64 period, uint32 declared, uint32 posted);
    /// @notice The body's totals do not balance the period: Σ nets is `sumNets`, the body's lines sum to `bodyNet`.
    error NotConserved(uint64 period, int256 sumNets, int256 bodyNet);
    /// @notice The signer reviewed other statements: the period's running hash is `actual`.
    error StatementsHashMismatch(uint64 period, bytes32 actual);

    // ------------------------------------------------------------------ settlement: statements

    /// @notice `participant`'s statement of `period` is in state `state`, not the one this step needs.
    error WrongStatementState(uint64 period, address participant, uint8 state);
    /// @notice The signer named revision `given`; the statement is at revision `current`.
    error RevisionMismatch(uint64 period, address participant, uint32 current, uint32 given);
    /// @notice The dispute window of `participant`'s statement of `period` closed at `deadline`.
    error DisputeWindowClosed(uint64 period, address participant, uint64 deadline);
    /// @notice The dispute window of `participant`'s statement of `period` is open until `deadline`.
    error DisputeWindowOpen(uint64 period, address participant, uint64 deadline);
    /// @notice Line `line` does not exist: the statement has `lines` lines (numbered 0..lines-1).
    error LineOutOfRange(uint8 line, uint8 lines);

    // ------------------------------------------------------------------ settlement: payment

    /// @notice `participant`'s statement of `period` is paid already.
    error AlreadyPaid(uint64 period, address participant);
    /// @notice `participant`'s statement of `period` is not final (state `state`): nothing is withdrawable yet.
    error StatementNotFinal(uint64 period, address participant, uint8 state);
    /// @notice `participant`'s statement of `period` credits nothing (its net is `net`).
    error NothingToWithdraw(uint64 period, address participant, int256 net);
    /// @notice `period`'s pool holds `pool` cents, less than the `needed`.
    error PoolShort(uint64 period, uint256 pool, uint256 needed);
    /// @notice `participant` owes nothing more for `period`.
    error NoShortfall(uint64 period, address participant);
    /// @notice Only `paid` of `period`'s `count` statements are paid.
    error PeriodNotPaid(uint64 period, uint32 paid, uint32 count);
}
