// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IEnergyErrors} from "./IEnergyErrors.sol";

/// @title IEnergyMeters
/// @notice The energy market's participants and trusted meters: members register as market
/// participants by their trading role; meter operators register meters (an owner participant
/// and the meter's signing key), rotate and revoke their keys; data concentrators submit
/// EIP-712 readings signed by the meters, in batches, each reading accepted or refused alone.
///
/// Time grid: interval `i` covers [epoch + i * intervalSeconds, epoch + (i + 1) * intervalSeconds);
/// a reading of interval `i` is the meter's cumulative register taken when the interval ends, so
/// its timestamp lies in [end(i), end(i) + intervalSeconds) and not after the block. Settlement
/// period `p` is intervals [p * intervalsPerPeriod, (p + 1) * intervalsPerPeriod).
///
/// What settlement reads: per meter, the last accepted reading (one slot) and, per settlement
/// period, an opening checkpoint (the cumulative of the last reading before the period; for a
/// meter's first reading, that reading itself). Energy over whole periods is the difference of
/// two checkpoints ({meteredEnergy}); per-interval energy is in the ReadingAccepted events and
/// telescopes to the same sums.
interface IEnergyMeters is IEnergyErrors {
    /// @notice Why a reading of a batch was refused (ReadingRefused); the rest of the batch goes on.
    enum Refusal {
        None, // never emitted
        Unsigned, // signature all zero
        BadSignature, // malformed, high-s, or signed by a key no meter ever had (e.g. another chain or contract)
        UnknownMeter, // no meter with this id
        ForeignOperator, // the meter belongs to another operator member than the submitter's
        RevokedMeter, // the meter was revoked
        ForeignKey, // signed by the key of another meter
        RotatedOutKey, // signed by a key this meter had before its last rotation
        Duplicate, // this interval already has the meter's reading
        OutOfOrder, // interval before the meter's last reading
        Decreasing, // cumulative energy below the meter's last reading
        BadTimestamp, // timestamp outside its interval's reading window, or after the block
        PeriodClosed // the interval's settlement period is closed
    }

    /// @notice A meter's life: registered with a key, or revoked for good.
    enum MeterStatus {
        None,
        Active,
        Revoked
    }

    /// @notice A meter as registered.
    struct MeterInfo {
        uint64 operatorMember; // the member whose METER_OPERATOR registered it: only it changes or feeds it
        uint64 owner; // the participant whose energy it measures
        MeterStatus status;
        uint40 registeredAt;
    }

    /// @notice A market participant: a consortium member registered by one of its trading roles.
    struct Participant {
        uint16 roles; // bit r set: registered as consortium role r (GENERATOR, RETAILER, CONSUMER)
        bool active; // cleared by the trading centre to suspend it from the market
        uint40 registeredAt;
        uint32 meters; // meters registered with it as owner (revoked ones included)
        // Settlement appends its deposit balance after this field (a new slot of the struct).
    }

    // ------------------------------------------------------------------ events

    /// @notice Member `memberId` registered in the market as `role`, by `account` (which holds the role).
    event ParticipantRegistered(uint64 indexed memberId, uint8 role, address indexed account);

    /// @notice The trading centre (MARKET_OPERATOR) suspended or reinstated a participant.
    event ParticipantActiveSet(uint64 indexed memberId, bool active, address indexed by, string reason);

    /// @notice Meter `meterId` registered by member `operatorMember` for participant `owner`, with `key`.
    event MeterAdded(
        uint32 indexed meterId,
        uint64 indexed operatorMember,
        uint64 indexed owner,
        address key,
        address by
    );

    /// @notice The meter's key changed; `oldKey` signs nothing from this block on.
    event MeterKeyRotated(uint32 indexed meterId, address oldKey, address newKey, address indexed by);

    /// @notice The meter was revoked: no key, no more readings; its readings so far stay.
    event MeterRevoked(uint32 indexed meterId, address indexed by, string reason);

    /// @notice A reading was accepted: the meter's register read `cumulativeWh` at `timestamp`, closing `interval`.
    event ReadingAccepted(uint32 indexed meterId, uint32 interval, uint64 cumulativeWh, uint40 timestamp);

    /// @notice Reading number `index` (0-based) of a batch was refused for `reason`; nothing of it was kept.
    event ReadingRefused(uint32 indexed meterId, uint32 interval, uint256 index, Refusal reason);

    /// @notice A batch was processed: `accepted` readings kept, `refused` refused.
    event ReadingsSubmitted(address indexed submitter, uint256 accepted, uint256 refused);

    /// @notice The settlement agent closed every period before `beforePeriod` to new readings.
    event ReadingsClosed(uint32 beforePeriod, address indexed by);

    // ------------------------------------------------------------------ participants

    /// @notice Registers the caller's member in the market as `role` (GENERATOR, RETAILER or
    /// CONSUMER), which the caller must hold here; a member may register several roles, one call each.
    /// @dev Refuses: NotTradingRole, AccessDenied (caller lacks the role or is frozen),
    /// NotMemberAccount (member not active), AlreadyRegistered, ModulePaused.
    /// @param role the consortium role id (lib/access/roles.ts)
    function registerParticipant(uint8 role) external;

