// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumModule} from "../access/IConsortiumModule.sol";

/// @title ISettlementToken
/// @notice What the settlement token adds to ERC-20, ERC-2612 permit and the module kit: minting
/// against an off-chain deposit and burning on redemption, each reference usable once.
/// @dev Units: 2 decimals (1 unit = 0.01 yuan). Every movement (transfer, transferFrom, mint,
/// burn) needs the token unpaused and every party, the spender of an allowance included, to be
/// an account of an active member not frozen here (NotMemberAccount otherwise).
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

    /// @notice The reference was used by an earlier mint or burn.
    error ReferenceAlreadyUsed(bytes32 ref);

    /// @notice A mint or burn needs a non-zero amount and a non-zero reference.
    error InvalidMintOrBurn(uint256 amount, bytes32 ref);

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

    /// @notice Whether an off-chain deposit or redemption reference has already been used.
    /// @param ref a deposit or redemption reference
    /// @return used true once a mint or burn used it
    function referenceUsed(bytes32 ref) external view returns (bool used);
}
