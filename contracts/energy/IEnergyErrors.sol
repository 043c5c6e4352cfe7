// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IEnergyErrors
/// @notice The refusals the energy market's contracts share (participants, meters, periods),
/// declared once so that each name has one signature across them. The consortium-wide refusals
/// (UnknownMember, NotMemberAccount, ...) come from {IConsortiumErrors}.
interface IEnergyErrors {
    /// @notice `role` is not a trading role a participant registers with (GENERATOR, RETAILER,
    /// CONSUMER); the others act by their consortium role alone.
    error NotTradingRole(uint8 role);

    /// @notice Member `memberId` is already registered in the market as `role`.
    error AlreadyRegistered(uint64 memberId, uint8 role);

    /// @notice Member `memberId` is not registered in the market.
    error UnknownParticipant(uint64 memberId);

    /// @notice The trading centre suspended participant `memberId` from the market, or its
    /// consortium membership is suspended or ended.
    error InactiveParticipant(uint64 memberId);

    /// @notice Participant `memberId` already has this active flag.
    error ParticipantUnchanged(uint64 memberId, bool active);

    /// @notice Meter id 0 is reserved (it means "no meter").
    error InvalidMeterId(uint32 meterId);

    /// @notice A meter with this id was registered before (ids are never reused, revoked or not).
    error MeterExists(uint32 meterId);

    /// @notice No meter with this id was registered.
    error UnknownMeter(uint32 meterId);

    /// @notice The meter was revoked; it has no key and takes no reading or change any more.
    error RevokedMeter(uint32 meterId);

    /// @notice `account` is no unfrozen METER_OPERATOR account of the member that registered the meter.
    error NotMeterOperator(address account, uint32 meterId);

    /// @notice A meter key cannot be the zero address.
    error InvalidMeterKey(address key);

    /// @notice `key` is or was the key of meter `meterId`: a key belongs to one meter, once.
    error KeyInUse(address key, uint32 meterId);

    /// @notice A readings batch must hold 1..MAX_BATCH readings of READING_BYTES each; it has `length` bytes.
    error InvalidBatch(uint256 length);

    /// @notice Periods before `closedBefore` are closed; closing moves forward only (asked: `beforePeriod`).
    error ClosingNotForward(uint32 closedBefore, uint32 beforePeriod);

    /// @notice The meter has no opening checkpoint for `period` (no reading landed in it yet).
    error NoCheckpoint(uint32 meterId, uint32 period);

    /// @notice The contract's time grid is unusable (interval length or intervals per period 0).
    error InvalidTimeGrid(uint256 epoch, uint256 intervalSeconds, uint256 intervalsPerPeriod);
}