    /// @notice The trading centre suspends (false) or reinstates (true) a participant: no new
    /// meter is registered for a suspended participant.
    /// @dev Refuses: AccessDenied (not an unfrozen MARKET_OPERATOR), UnknownParticipant, ParticipantUnchanged.
    /// @param reason recorded in the event
    function setParticipantActive(uint64 memberId, bool active, string calldata reason) external;

    /// @notice The participant record of `memberId` (all zero if not registered).
    function participant(uint64 memberId) external view returns (Participant memory);

    // ------------------------------------------------------------------ meters

    /// @notice A METER_OPERATOR account registers meter `meterId` for participant `owner` with
    /// signing key `key`; the meter is bound to the caller's member for good.
    /// @dev Refuses: AccessDenied, NotMemberAccount, InvalidMeterId, MeterExists,
    /// UnknownParticipant, InactiveParticipant, InvalidMeterKey, KeyInUse, ModulePaused.
    function addMeter(uint32 meterId, uint64 owner, address key) external;

    /// @notice A METER_OPERATOR account of the meter's operator member replaces its key; readings
    /// signed by the old key are refused from this transaction on.
    /// @dev Refuses: UnknownMeter, RevokedMeter, AccessDenied, NotMemberAccount, NotMeterOperator,
    /// InvalidMeterKey, KeyInUse, ModulePaused.
    function rotateMeterKey(uint32 meterId, address newKey) external;

    /// @notice A METER_OPERATOR account of the meter's operator member revokes it for good.
    /// @dev Refuses: UnknownMeter, RevokedMeter, AccessDenied, NotMemberAccount, NotMeterOperator, ModulePaused.
    /// @param reason recorded in the event
    function revokeMeter(uint32 meterId, string calldata reason) external;

    /// @notice The meter's registration (status None if unknown).
    function meter(uint32 meterId) external view returns (MeterInfo memory);

    /// @notice The meter's current key (zero if unknown or revoked).
    function meterKey(uint32 meterId) external view returns (address);

    /// @notice The meter `key` is or was bound to (0: none); a key is bound once, for good.
    function meterOfKey(address key) external view returns (uint32);

    // ------------------------------------------------------------------ readings

    /// @notice Submits readings packed back to back, READING_BYTES each: meterId (uint32),
    /// interval (uint32), cumulativeWh (uint64), timestamp (uint40), then the EIP-2098 compact
    /// signature r (bytes32) and yParityAndS (bytes32) of the meter's key over the EIP-712
    /// MeterReading. Each reading is accepted (ReadingAccepted) or refused (ReadingRefused with
    /// its Refusal) on its own; the caller must be an unfrozen METER_OPERATOR account of an
    /// active member, and only readings of meters its member registered are accepted.
    /// @dev Refuses the whole batch only for: InvalidBatch, AccessDenied, NotMemberAccount, ModulePaused.
    /// @return accepted how many readings were kept
    function submitReadings(bytes calldata batch) external returns (uint256 accepted);

    /// @notice The settlement agent closes every settlement period before `beforePeriod`: their
    /// readings are refused from now on (PeriodClosed), so settled energy cannot move.
    /// @dev Refuses: AccessDenied (not an unfrozen SETTLEMENT_AGENT), ClosingNotForward.
    function closeReadings(uint32 beforePeriod) external;

    /// @notice Periods before this one are closed to readings.
    function closedBefore() external view returns (uint32);

    /// @notice The meter's last accepted reading (`exists` false before its first).
    function lastReading(uint32 meterId) external view returns (bool exists, uint32 interval, uint64 cumulativeWh);

    /// @notice The meter's opening checkpoint of settlement period `period`: the cumulative of its
    /// last reading before the period (or of its first reading, if it started in the period) and
    /// that reading's interval; `exists` false if no reading has landed in the period yet.
    function opening(
        uint32 meterId,
        uint32 period
    ) external view returns (bool exists, uint32 interval, uint64 cumulativeWh);

    /// @notice Energy in Wh the meter measured over periods [fromPeriod, toPeriod): the
    /// difference of their opening checkpoints. A gap in readings counts in the period of the
    /// reading that ends it.
    /// @dev Refuses: NoCheckpoint if either period has no opening checkpoint.
    function meteredEnergy(uint32 meterId, uint32 fromPeriod, uint32 toPeriod) external view returns (uint64 energyWh);

    /// @notice The interval that covers unix time `timestamp` (reverts before the epoch).
    function intervalAt(uint256 timestamp) external view returns (uint32);

    /// @notice The EIP-712 digest a meter signs for a reading.
    function readingDigest(
        uint32 meterId,
        uint32 interval,
        uint64 cumulativeWh,
        uint40 timestamp
    ) external view returns (bytes32);
}
