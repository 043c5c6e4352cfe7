// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {Roles} from "../access/Roles.sol";
import {ISettlementToken} from "./ISettlementToken.sol";

/// @title SettlementToken
/// @notice The money every system of the consortium pays in: an ERC-20 with permit, 2 decimals
/// (1 unit = 0.01 yuan), minted by a licensed TOKEN_ISSUER against an off-chain deposit and
/// burned on redemption. Only accounts of active members, not frozen here, hold or receive it.
/// @dev Every deposit or redemption reference is usable once, so a minting job that is re-run
/// after a crash can never mint the same deposit twice.
contract SettlementToken is ERC20, ERC20Permit, ConsortiumModule, ISettlementToken {
    /// @inheritdoc ISettlementToken
    mapping(bytes32 ref => bool) public referenceUsed;

    constructor(
        address consortium_,
        string memory name_,
        string memory symbol_
    ) ERC20(name_, symbol_) ERC20Permit(name_) ConsortiumModule(consortium_) {}

    /// @notice Token units per yuan are 10**2.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ISettlementToken
    function mint(address to, uint256 amount, bytes32 depositRef) external onlyRole(Roles.TOKEN_ISSUER) {
        _useReference(amount, depositRef);
        _mint(to, amount);
        emit Minted(to, amount, depositRef, msg.sender);
    }

    /// @inheritdoc ISettlementToken
    function burn(uint256 amount, bytes32 redemptionRef) external onlyRole(Roles.TOKEN_ISSUER) {
        _useReference(amount, redemptionRef);
        _burn(msg.sender, amount);
        emit Burned(msg.sender, amount, redemptionRef);
    }

    function _useReference(uint256 amount, bytes32 ref) private {
        if (amount == 0 || ref == bytes32(0)) revert InvalidMintOrBurn(amount, ref);
        if (referenceUsed[ref]) revert ReferenceAlreadyUsed(ref);
        referenceUsed[ref] = true;
    }

    /// @notice ERC-20 transferFrom; the spender, too, must be an active member's account not
    /// frozen here, so a freeze stops an account acting through allowances as well.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _checkMemberAccount(msg.sender);
        return super.transferFrom(from, to, value);
    }

    /// @dev Every movement — transfer, mint, burn — passes the pause and membership checks.
    function _update(address from, address to, uint256 value) internal override whenNotPaused {
        if (from != address(0)) _checkMemberAccount(from);
        if (to != address(0)) _checkMemberAccount(to);
        super._update(from, to, value);
    }
}
