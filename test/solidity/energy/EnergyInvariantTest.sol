// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EnergyMeters} from "../../../contracts/energy/EnergyMeters.sol";
import {EnergyTestBase, ReadingKit} from "./EnergyTestBase.sol";

/// @notice The actor the invariant fuzzer drives: a concentrator submitting readings of three
/// meters with random intervals, values and keys (the meter's, a rotated-out one, another
/// meter's), replaying old readings and rotating keys. It records what the contract kept.
contract ReadingsHandler is ReadingKit {
    EnergyMeters public meters;
    address public concentrator;
    uint256 public constant METERS = 3;

    /// @notice Current and former private keys per meter.
    mapping(uint32 meterId => uint256) public currentKey;
    mapping(uint32 meterId => uint256) public formerKey;
    uint256 internal _nextKey = 0x1000;

    /// @notice The model: last kept interval + 1 and cumulative per meter.
    mapping(uint32 meterId => uint256) public modelNext;
    mapping(uint32 meterId => uint64) public modelWh;
    /// @notice Readings kept although their (meter, interval) was kept before, or whose value fell.
    uint256 public countedTwice;
    uint256 public decreased;
    uint256 public kept;
    mapping(uint32 meterId => mapping(uint32 interval => bool)) internal _seen;
    /// @notice Readings kept although not signed by the meter's current key.
    uint256 public wrongKeyKept;

    function init(EnergyMeters m, address c, uint256[3] calldata keys) external {
        (meters, concentrator) = (m, c);
        for (uint32 i = 1; i <= METERS; ++i) currentKey[i] = keys[i - 1];
    }

    function submit(uint256 meterSeed, uint256 step, uint64 delta, uint8 keyChoice, bool replay) external {
        uint32 meterId = uint32(1 + (meterSeed % METERS));
        uint256 next = modelNext[meterId];
        uint32 interval;
        uint64 wh;
        if (replay && next != 0) {
            interval = uint32(next - 1 - (step % next));
            wh = modelWh[meterId];
        } else {
            interval = uint32(next + (step % 5));
            // Mostly rising, sometimes falling.
            wh = delta % 7 == 0 && modelWh[meterId] > 0 ? modelWh[meterId] - 1 : modelWh[meterId] + (delta % 100_000);
        }
        uint256 choice = keyChoice % 4;
        uint256 key =
            choice == 0
                ? currentKey[meterId]
                : choice == 1
                    ? formerKey[meterId]
                    : choice == 2
                        ? currentKey[uint32(1 + (meterId % METERS))]
                        : currentKey[meterId];
        if (key == 0) key = currentKey[meterId];
        bytes memory r = packed(meters, key, meterId, interval, wh);
        vm.prank(concentrator);
        uint256 accepted = meters.submitReadings(r);
        if (accepted == 1) {
            ++kept;
            if (_seen[meterId][interval]) ++countedTwice;
            if (wh < modelWh[meterId]) ++decreased;
            if (key != currentKey[meterId]) ++wrongKeyKept;
            _seen[meterId][interval] = true;
            modelNext[meterId] = uint256(interval) + 1;
            modelWh[meterId] = wh;
        }
    }

    function rotate(uint256 meterSeed) external {
        uint32 meterId = uint32(1 + (meterSeed % METERS));
        uint256 fresh = _nextKey++;
        vm.prank(concentrator);
        meters.rotateMeterKey(meterId, vm.addr(fresh));
        formerKey[meterId] = currentKey[meterId];
        currentKey[meterId] = fresh;
    }
}

contract EnergyInvariantTest is EnergyTestBase {
    ReadingsHandler internal handler;

    function setUp() public {
        deployEnergy();
        handler = new ReadingsHandler();
        handler.init(meters, concentrator, [meterKey(1), meterKey(2), meterKey(3)]);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev A meter's stored cumulative and interval are the model's: they only move forward.
    function invariant_ENG_21_storedReadingFollowsModel() public view {
        assertEq(handler.decreased(), 0, "no kept reading fell below the last");
        for (uint32 m = 1; m <= 3; ++m) {
            (bool exists, uint32 interval, uint64 wh) = meters.lastReading(m);
            uint256 next = handler.modelNext(m);
            assertEq(exists, next != 0, "exists");
            if (exists) {
                assertEq(uint256(interval) + 1, next, "interval");
                assertEq(wh, handler.modelWh(m), "cumulative");
            }
        }
    }

    /// @dev No (meter, interval) is kept twice, and only the meter's current key gets a reading kept.
    function invariant_ENG_21_noReadingCountedTwice() public view {
        assertEq(handler.countedTwice(), 0, "a reading counted twice");
        assertEq(handler.wrongKeyKept(), 0, "a reading kept under another key");
    }
}
