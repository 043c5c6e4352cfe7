// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {Roles} from "../access/Roles.sol";
import {IEnergyMeters} from "./IEnergyMeters.sol";
import {EnergyParticipants} from "./EnergyParticipants.sol";

/// @title EnergyMeters
/// @notice Trusted meters of the energy market and their signed readings (see {IEnergyMeters}).
/// @dev Identities are bound where they are created and re-checked on every path:
///  - a meter id to the member whose METER_OPERATOR registered it: key changes and revocation
///    check the caller's member against it, and a meter's reading slot is stored under that
///    member's namespace (`member << 32 | meterId`), so a concentrator of another member finds
///    no key there and its reading is refused (ForeignOperator) at no extra cost;
///  - a key to its meter, once: `_keyMeter` keeps every key ever bound, so a key never serves
///    two meters and a rotated-out key is recognised (RotatedOutKey) rather than merely wrong.
/// Per reading the hot path reads and rewrites one slot: key (bits 0..159), last interval + 1
/// (160..191; 0 before the first reading), last cumulative Wh (192..255). The reading's
/// timestamp is bound to its interval (the window rule), so it need not be stored to keep
/// readings in order. A reading that enters a new settlement period also writes the period's
/// opening checkpoint: one new slot per meter per period, not per reading.
contract EnergyMeters is EnergyParticipants, EIP712 {
    /// @notice EIP-712 type of a meter reading.
    bytes32 public constant READING_TYPEHASH = keccak256(
        "MeterReading(uint32 meterId,uint32 interval,uint64 cumulativeWh,uint40 timestamp)"
    );
    /// @notice Bytes per reading in a batch: 4 + 4 + 8 + 5 header, 32 r, 32 yParityAndS.
    uint256 public constant READING_BYTES = 85;
    /// @notice Most readings per batch (a batch of 500 stays well inside a 30M block).
    uint256 public constant MAX_BATCH = 500;

    /// @notice Start of interval 0 (unix seconds).
    uint256 public immutable epoch;
    /// @notice Length of a metering interval in seconds.
    uint256 public immutable intervalSeconds;
    /// @notice Intervals per settlement period.
    uint256 public immutable intervalsPerPeriod;

    uint256 private constant KEY_MASK = (uint256(1) << 160) - 1;
    uint256 private constant METER_OPERATOR_BIT = uint256(1) << Roles.METER_OPERATOR;

    /// @dev operatorMember << 32 | meterId => key | (lastInterval + 1) << 160 | cumulativeWh << 192
    mapping(uint256 slotKey => uint256) private _hot;
    mapping(uint32 meterId => MeterInfo) private _meters;
    mapping(address key => uint32 meterId) private _keyMeter;
    /// @dev meterId << 32 | period => cumulativeWh | (interval + 1) << 64
    mapping(uint256 checkpointKey => uint256) private _openings;
    uint32 private _closedBefore;

    /// @param consortium_ the Consortium this module obeys
    /// @param epoch_ start of interval 0 (unix seconds)
    /// @param intervalSeconds_ metering interval length (e.g. 900 for 15 minutes)
    /// @param intervalsPerPeriod_ intervals per settlement period (e.g. 96: a day of 15-minute intervals)
    constructor(
        address consortium_,
        uint40 epoch_,
        uint32 intervalSeconds_,
        uint32 intervalsPerPeriod_
    ) ConsortiumModule(consortium_) EIP712("EnergyMeters", "1") {
        if (intervalSeconds_ == 0 || intervalsPerPeriod_ == 0) {
            revert InvalidTimeGrid(epoch_, intervalSeconds_, intervalsPerPeriod_);
        }
        epoch = epoch_;
        intervalSeconds = intervalSeconds_;
        intervalsPerPeriod = intervalsPerPeriod_;
    }

    // ------------------------------------------------------------------ meters

    /// @inheritdoc IEnergyMeters
    function addMeter(uint32 meterId, uint64 owner, address key) external whenNotPaused {
        _checkActiveRole(Roles.METER_OPERATOR);
        uint64 operatorMember = _requireMemberOf(msg.sender);
        if (meterId == 0) revert InvalidMeterId(meterId);
        if (_meters[meterId].status != MeterStatus.None) revert MeterExists(meterId);
        Participant storage p = _participants[owner];
        if (p.roles == 0) revert UnknownParticipant(owner);
        // Suspended from the market by the trading centre, or its membership suspended or ended.
        if (!p.active || !_isActiveMember(owner)) revert InactiveParticipant(owner);
        _bindKey(key, meterId);
        _meters[meterId] = MeterInfo(operatorMember, owner, MeterStatus.Active, uint40(block.timestamp));
        ++p.meters;
        _hot[_slotKey(operatorMember, meterId)] = uint160(key);
        emit MeterAdded(meterId, operatorMember, owner, key, msg.sender);
    }

    /// @inheritdoc IEnergyMeters
    function rotateMeterKey(uint32 meterId, address newKey) external whenNotPaused {
        uint256 slotKey = _checkMeterOperator(meterId);
        _bindKey(newKey, meterId);
        uint256 hot = _hot[slotKey];
        _hot[slotKey] = (hot & ~KEY_MASK) | uint160(newKey);
        emit MeterKeyRotated(meterId, address(uint160(hot)), newKey, msg.sender);
    }

    /// @inheritdoc IEnergyMeters
    function revokeMeter(uint32 meterId, string calldata reason) external whenNotPaused {
        uint256 slotKey = _checkMeterOperator(meterId);
        _hot[slotKey] &= ~KEY_MASK;
        _meters[meterId].status = MeterStatus.Revoked;
        emit MeterRevoked(meterId, msg.sender, reason);
    }

    /// @inheritdoc IEnergyMeters
    function meter(uint32 meterId) external view returns (MeterInfo memory) {
        return _meters[meterId];
    }

    /// @inheritdoc IEnergyMeters
    function meterKey(uint32 meterId) external view returns (address) {
        return address(uint160(_hotOf(meterId)));
    }

    /// @inheritdoc IEnergyMeters
    function meterOfKey(address key) external view returns (uint32) {
        return _keyMeter[key];
    }

    // ------------------------------------------------------------------ readings

    /// @inheritdoc IEnergyMeters
    function submitReadings(bytes calldata batch) external whenNotPaused returns (uint256 accepted) {
        uint256 n = batch.length / READING_BYTES;
        if (n == 0 || n > MAX_BATCH || n * READING_BYTES != batch.length) revert InvalidBatch(batch.length);
        _checkActiveRole(Roles.METER_OPERATOR);
        // The submitter's member (the namespace of the meters it may feed) and the closing mark,
        // read once per batch and carried in one word: member << 32 | closedBefore << 128.
        uint256 batchCtx = (uint256(_requireMemberOf(msg.sender)) << 32) | (uint256(_closedBefore) << 128);
        bytes32 domainSeparator = _domainSeparatorV4();
        for (uint256 i = 0; i < n; ++i) {
            uint256 head;
            bytes32 r;
            bytes32 vs;
            assembly ("memory-safe") {
                let at := add(batch.offset, mul(i, 85))
                head := calldataload(at)
                r := calldataload(add(at, 21))
                vs := calldataload(add(at, 53))
            }
            Refusal why = _apply(batchCtx, head, r, vs, domainSeparator);
            if (why == Refusal.None) {
                ++accepted;
            } else {
                emit ReadingRefused(uint32(head >> 224), uint32(head >> 192), i, why);
            }
        }
        emit ReadingsSubmitted(msg.sender, accepted, n - accepted);
    }

    /// @inheritdoc IEnergyMeters
    function closeReadings(uint32 beforePeriod) external {
        _checkActiveRole(Roles.SETTLEMENT_AGENT);
        if (beforePeriod <= _closedBefore) revert ClosingNotForward(_closedBefore, beforePeriod);
        _closedBefore = beforePeriod;
        emit ReadingsClosed(beforePeriod, msg.sender);
    }

    /// @inheritdoc IEnergyMeters
    function closedBefore() external view returns (uint32) {
        return _closedBefore;
    }

    /// @inheritdoc IEnergyMeters
    function lastReading(uint32 meterId) external view returns (bool exists, uint32 interval, uint64 cumulativeWh) {
        uint256 hot = _hotOf(meterId);
        uint256 next = uint32(hot >> 160);
        if (next == 0) return (false, 0, 0);
        return (true, uint32(next - 1), uint64(hot >> 192));
    }

    /// @inheritdoc IEnergyMeters
    function opening(
        uint32 meterId,
        uint32 period
    ) public view returns (bool exists, uint32 interval, uint64 cumulativeWh) {
        uint256 c = _openings[(uint256(meterId) << 32) | period];
        if (c == 0) return (false, 0, 0);
        return (true, uint32((c >> 64) - 1), uint64(c));
    }

    /// @inheritdoc IEnergyMeters
    function meteredEnergy(uint32 meterId, uint32 fromPeriod, uint32 toPeriod) external view returns (uint64) {
        (bool a, , uint64 start) = opening(meterId, fromPeriod);
        if (!a) revert NoCheckpoint(meterId, fromPeriod);
        (bool b, , uint64 end) = opening(meterId, toPeriod);
        if (!b) revert NoCheckpoint(meterId, toPeriod);
        // Checkpoints follow accepted readings, whose cumulative never decreases.
        return end >= start ? end - start : 0;
    }

    /// @inheritdoc IEnergyMeters
    function intervalAt(uint256 timestamp) external view returns (uint32) {
        return uint32((timestamp - epoch) / intervalSeconds);
    }

    /// @inheritdoc IEnergyMeters
    function readingDigest(
        uint32 meterId,
        uint32 interval,
        uint64 cumulativeWh,
        uint40 timestamp
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(READING_TYPEHASH, meterId, interval, cumulativeWh, timestamp)));
    }

    // ------------------------------------------------------------------ internals

    /// @dev One reading (`head`: meterId, interval, cumulativeWh, timestamp packed from the top
    /// byte down): Refusal.None if kept. Authenticity first (a refused signature says nothing
    /// about the content), then order and monotonicity, then the time window and closing.
    function _apply(
        uint256 batchCtx,
        uint256 head,
        bytes32 r,
        bytes32 vs,
        bytes32 domainSeparator
    ) private returns (Refusal) {
        uint32 meterId = uint32(head >> 224);
        uint256 slotKey = uint128(batchCtx) | meterId;
        uint256 hot = _hot[slotKey];
        if (uint160(hot) == 0) return _withoutKey(batchCtx, meterId);
        address signer = _recover(head, r, vs, domainSeparator);
        if (signer != address(uint160(hot))) return _wrongSigner(meterId, signer, r, vs);
        Refusal why = _checkOrder(hot, head, batchCtx >> 128);
        if (why != Refusal.None) return why;
        _store(slotKey, hot, head);
        return Refusal.None;
    }

    /// @dev The signer of the reading's EIP-712 digest, or zero for a malformed or high-s
    /// signature (OpenZeppelin ECDSA's rules for EIP-2098 r and yParityAndS). Written in
    /// scratch memory, never allocated, so a batch of hundreds does not grow memory.
    function _recover(
        uint256 head,
        bytes32 r,
        bytes32 vs,
        bytes32 domainSeparator
    ) private view returns (address signer) {
        bytes32 typeHash = READING_TYPEHASH;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, typeHash)
            mstore(add(p, 0x20), shr(224, head))
            mstore(add(p, 0x40), and(shr(192, head), 0xffffffff))
            mstore(add(p, 0x60), and(shr(128, head), 0xffffffffffffffff))
            mstore(add(p, 0x80), and(shr(88, head), 0xffffffffff))
            let structHash := keccak256(p, 0xa0)
            // keccak256("\x19\x01" || domainSeparator || structHash), as MessageHashUtils.toTypedDataHash
            mstore(p, hex"1901")
            mstore(add(p, 0x02), domainSeparator)
            mstore(add(p, 0x22), structHash)
            let digest := keccak256(p, 0x42)
            let s := and(vs, 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff)
            // Low s only (EIP-2): the malleable twin (n - s) is refused.
            if iszero(gt(s, 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0)) {
                mstore(p, digest)
                mstore(add(p, 0x20), add(shr(255, vs), 27))
                mstore(add(p, 0x40), r)
                mstore(add(p, 0x60), s)
                mstore(0x00, 0)
                if staticcall(gas(), 0x01, p, 0x80, 0x00, 0x20) {
                    signer := mload(0x00)
                }
            }
        }
    }

    /// @dev Keeps an accepted reading: the meter's slot, the period's opening checkpoint when the
    /// reading is the meter's first in its period, and the event.
    function _store(uint256 slotKey, uint256 hot, uint256 head) private {
        uint32 meterId = uint32(head >> 224);
        uint256 interval = uint32(head >> 192);
        uint256 cumulativeWh = uint64(head >> 128);
        uint256 next = uint32(hot >> 160);
        uint256 period = interval / intervalsPerPeriod;
        if (next == 0) {
            _openings[(uint256(meterId) << 32) | period] = cumulativeWh | ((interval + 1) << 64);
        } else if ((next - 1) / intervalsPerPeriod != period) {
            _openings[(uint256(meterId) << 32) | period] = uint64(hot >> 192) | (next << 64);
        }
        _hot[slotKey] = uint160(hot) | ((interval + 1) << 160) | (cumulativeWh << 192);
        emit ReadingAccepted(meterId, uint32(interval), uint64(cumulativeWh), uint40(head >> 88));
    }

    /// @dev Order, monotonicity, the time window and closing of a reading against the meter's last.
    function _checkOrder(uint256 hot, uint256 head, uint256 closed) private view returns (Refusal) {
        uint256 interval = uint32(head >> 192);
        uint256 next = uint32(hot >> 160);
        if (next != 0) {
            if (interval < next - 1) return Refusal.OutOfOrder;
            if (interval == next - 1) return Refusal.Duplicate;
            if (uint64(head >> 128) < uint64(hot >> 192)) return Refusal.Decreasing;
        }
        uint256 timestamp = uint40(head >> 88);
        uint256 end = epoch + (interval + 1) * intervalSeconds;
        if (timestamp < end || timestamp >= end + intervalSeconds || timestamp > block.timestamp) {
            return Refusal.BadTimestamp;
        }
        // The last interval has no successor to store as "last + 1".
        if (interval == type(uint32).max) return Refusal.BadTimestamp;
        if (interval / intervalsPerPeriod < closed) return Refusal.PeriodClosed;
        return Refusal.None;
    }

    /// @dev Why a meter has no key in the submitter's namespace (cold path).
    function _withoutKey(uint256 batchCtx, uint32 meterId) private view returns (Refusal) {
        MeterInfo storage m = _meters[meterId];
        if (m.status == MeterStatus.None) return Refusal.UnknownMeter;
        if (uint256(m.operatorMember) != uint96(batchCtx >> 32)) return Refusal.ForeignOperator;
        return Refusal.RevokedMeter;
    }

    /// @dev Why a signature did not recover to the meter's key (cold path).
    function _wrongSigner(uint32 meterId, address signer, bytes32 r, bytes32 vs) private view returns (Refusal) {
        if (r == 0 && vs == 0) return Refusal.Unsigned;
        uint32 owner = signer == address(0) ? 0 : _keyMeter[signer];
        if (owner == 0) return Refusal.BadSignature;
        return owner == meterId ? Refusal.RotatedOutKey : Refusal.ForeignKey;
    }

    /// @dev The caller is an active METER_OPERATOR of the member that registered the live meter;
    /// returns the meter's reading-slot key.
    function _checkMeterOperator(uint32 meterId) private view returns (uint256) {
        MeterInfo storage m = _meters[meterId];
        if (m.status == MeterStatus.None) revert UnknownMeter(meterId);
        if (m.status == MeterStatus.Revoked) revert RevokedMeter(meterId);
        _checkActiveRole(Roles.METER_OPERATOR);
        uint64 operatorMember = m.operatorMember;
        if (_memberOf(msg.sender) != operatorMember) revert NotMeterOperator(msg.sender, meterId);
        return _slotKey(operatorMember, meterId);
    }

    /// @dev Binds `key` to `meterId` for good.
    function _bindKey(address key, uint32 meterId) private {
        if (key == address(0)) revert InvalidMeterKey(key);
        uint32 bound = _keyMeter[key];
        if (bound != 0) revert KeyInUse(key, bound);
        _keyMeter[key] = meterId;
    }

    function _hotOf(uint32 meterId) private view returns (uint256) {
        uint64 operatorMember = _meters[meterId].operatorMember;
        if (operatorMember == 0) return 0;
        return _hot[_slotKey(operatorMember, meterId)];
    }

    function _slotKey(uint64 operatorMember, uint32 meterId) private pure returns (uint256) {
        return (uint256(operatorMember) << 32) | meterId;
    }
}
