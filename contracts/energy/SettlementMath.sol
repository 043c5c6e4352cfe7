// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title SettlementMath
/// @notice The settlement arithmetic of the electricity market: one participant's statement for
/// one period, line by line, and the canonical encoding whose keccak256 is the statement's
/// digest. The rules, units and hand-computed examples are in docs/energy/settlement-rules.md
/// (ENG-80..ENG-110); lib/energy/settlement.ts is the same arithmetic in TypeScript and
/// test/energy/settlement-math.test.ts holds the two equal through SettlementMathProbe.
/// @dev Units: energy in Wh, signed (+ withdrawn or bought, - injected or sold); prices and rates
/// in token cents per MWh; money in token cents, signed from the participant's side (+ it pays,
/// - it is paid). Every input is bounded (MAX_*), so every line fits int64 and every net int128
/// and the same inputs are refused here and in TypeScript by the same error.
library SettlementMath {
    /// @notice Wh per MWh: a line's exact amount is quantityWh * rate / WH_PER_MWH cents.
    uint256 internal constant WH_PER_MWH = 1e6;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant DEFAULT_BAND_BPS = 300;

    /// @notice Largest |energy| of an input or of the position, Wh (1,000 TWh).
    int256 internal constant MAX_ENERGY_WH = 1e15;
    /// @notice Largest |quantity| of a line: a deviation is metered - position.
    int256 internal constant MAX_LINE_WH = 2e15;
    /// @notice Largest price or rate, cents per MWh.
    uint256 internal constant MAX_RATE = 1e9;
    uint256 internal constant MAX_BAND_BPS = 10_000;
    /// @notice Largest fixed surcharge per participant and period, cents.
    uint256 internal constant MAX_FIXED_CENTS = 1e12;
    uint256 internal constant MAX_CONTRACTS = 32;

    // Line codes, in the order every statement lists its lines (bilateral legs first, by id).
    uint8 internal constant BILATERAL = 1;
    uint8 internal constant AUCTION = 2;
    uint8 internal constant IMBALANCE = 3;
    uint8 internal constant DEVIATION_UP = 4;
    uint8 internal constant DEVIATION_DOWN = 5;
    uint8 internal constant TRANSMISSION = 6;
    uint8 internal constant SURCHARGE_ENERGY = 7;
    uint8 internal constant SURCHARGE_FIXED = 8;
    /// @notice Lines after the bilateral legs: AUCTION .. SURCHARGE_FIXED.
    uint256 internal constant FIXED_LINES = 7;

    /// @notice Domain tag of the statement encoding; a new encoding gets a new tag.
    bytes32 internal constant STATEMENT_TAG = keccak256("consortium-chain/energy/statement/v1");

    /// @notice A period's settlement terms.
    struct Terms {
        uint256 clearingPrice; // cents/MWh: auction and deviation energy
        uint256 upRate; // cents/MWh: assessment on excess above the band
        uint256 downRate; // cents/MWh: assessment on excess below the band
        uint256 bandBps; // half-width of the tolerance band, bps of |position|
        uint256 tdRate; // cents/MWh: transmission and distribution, on withdrawn energy
        uint256 surchargeRate; // cents/MWh: per-energy surcharges, on withdrawn energy
        uint256 fixedCents; // cents per participant per period
    }

    /// @notice One participant's leg of a bilateral contract in the period.
    struct ContractLeg {
        bytes32 id;
        int256 quantityWh; // + buys, - sells
        uint256 price; // cents/MWh
    }

    /// @notice What one participant brings to a period's settlement.
    struct Input {
        ContractLeg[] contracts; // strictly ascending id
        int256 clearedWh; // + bought in the auction, - sold
        int256 meteredWh; // + withdrawn, - injected
    }

    struct Line {
        uint8 code;
        bytes32 ref; // contract id of a BILATERAL line, zero otherwise
        int256 quantityWh; // 0 for SURCHARGE_FIXED
        uint256 rate; // cents/MWh; cents per period for SURCHARGE_FIXED
        int256 amount; // cents, + the participant pays
    }

    struct Statement {
        int256 positionWh;
        int256 meteredWh;
        int256 deviationWh;
        uint256 bandWh;
        Line[] lines;
        int256 net;
    }

    /// @notice Where a statement belongs; bound into its digest.
    struct Header {
        uint256 chainId;
        address settlement;
        uint64 period;
        address participant;
        uint32 revision;
        bytes32 previous;
    }

    /// @notice An energy input, the position or a line quantity is outside its bound.
    error EnergyOutOfRange(int256 wh);
    /// @notice A price or rate is above MAX_RATE.
    error RateOutOfRange(uint256 rate);
    /// @notice The tolerance band is above 100%.
    error BandOutOfRange(uint256 bps);
    /// @notice The fixed surcharge is above MAX_FIXED_CENTS.
    error FixedChargeOutOfRange(uint256 cents);
    /// @notice More than MAX_CONTRACTS bilateral legs on one statement.
    error TooManyContracts(uint256 count);
    /// @notice Leg `index` does not have a larger id than the leg before it.
    error ContractsNotAscending(uint256 index);

    /// @notice quantityWh * rate / 1e6 cents rounded up (toward +infinity: the settlement body's
    /// side): a debit up to the next cent, a credit toward zero (ENG-81).
    function lineAmount(int256 quantityWh, uint256 rate) internal pure returns (int256) {
        _checkEnergy(quantityWh, MAX_LINE_WH);
        _checkRate(rate);
        // Bounded above: |x| <= 2e24, no overflow. Solidity's signed division truncates toward
        // zero, which is the ceiling for a non-positive x.
        int256 x = quantityWh * int256(rate);
        return x > 0 ? (x + int256(WH_PER_MWH) - 1) / int256(WH_PER_MWH) : x / int256(WH_PER_MWH);
    }

    /// @notice The tolerance band in Wh: |position| * bandBps / 10,000 rounded down (ENG-83).
    function bandWh(int256 positionWh, uint256 bandBps) internal pure returns (uint256) {
        _checkEnergy(positionWh, MAX_ENERGY_WH);
        if (bandBps > MAX_BAND_BPS) revert BandOutOfRange(bandBps);
        return (_abs(positionWh) * bandBps) / BPS;
    }

    /// @notice Deviation beyond the band, Wh (ENG-85, ENG-86).
    function excessWh(int256 deviationWh, uint256 band) internal pure returns (uint256) {
        uint256 a = _abs(deviationWh);
        return a > band ? a - band : 0;
    }

    /// @notice Refuses terms outside the bounds.
    function checkTerms(Terms memory t) internal pure {
        _checkRate(t.clearingPrice);
        _checkRate(t.upRate);
        _checkRate(t.downRate);
        if (t.bandBps > MAX_BAND_BPS) revert BandOutOfRange(t.bandBps);
        _checkRate(t.tdRate);
        _checkRate(t.surchargeRate);
        if (t.fixedCents > MAX_FIXED_CENTS) revert FixedChargeOutOfRange(t.fixedCents);
    }

    /// @notice One participant's statement for one period (ENG-82..ENG-91).
    function settle(Terms memory t, Input memory input) internal pure returns (Statement memory s) {
        checkTerms(t);
        uint256 legs = input.contracts.length;
        if (legs > MAX_CONTRACTS) revert TooManyContracts(legs);
        s.lines = new Line[](legs + FIXED_LINES);
        int256 position;
        for (uint256 i = 0; i < legs; ++i) {
            ContractLeg memory c = input.contracts[i];
            if (i > 0 && uint256(c.id) <= uint256(input.contracts[i - 1].id)) revert ContractsNotAscending(i);
            _checkEnergy(c.quantityWh, MAX_ENERGY_WH);
            position += c.quantityWh;
            s.lines[i] = Line(BILATERAL, c.id, c.quantityWh, c.price, lineAmount(c.quantityWh, c.price));
        }
        _checkEnergy(input.clearedWh, MAX_ENERGY_WH);
        _checkEnergy(input.meteredWh, MAX_ENERGY_WH);
        position += input.clearedWh;
        _checkEnergy(position, MAX_ENERGY_WH);

        int256 deviation = input.meteredWh - position;
        uint256 band = bandWh(position, t.bandBps);
        // excess <= |deviation| <= MAX_LINE_WH, so the casts below are exact.
        int256 excess = int256(excessWh(deviation, band));
        int256 withdrawn = input.meteredWh > 0 ? input.meteredWh : int256(0);
        s.positionWh = position;
        s.meteredWh = input.meteredWh;
        s.deviationWh = deviation;
        s.bandWh = band;
        s.lines[legs] = _line(AUCTION, input.clearedWh, t.clearingPrice);
        s.lines[legs + 1] = _line(IMBALANCE, deviation, t.clearingPrice);
        s.lines[legs + 2] = _line(DEVIATION_UP, deviation > 0 ? excess : int256(0), t.upRate);
        s.lines[legs + 3] = _line(DEVIATION_DOWN, deviation < 0 ? excess : int256(0), t.downRate);
        s.lines[legs + 4] = _line(TRANSMISSION, withdrawn, t.tdRate);
        s.lines[legs + 5] = _line(SURCHARGE_ENERGY, withdrawn, t.surchargeRate);
        s.lines[legs + 6] = Line(SURCHARGE_FIXED, bytes32(0), 0, t.fixedCents, int256(t.fixedCents));
        int256 net;
        for (uint256 i = 0; i < s.lines.length; ++i) net += s.lines[i].amount;
        s.net = net;
    }

    /// @notice The canonical encoding: abi.encode(STATEMENT_TAG, header, terms, statement) (ENG-97).
    function encode(Header memory h, Terms memory t, Statement memory s) internal pure returns (bytes memory) {
        return abi.encode(STATEMENT_TAG, h, t, s);
    }

    /// @notice keccak256 of the canonical encoding: what the settlement contract stores (ENG-97).
    function digest(Header memory h, Terms memory t, Statement memory s) internal pure returns (bytes32) {
        return keccak256(encode(h, t, s));
    }

    function _line(uint8 code, int256 quantityWh, uint256 rate) private pure returns (Line memory) {
        return Line(code, bytes32(0), quantityWh, rate, lineAmount(quantityWh, rate));
    }

    function _checkEnergy(int256 wh, int256 max) private pure {
        if (wh > max || wh < -max) revert EnergyOutOfRange(wh);
    }

    function _checkRate(uint256 rate) private pure {
        if (rate > MAX_RATE) revert RateOutOfRange(rate);
    }

    function _abs(int256 x) private pure returns (uint256) {
        // Callers bound x, so -x never overflows.
        return uint256(x < 0 ? -x : x);
    }
}
