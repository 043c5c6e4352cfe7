// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IEnergyPeriods
/// @notice The trading calendar the statements side reads: when a period starts (bilateral
/// contracts are cancellable until then) and ends (nothing of it settles before).
/// @dev Implemented by whichever contract owns the calendar (EnergyMeters or EnergyAuction when
/// merged; contracts/test/EnergyInputsMock.sol in tests). Times are unix seconds.
interface IEnergyPeriods {
    /// @notice The first second of `period`.
    /// @param period the trading period id
    /// @return start unix time the period starts (0 for an unknown period)
    function periodStart(uint64 period) external view returns (uint64 start);

    /// @notice The first second after `period`.
    /// @param period the trading period id
    /// @return end unix time the period ends (0 for an unknown period)
    function periodEnd(uint64 period) external view returns (uint64 end);
}

/// @title IMeteredEnergy
/// @notice What the settlement needs from the trusted meters: whether a period's readings are
/// closed, and a participant's net metered energy over it.
/// @dev EnergyMeters (branch `meters`) or an adapter over it implements this.
interface IMeteredEnergy {
    /// @notice Whether no further reading can change `period`'s metered quantities.
    /// @param period the trading period id
    /// @return closed true once the period's metering is closed
    function meteringClosed(uint64 period) external view returns (bool closed);

    /// @notice The net energy over all of `participant`'s meters in `period`, Wh (+ withdrawn
    /// from the grid, - injected), as docs/energy/settlement-rules.md counts it.
    /// @param period the trading period id
    /// @param participant the participant's account
    /// @return wh the metered quantity
    function meteredWh(uint64 period, address participant) external view returns (int256 wh);
}

/// @title IClearingResults
/// @notice What the settlement needs from the auction: whether a period's clearing is final
/// (its challenge window passed), its uniform clearing price and each participant's cleared
/// quantity.
/// @dev EnergyAuction (branch `auction`) or an adapter over it implements this.
interface IClearingResults {
    /// @notice Whether `period`'s clearing result is final (posted, not voided, unchallengeable).
    /// @param period the trading period id
    /// @return final_ true once final
    function clearingFinal(uint64 period) external view returns (bool final_);

    /// @notice `period`'s uniform clearing price, token cents per MWh.
    /// @param period the trading period id
    /// @return price the clearing price
    function clearingPrice(uint64 period) external view returns (uint256 price);

    /// @notice `participant`'s cleared quantity in `period`, Wh (+ bought, - sold).
    /// @param period the trading period id
    /// @param participant the participant's account
    /// @return wh the cleared quantity
    function clearedWh(uint64 period, address participant) external view returns (int256 wh);
}
