// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EnergyTestBase} from "./EnergyTestBase.sol";

/// @notice Fuzzed readings against a model: monotonicity, order, replay, foreign keys, and the
/// period checkpoints telescoping to the energy the readings report.
contract EnergyReadingsFuzzTest is EnergyTestBase {
    function setUp() public {
        deployEnergy();
    }

    /// @dev A second reading is kept iff its cumulative is not below the first; the stored value never drops.
    function testFuzz_ENG_16_cumulativeNeverDecreases(uint64 a, uint64 b, uint32 start) public {
        uint32 i = uint32(bound(start, 0, 50_000));
        assertTrue(submitOne(meterKey(1), 1, i, a), "first reading kept");
        bool kept = submitOne(meterKey(1), 1, i + 1, b);
        assertEq(kept, b >= a, "kept iff not decreasing");
        (bool exists, uint32 interval, uint64 cumulative) = meters.lastReading(1);
        assertTrue(exists, "has a reading");
        assertEq(cumulative, kept ? b : a, "stored cumulative");
        assertEq(interval, kept ? i + 1 : i, "stored interval");
    }

    /// @dev Any reading of an interval at or before the last one is refused, however it is signed.
    function testFuzz_ENG_15_replayAndOrder(uint32 start, uint32 back, uint64 wh, uint64 other) public {
        uint32 i = uint32(bound(start, 100, 50_000));
        wh = uint64(bound(wh, 0, type(uint64).max - 1));
        assertTrue(submitOne(meterKey(2), 2, i, wh), "first reading kept");
        // The same signed reading again, in one batch with itself and in a later batch.
        bytes memory r = packed(meters, meterKey(2), 2, i, wh);
        vm.prank(concentrator);
        assertEq(meters.submitReadings(bytes.concat(r, r)), 0, "replays keep nothing");
        uint32 earlier = i - uint32(bound(back, 0, 100));
        assertFalse(submitOne(meterKey(2), 2, earlier, other), "an interval at or before the last is refused");
        (, uint32 interval, uint64 cumulative) = meters.lastReading(2);
        assertEq(interval, i, "interval unchanged");
        assertEq(cumulative, wh, "cumulative unchanged");
    }

    /// @dev A reading signed by any key other than the meter's current one is refused.
    function testFuzz_ENG_13_onlyTheMetersKeySigns(uint256 key, uint32 start, uint64 wh) public {
        key = bound(key, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        uint32 i = uint32(bound(start, 0, 50_000));
        bool kept = submitOne(key, 3, i, wh);
        assertEq(kept, key == meterKey(3), "kept iff signed by meter 3's key");
    }

    /// @dev Energy between two period openings is the sum of the accepted readings' increments in those periods.
    function testFuzz_ENG_20_checkpointsTelescope(uint256 seed, uint8 count) public {
        uint256 n = bound(count, 2, 24);
        uint32 interval = uint32(bound(seed, 0, 10_000));
        uint64 wh = uint64(bound(seed >> 32, 0, 1e12));
        assertTrue(submitOne(meterKey(1), 1, interval, wh), "first");
        uint32 firstPeriod = uint32(interval / PER_PERIOD);
        uint64 firstWh = wh;
        uint256 sum;
        for (uint256 k = 1; k < n; ++k) {
            interval += uint32(1 + (uint256(keccak256(abi.encode(seed, k))) % 6));
            uint64 delta = uint64(uint256(keccak256(abi.encode(seed, k, "wh"))) % 50_000);
            wh += delta;
            assertTrue(submitOne(meterKey(1), 1, interval, wh), "increasing reading kept");
            sum += delta;
        }
        uint32 lastPeriod = uint32(interval / PER_PERIOD);
        if (lastPeriod == firstPeriod) return;
        (bool exists, , uint64 openingWh) = meters.opening(1, lastPeriod);
        assertTrue(exists, "the last period has its opening");
        (, , uint64 startWh) = meters.opening(1, firstPeriod);
        assertEq(startWh, firstWh, "a meter's first period opens at its first reading");
        assertEq(meters.meteredEnergy(1, firstPeriod, lastPeriod), openingWh - firstWh, "difference of openings");
        // What the readings added after the last period opened stays out of the range.
        (, , uint64 lastWh) = meters.lastReading(1);
        assertEq(uint256(openingWh - firstWh) + (lastWh - openingWh), sum, "increments telescope");
    }
}
