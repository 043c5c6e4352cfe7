// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SettlementMath} from "../../../contracts/energy/SettlementMath.sol";
import {SettlementMathProbe} from "../../../contracts/test/SettlementMathProbe.sol";
import {WithVm} from "../utils/Vm.sol";
import {Assert} from "../utils/Assert.sol";

/// @title SettlementMathFuzzTest
/// @notice The always-true rules of the settlement arithmetic (docs/energy/settlement-rules.md):
/// rounding bounds, monotonicity of the deviation charge, conservation over a random period,
/// no cross-charging, and the bounds.
contract SettlementMathFuzzTest is WithVm, Assert {
    int256 internal constant MAX_WH = SettlementMath.MAX_ENERGY_WH;
    uint256 internal constant MAX_RATE = SettlementMath.MAX_RATE;
    int256 internal constant MICRO = int256(SettlementMath.WH_PER_MWH);
    uint256 internal constant MAX_PARTICIPANTS = 8;
    uint256 internal constant MAX_DEALS = 12;

    SettlementMathProbe internal probe;

    /// @dev A period under construction: legs per participant, cleared and metered quantities.
    struct Period {
        uint256 n;
        SettlementMath.Input[] inputs;
        uint256[] legCount;
    }

    function setUp() public {
        probe = new SettlementMathProbe();
    }

    // ----------------------------------------------------------------------------- rounding

    function testFuzz_ENG_81_lineRoundsUpByLessThanOneCent(int256 q, uint256 rate) public pure {
        q = _boundInt(q, SettlementMath.MAX_LINE_WH);
        rate = _bound(rate, 0, MAX_RATE);
        int256 amount = SettlementMath.lineAmount(q, rate);
        int256 excess = amount * MICRO - q * int256(rate);
        assertTrue(excess >= 0 && excess < MICRO, "0 <= amount * 1e6 - q * rate < 1e6");
        // A debit and the matching credit differ by the one cent at most the body keeps.
        int256 pair = amount + SettlementMath.lineAmount(-q, rate);
        assertTrue(pair == 0 || pair == 1, "a line and its opposite sum to 0 or 1 cent");
        assertEq(pair == 1, (q * int256(rate)) % MICRO != 0, "only an inexact line is rounded");
    }

    function testFuzz_ENG_81_ENG_83_bandRoundsDown(int256 position, uint256 bps) public pure {
        position = _boundInt(position, MAX_WH);
        bps = _bound(bps, 0, SettlementMath.MAX_BAND_BPS);
        uint256 band = SettlementMath.bandWh(position, bps);
        uint256 scaled = _abs(position) * bps;
        assertTrue(band * 10_000 <= scaled && scaled < (band + 1) * 10_000, "band = floor(|P| * bps / 10000)");
    }

    // ------------------------------------------------------------------------- monotonicity

    function testFuzz_ENG_92_moreDeviationNeverCostsLess(
        int256 position,
        uint256 small,
        uint256 extra,
        bool up,
        uint256 seed
    ) public pure {
        position = _boundInt(position, MAX_WH / 2);
        small = _bound(small, 0, uint256(MAX_WH / 4));
        extra = _bound(extra, 0, uint256(MAX_WH / 4));
        SettlementMath.Terms memory t = _terms(seed);
        int256 d1 = up ? int256(small) : -int256(small);
        int256 d2 = up ? int256(small + extra) : -int256(small + extra);
        SettlementMath.Statement memory s1 = SettlementMath.settle(t, _solo(position, position + d1));
        SettlementMath.Statement memory s2 = SettlementMath.settle(t, _solo(position, position + d2));
        assertTrue(_assessment(s1) <= _assessment(s2), "more deviation on one side never costs less");
        assertTrue(_assessment(s1) >= 0, "an assessment is a charge");
        uint256 rate = up ? t.upRate : t.downRate;
        bool charged = small > s1.bandWh && rate > 0;
        assertEq(_assessment(s1) > 0, charged, "assessed exactly when beyond the band at a non-zero rate");
    }

    function testFuzz_ENG_92_widerBandNeverCostsMore(
        int256 position,
        int256 deviation,
        uint256 b1,
        uint256 b2,
        uint256 seed
    ) public pure {
        position = _boundInt(position, MAX_WH / 2);
        deviation = _boundInt(deviation, MAX_WH / 2);
        b1 = _bound(b1, 0, 10_000);
        b2 = _bound(b2, b1, 10_000);
        SettlementMath.Terms memory t = _terms(seed);
        t.bandBps = b1;
        int256 narrow = _assessment(SettlementMath.settle(t, _solo(position, position + deviation)));
        t.bandBps = b2;
        int256 wide = _assessment(SettlementMath.settle(t, _solo(position, position + deviation)));
        assertTrue(wide <= narrow, "a wider band never raises the assessment");
    }

    function testFuzz_ENG_92_netNonDecreasingAbovePosition(
        int256 position,
        uint256 m1,
        uint256 m2,
        uint256 seed
    ) public pure {
        position = _boundInt(position, MAX_WH / 2);
        m1 = _bound(m1, 0, uint256(MAX_WH / 2));
        m2 = _bound(m2, m1, uint256(MAX_WH / 2));
        SettlementMath.Terms memory t = _terms(seed);
        int256 net1 = SettlementMath.settle(t, _solo(position, position + int256(m1))).net;
        int256 net2 = SettlementMath.settle(t, _solo(position, position + int256(m2))).net;
        assertTrue(net1 <= net2, "above the position, metering more never costs less");
    }

    // ------------------------------------------------------------------------- conservation

    function testFuzz_ENG_93_moneyInEqualsMoneyOutPlusBodyOverRandomPeriod(
        uint256 seed,
        uint256 n,
        uint256 deals
    ) public pure {
        Period memory p = _period(seed, _bound(n, 2, MAX_PARTICIPANTS), _bound(deals, 0, MAX_DEALS));
        SettlementMath.Terms memory t = _terms(seed);
        int256 moneyIn;
        int256 moneyOut;
        int256 fees;
        int256 assessments;
        int256 imbalance;
        int256 trade;
        int256 tradeLines;
        int256 exactExcess; // Σ (amount * 1e6 - exact), millionths of a cent
        int256 lines;
        for (uint256 i = 0; i < p.n; ++i) {
            SettlementMath.Statement memory s = SettlementMath.settle(t, p.inputs[i]);
            if (s.net > 0) moneyIn += s.net;
            else moneyOut -= s.net;
            for (uint256 k = 0; k < s.lines.length; ++k) {
                SettlementMath.Line memory line = s.lines[k];
                if (line.code == SettlementMath.BILATERAL || line.code == SettlementMath.AUCTION) {
                    trade += line.amount;
                    ++tradeLines;
                } else if (line.code == SettlementMath.IMBALANCE) imbalance += line.amount;
                else if (line.code == SettlementMath.DEVIATION_UP || line.code == SettlementMath.DEVIATION_DOWN) {
                    assessments += line.amount;
                } else fees += line.amount;
                exactExcess +=
                    line.code == SettlementMath.SURCHARGE_FIXED
                        ? int256(0)
                        : line.amount * MICRO - line.quantityWh * int256(line.rate);
                ++lines;
            }
        }
        int256 body = fees + assessments + imbalance + trade;
        assertTrue(moneyIn - moneyOut - body == 0, "money in = money out + the body's total");
        assertTrue(trade >= 0 && trade < tradeLines, "the trades leave the body only their rounding");
        assertTrue(exactExcess >= 0 && exactExcess < lines * MICRO, "rounding: under one cent per line, to the body");
    }

    // --------------------------------------------------------------------- cross-charging

    function testFuzz_ENG_94_oneMeterMovesOnlyItsOwnStatement(
        uint256 seed,
        uint256 n,
        uint256 who,
        int256 delta
    ) public pure {
        Period memory p = _period(seed, _bound(n, 2, MAX_PARTICIPANTS), _bound(seed >> 128, 0, MAX_DEALS));
        SettlementMath.Terms memory t = _terms(seed);
        uint256 j = _bound(who, 0, p.n - 1);
        bytes32[] memory before = new bytes32[](p.n);
        int256 bodyBefore;
        for (uint256 i = 0; i < p.n; ++i) {
            SettlementMath.Statement memory s = SettlementMath.settle(t, p.inputs[i]);
            before[i] = keccak256(abi.encode(s));
            bodyBefore += s.net;
        }
        int256 netBefore = SettlementMath.settle(t, p.inputs[j]).net;
        p.inputs[j].meteredWh += _boundInt(delta, MAX_WH / 8);
        int256 bodyAfter;
        for (uint256 i = 0; i < p.n; ++i) {
            SettlementMath.Statement memory s = SettlementMath.settle(t, p.inputs[i]);
            if (i != j) assertTrue(keccak256(abi.encode(s)) == before[i], "another participant's statement moved");
            bodyAfter += s.net;
        }
        int256 netAfter = SettlementMath.settle(t, p.inputs[j]).net;
        assertTrue(bodyAfter - bodyBefore == netAfter - netBefore, "the body moves by exactly the changed net");
    }

    // ------------------------------------------------------------------------------ bounds

    function testFuzz_ENG_95_energyOutsideBoundsReverts(int256 wh, uint8 where) public {
        vm.assume(wh > MAX_WH || wh < -MAX_WH);
        SettlementMath.Input memory input = _solo(0, 0);
        uint256 w = where % 3;
        if (w == 0) input.meteredWh = wh;
        else if (w == 1) input.clearedWh = wh;
        else {
            input.contracts = new SettlementMath.ContractLeg[](1);
            input.contracts[0] = SettlementMath.ContractLeg(bytes32(uint256(1)), wh, 0);
        }
        vm.expectRevert(abi.encodeWithSelector(SettlementMath.EnergyOutOfRange.selector, wh));
        probe.settle(_terms(0), input);
    }

    function testFuzz_ENG_95_positionOutsideBoundsReverts(int256 leg, int256 cleared) public {
        leg = _boundInt(leg, MAX_WH);
        cleared = _boundInt(cleared, MAX_WH);
        int256 position = leg + cleared;
        vm.assume(position > MAX_WH || position < -MAX_WH);
        SettlementMath.Input memory input = _solo(cleared, 0);
        input.contracts = new SettlementMath.ContractLeg[](1);
        input.contracts[0] = SettlementMath.ContractLeg(bytes32(uint256(1)), leg, 0);
        vm.expectRevert(abi.encodeWithSelector(SettlementMath.EnergyOutOfRange.selector, position));
        probe.settle(_terms(0), input);
    }

    function testFuzz_ENG_95_termsOutsideBoundsRevert(uint256 value, uint8 which) public {
        SettlementMath.Terms memory t = _terms(0);
        uint256 w = which % 7;
        bytes memory err;
        if (w == 5) {
            value = _bound(value, SettlementMath.MAX_BAND_BPS + 1, type(uint256).max);
            t.bandBps = value;
            err = abi.encodeWithSelector(SettlementMath.BandOutOfRange.selector, value);
        } else if (w == 6) {
            value = _bound(value, SettlementMath.MAX_FIXED_CENTS + 1, type(uint256).max);
            t.fixedCents = value;
            err = abi.encodeWithSelector(SettlementMath.FixedChargeOutOfRange.selector, value);
        } else {
            value = _bound(value, MAX_RATE + 1, type(uint256).max);
            if (w == 0) t.clearingPrice = value;
            else if (w == 1) t.upRate = value;
            else if (w == 2) t.downRate = value;
            else if (w == 3) t.tdRate = value;
            else t.surchargeRate = value;
            err = abi.encodeWithSelector(SettlementMath.RateOutOfRange.selector, value);
        }
        vm.expectRevert(err);
        probe.settle(t, _solo(1, 1));
    }

    function testFuzz_ENG_95_legsOutsideBoundsRevert(uint256 count, uint256 swapAt) public {
        count = _bound(count, 2, SettlementMath.MAX_CONTRACTS + 8);
        SettlementMath.Input memory input = _solo(0, 0);
        input.contracts = new SettlementMath.ContractLeg[](count);
        for (uint256 i = 0; i < count; ++i) {
            input.contracts[i] = SettlementMath.ContractLeg(bytes32(i + 1), 1, 1);
        }
        if (count > SettlementMath.MAX_CONTRACTS) {
            vm.expectRevert(abi.encodeWithSelector(SettlementMath.TooManyContracts.selector, count));
        } else {
            uint256 k = _bound(swapAt, 1, count - 1);
            input.contracts[k].id = input.contracts[k - 1].id; // a repeated id is out of order too
            vm.expectRevert(abi.encodeWithSelector(SettlementMath.ContractsNotAscending.selector, k));
        }
        probe.settle(_terms(0), input);
    }

    function testFuzz_ENG_95_insideBoundsLinesFitInt64(int256 metered, int256 cleared, uint256 seed) public pure {
        metered = _boundInt(metered, MAX_WH);
        cleared = _boundInt(cleared, MAX_WH);
        SettlementMath.Terms memory t = _terms(seed);
        // Every rate at the top on some runs.
        if (seed % 3 == 0) {
            t.clearingPrice = MAX_RATE;
            t.upRate = MAX_RATE;
            t.downRate = MAX_RATE;
            t.tdRate = MAX_RATE;
            t.surchargeRate = MAX_RATE;
            t.fixedCents = SettlementMath.MAX_FIXED_CENTS;
            t.bandBps = 0;
        }
        SettlementMath.Statement memory s = SettlementMath.settle(t, _solo(cleared, metered));
        int256 sum;
        for (uint256 i = 0; i < s.lines.length; ++i) {
            int256 a = s.lines[i].amount;
            assertTrue(a <= 2e18 && a >= -2e18, "a line is at most 2e18 cents");
            assertTrue(a <= type(int64).max && a >= type(int64).min, "a line fits int64");
            sum += a;
        }
        assertTrue(
            s.net == sum && s.net <= type(int128).max && s.net >= type(int128).min,
            "the net is the sum, in int128"
        );
    }

    // ----------------------------------------------------------------------------- helpers

    /// @dev Terms from a seed: realistic rates, with 0 and the band's edges now and then.
    function _terms(uint256 seed) internal pure returns (SettlementMath.Terms memory t) {
        uint256 r = uint256(keccak256(abi.encode("terms", seed)));
        t.clearingPrice = _pick(r, 0, 200_000);
        t.upRate = _pick(r, 1, 100_000);
        t.downRate = _pick(r, 2, 100_000);
        t.bandBps = _pick(r, 3, 10_000);
        t.tdRate = _pick(r, 4, 50_000);
        t.surchargeRate = _pick(r, 5, 10_000);
        t.fixedCents = _pick(r, 6, 1_000_000);
    }

    /// @dev A 0 one time in eight, the maximum one in eight, else uniform in [0, max].
    function _pick(uint256 r, uint256 slot, uint256 max) internal pure returns (uint256) {
        uint256 x = uint256(keccak256(abi.encode(r, slot)));
        uint256 kind = x % 8;
        if (kind == 0) return 0;
        if (kind == 1) return max;
        return (x >> 8) % (max + 1);
    }

    function _solo(int256 cleared, int256 metered) internal pure returns (SettlementMath.Input memory input) {
        input.contracts = new SettlementMath.ContractLeg[](0);
        input.clearedWh = cleared;
        input.meteredWh = metered;
    }

    function _assessment(SettlementMath.Statement memory s) internal pure returns (int256) {
        uint256 legs = s.lines.length - SettlementMath.FIXED_LINES;
        return s.lines[legs + 2].amount + s.lines[legs + 3].amount;
    }

    /// @dev A balanced period: `deals` bilateral contracts between distinct random pairs (ids
    /// rising with the deal, so each participant's legs are in ascending order), auction volumes
    /// summing to 0, and metered quantities around each position.
    function _period(uint256 seed, uint256 n, uint256 deals) internal pure returns (Period memory p) {
        p.n = n;
        p.inputs = new SettlementMath.Input[](n);
        p.legCount = new uint256[](n);
        uint256[] memory buyer = new uint256[](deals);
        uint256[] memory seller = new uint256[](deals);
        for (uint256 k = 0; k < deals; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, "deal", k)));
            buyer[k] = r % n;
            seller[k] = (buyer[k] + 1 + ((r >> 16) % (n - 1))) % n;
            ++p.legCount[buyer[k]];
            ++p.legCount[seller[k]];
        }
        for (uint256 i = 0; i < n; ++i) p.inputs[i].contracts = new SettlementMath.ContractLeg[](p.legCount[i]);
        uint256[] memory filled = new uint256[](n);
        for (uint256 k = 0; k < deals; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, "terms of deal", k)));
            int256 q = _boundInt(int256(r), MAX_WH / 32);
            uint256 price = (r >> 128) % (MAX_RATE + 1);
            bytes32 id = bytes32(k + 1);
            p.inputs[buyer[k]].contracts[filled[buyer[k]]++] = SettlementMath.ContractLeg(id, q, price);
            p.inputs[seller[k]].contracts[filled[seller[k]]++] = SettlementMath.ContractLeg(id, -q, price);
        }
        int256 sum;
        for (uint256 i = 0; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, "participant", i)));
            int256 cleared = i + 1 < n ? _boundInt(int256(r), MAX_WH / 32) : -sum;
            sum += cleared;
            p.inputs[i].clearedWh = cleared;
            int256 position = cleared;
            for (uint256 k = 0; k < p.legCount[i]; ++k) position += p.inputs[i].contracts[k].quantityWh;
            // A fifth exactly on position, the rest off it by up to MAX_WH / 4.
            int256 deviation = (r >> 200) % 5 == 0 ? int256(0) : _boundInt(int256(r >> 64), MAX_WH / 4);
            p.inputs[i].meteredWh = position + deviation;
        }
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x;
        return min + (x % size);
    }

    /// @dev Maps x into [-max, max].
    function _boundInt(int256 x, int256 max) internal pure returns (int256) {
        if (x >= -max && x <= max) return x;
        return int256(uint256(x) % uint256(2 * max + 1)) - max;
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return uint256(x < 0 ? -x : x);
    }
}
