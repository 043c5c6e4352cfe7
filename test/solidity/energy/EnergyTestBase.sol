// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {Roles} from "../../../contracts/access/Roles.sol";
import {EnergyMeters} from "../../../contracts/energy/EnergyMeters.sol";
import {WithVm} from "../utils/Vm.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";

/// @notice Signs and packs readings for EnergyMeters.submitReadings, as lib/energy does.
abstract contract ReadingKit is WithVm {
    uint256 internal constant EPOCH = 1_000_000;
    uint256 internal constant INTERVAL = 900;
    uint256 internal constant PER_PERIOD = 4;

    /// @dev The reading's timestamp: 5 s after its interval ends.
    function readingTime(uint32 interval) internal pure returns (uint40) {
        return uint40(EPOCH + (uint256(interval) + 1) * INTERVAL + 5);
    }

    /// @dev One reading signed with `key`, packed (85 bytes).
    function packed(
        EnergyMeters meters,
        uint256 key,
        uint32 meterId,
        uint32 interval,
        uint64 cumulativeWh
    ) internal view returns (bytes memory) {
        uint40 ts = readingTime(interval);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, meters.readingDigest(meterId, interval, cumulativeWh, ts));
        bytes32 vs = bytes32(uint256(s) | (uint256(v - 27) << 255));
        return abi.encodePacked(meterId, interval, cumulativeWh, ts, r, vs);
    }
}

/// @title EnergyTestBase
/// @notice A consortium of two members, the grid (METER_OPERATOR, its admin the concentrator)
/// and a generator (GENERATOR, registered as participant), EnergyMeters registered at genesis
/// with 15-minute intervals and 4-interval periods, and three meters with keys 0xA1..0xA3.
abstract contract EnergyTestBase is ConsortiumTestBase, ReadingKit {
    address internal constant GENERATOR_ADMIN = address(0xC0FFEE05);
    uint256 internal constant METERS = 3;

    Consortium internal consortium;
    EnergyMeters internal meters;
    address internal concentrator;

    function deployEnergy() internal {
        concentrator = adminOf(1);
        IConsortium.GenesisMember[] memory members = new IConsortium.GenesisMember[](2);
        members[0] = _member("Grid", concentrator);
        members[1] = _member("Generator", GENERATOR_ADMIN);
        IConsortium.GenesisGrant[] memory roles = new IConsortium.GenesisGrant[](2);
        roles[0] = IConsortium.GenesisGrant({account: concentrator, role: Roles.METER_OPERATOR});
        roles[1] = IConsortium.GenesisGrant({account: GENERATOR_ADMIN, role: Roles.GENERATOR});
        consortium = new Consortium(
            rulesOf(5000, 6000, 1 days, 0, 1 days, 0),
            members,
            roles,
            new IConsortium.GenesisNode[](0)
        );
        meters = new EnergyMeters(address(consortium), uint40(EPOCH), uint32(INTERVAL), uint32(PER_PERIOD));
        consortium.registerGenesisModule(address(meters));
        consortium.sealGenesis();
        vm.prank(GENERATOR_ADMIN);
        meters.registerParticipant(Roles.GENERATOR);
        for (uint256 i = 1; i <= METERS; ++i) {
            vm.prank(concentrator);
            meters.addMeter(uint32(i), 2, vm.addr(meterKey(i)));
        }
        // Far enough in the future that every interval used below can be read.
        vm.warp(EPOCH + 100_000_000);
    }

    function meterKey(uint256 meterId) internal pure returns (uint256) {
        return 0xA0 + meterId;
    }

    function _member(string memory name, address admin) internal pure returns (IConsortium.GenesisMember memory m) {
        address[] memory admins = new address[](1);
        admins[0] = admin;
        m = IConsortium.GenesisMember({name: name, admins: admins, weight: 1});
    }

    function submitOne(uint256 key, uint32 meterId, uint32 interval, uint64 cumulativeWh) internal returns (bool) {
        bytes memory r = packed(meters, key, meterId, interval, cumulativeWh);
        vm.prank(concentrator);
        return meters.submitReadings(r) == 1;
    }
}
