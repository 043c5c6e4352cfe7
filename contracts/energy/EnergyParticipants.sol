// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {AccessWord} from "../access/AccessWord.sol";
import {Roles} from "../access/Roles.sol";
import {IEnergyMeters} from "./IEnergyMeters.sol";

/// @title EnergyParticipants
/// @notice The market's own record of its participants: a consortium member registers by one of
/// its trading roles (GENERATOR, RETAILER, CONSUMER) and the trading centre may suspend it from
/// the market. Who a member is, and its roles, stay the consortium's; this keeps only what the
/// market adds (which trading roles it registered, its active flag, how many meters it owns).
/// @dev The other market roles (MARKET_OPERATOR, SETTLEMENT_AGENT, METER_OPERATOR, REGULATOR)
/// act by their consortium role alone and need no record. Settlement appends each participant's
/// deposit to {IEnergyMeters.Participant}.
abstract contract EnergyParticipants is IEnergyMeters, ConsortiumModule {
    uint256 internal constant TRADING_ROLES =
        (uint256(1) << Roles.GENERATOR) | (uint256(1) << Roles.RETAILER) | (uint256(1) << Roles.CONSUMER);

    mapping(uint64 memberId => Participant) internal _participants;

    /// @inheritdoc IEnergyMeters
    function registerParticipant(uint8 role) external whenNotPaused {
        if (role > Roles.MAX_ROLE || (uint256(1) << role) & TRADING_ROLES == 0) revert NotTradingRole(role);
        _checkActiveRole(role);
        uint64 memberId = _requireMemberOf(msg.sender);
        Participant storage p = _participants[memberId];
        uint16 bit = uint16(1) << role;
        if (p.roles & bit != 0) revert AlreadyRegistered(memberId, role);
        if (p.roles == 0) {
            p.active = true;
            p.registeredAt = uint40(block.timestamp);
        }
        p.roles |= bit;
        emit ParticipantRegistered(memberId, role, msg.sender);
    }

    /// @inheritdoc IEnergyMeters
    function setParticipantActive(uint64 memberId, bool active, string calldata reason) external whenNotPaused {
        _checkActiveRole(Roles.MARKET_OPERATOR);
        Participant storage p = _participants[memberId];
        if (p.roles == 0) revert UnknownParticipant(memberId);
        if (p.active == active) revert ParticipantUnchanged(memberId, active);
        p.active = active;
        emit ParticipantActiveSet(memberId, active, msg.sender, reason);
    }

    /// @inheritdoc IEnergyMeters
    function participant(uint64 memberId) external view returns (Participant memory) {
        return _participants[memberId];
    }

    /// @dev The caller holds `role` here unfrozen (AccessDenied) and its member is active
    /// (NotMemberAccount): one read of its mirrored word, which it returns.
    function _checkActiveRole(uint8 role) internal view returns (uint256 word) {
        word = _accessWord(msg.sender);
        uint256 roleBit = uint256(1) << role;
        if (word & (roleBit | AccessWord.FROZEN_BIT) != roleBit) revert AccessDenied(msg.sender, role);
        if (word & AccessWord.MEMBER_BIT == 0) revert NotMemberAccount(msg.sender);
    }
}
