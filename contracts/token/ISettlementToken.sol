// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumModule} from "../access/IConsortiumModule.sol";

/// @title ISettlementToken
/// @notice What the settlement token adds to ERC-20, ERC-2612 permit and the module kit: minting
/// against an off-chain deposit and burning on redemption, each reference usable once.
/// @dev Units: 2 decimals (1 unit = 0.01 yuan). Every movement (transfer, transferFrom, mint,
/// burn) needs the token unpaused and every party, the spender of an allowance included, to be
/// an account of an active member not frozen here (NotMemberAccount otherwise). A non-zero
/// allowance (approve or permit) goes only to such an account, since no other could use it; a
/// balance left behind by a membership change or a freeze leaves only by a vote (recover,
/// redeemTrapped).
interface ISettlementToken is IConsortiumModule {
    /// @notice `amount` was minted to `to` against the off-chain deposit `depositRef`.
    /// @param to the member account credited
    /// @param amount in token units
    /// @param depositRef the bank's unique reference of the deposit
    /// @param issuer the TOKEN_ISSUER that minted
    event Minted(address indexed to, uint256 amount, bytes32 indexed depositRef, address indexed issuer);

    /// @notice `amount` was burned from `issuer` for the off-chain redemption `redemptionRef`.
    /// @param issuer the TOKEN_ISSUER that burned from its own balance
    /// @param amount in token units
    /// @param redemptionRef the bank's unique reference of the payout
    event Burned(address indexed issuer, uint256 amount, bytes32 indexed redemptionRef);

    /// @notice Governance moved `amount` of a trapped balance from `from` to `to`.
    /// @param from the account whose balance could no longer move (no active member's, or frozen)
    /// @param to the active member's unfrozen account the decision named
    /// @param amount in token units
    /// @param reason why, as the proposal states it
    event Recovered(address indexed from, address indexed to, uint256 amount, string reason);

    /// @notice Governance redeemed `amount` of a trapped balance: burned against the off-chain
    /// payout `redemptionRef` that settles it with the holder.
    /// @param from the account whose balance could no longer move
    /// @param amount in token units
    /// @param redemptionRef the bank's unique reference of the payout
    /// @param reason why, as the proposal states it
    event RecoveryRedeemed(address indexed from, uint256 amount, bytes32 indexed redemptionRef, string reason);

    /// @notice The reference was used by an earlier mint or burn.
    error ReferenceAlreadyUsed(bytes32 ref);

    /// @notice A mint or burn needs a non-zero amount and a non-zero reference.
    error InvalidMintOrBurn(uint256 amount, bytes32 ref);

    /// @notice `account` may still move its own balance (an active member's account, not frozen
    /// here), so governance may not take it; freeze it first if it must be recovered.
    error BalanceNotTrapped(address account);

    /// @notice A recovery needs a non-zero amount.
    error NothingToRecover(address account);

    /// @notice Mint against an off-chain deposit. TOKEN_ISSUER only (AccessDenied otherwise).
    /// @param to the member account credited
    /// @param amount in the token's smallest unit (0.01 yuan)
    /// @param depositRef the bank's unique reference of the deposit
    function mint(address to, uint256 amount, bytes32 depositRef) external;

    /// @notice Burn from the issuer's own balance when it pays a redemption out off chain.
    /// Holders redeem by transferring to the issuer, which then burns. TOKEN_ISSUER only.
    /// @param amount in the token's smallest unit
    /// @param redemptionRef the bank's unique reference of the payout
    function burn(uint256 amount, bytes32 redemptionRef) external;

    /// @notice Move a balance that can no longer move by itself (its account's member was
    /// removed, suspended or expelled, or the account is frozen here) to an account the
    /// decision names. The consortium only, i.e. an executed CallModule proposal
    /// (NotConsortium otherwise); refused for a healthy account (BalanceNotTrapped), to an
    /// account that may not hold (NotMemberAccount), or while paused (ModulePaused).
    /// @param from the trapped account
    /// @param to an active member's unfrozen account
    /// @param amount in token units, at most the balance (ERC20InsufficientBalance)
    /// @param reason why, kept in the event
    function recover(address from, address to, uint256 amount, string calldata reason) external;

    /// @notice Redeem a balance that can no longer move by itself: burn it against the off-chain
    /// payout that settles it with the holder. The consortium only (NotConsortium); refused for a
    /// healthy account (BalanceNotTrapped), for a used reference (ReferenceAlreadyUsed), a zero
    /// amount or reference (InvalidMintOrBurn), or while paused (ModulePaused).
    /// @param from the trapped account
    /// @param amount in token units, at most the balance (ERC20InsufficientBalance)
    /// @param redemptionRef the bank's unique reference of the payout
    /// @param reason why, kept in the event
    function redeemTrapped(address from, uint256 amount, bytes32 redemptionRef, string calldata reason) external;

    /// @notice Whether an off-chain deposit or redemption reference has already been used.
    /// @param ref a deposit or redemption reference
    /// @return used true once a mint or burn used it
    function referenceUsed(bytes32 ref) external view returns (bool used);
}
