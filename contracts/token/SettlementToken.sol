// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessWord} from "../access/AccessWord.sol";
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

    /// @inheritdoc ISettlementToken
    function recover(address from, address to, uint256 amount, string calldata reason) external whenNotPaused {
        _checkTrapped(from, amount);
        _checkMemberAccount(to);
        // Past the membership checks of _update on purpose: `from` fails them by definition.
        ERC20._update(from, to, amount);
        emit Recovered(from, to, amount, reason);
    }

    /// @inheritdoc ISettlementToken
    function redeemTrapped(
        address from,
        uint256 amount,
        bytes32 redemptionRef,
        string calldata reason
    ) external whenNotPaused {
        _checkTrapped(from, amount);
        _useReference(amount, redemptionRef);
        ERC20._update(from, address(0), amount);
        emit RecoveryRedeemed(from, amount, redemptionRef, reason);
    }

    /// @notice ERC-20 approve; a non-zero allowance only to an account that could use it (an
    /// active member's account not frozen here, NotMemberAccount otherwise). Setting it to 0 is
    /// always possible, so a holder can withdraw an allowance from a spender that left.
    function approve(address spender, uint256 value) public override returns (bool) {
        if (value != 0) _checkMemberAccount(spender);
        return super.approve(spender, value);
    }

    /// @notice ERC-2612 permit, with approve's rule on the spender; the signature is checked
    /// first, so a forged permit is reported as forged whoever it names.
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) public override {
        super.permit(owner, spender, value, deadline, v, r, s);
        if (value != 0) _checkMemberAccount(spender);
    }

    /// @dev Only the consortium decides a recovery, only of a balance its owner can no longer
    /// move: a healthy holder's money is never governance's to take while it can act itself.
    function _checkTrapped(address from, uint256 amount) private view {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        // address(0) would make ERC20._update mint.
        if (from == address(0)) revert ERC20InvalidSender(from);
        if (_accessWord(from) & (AccessWord.MEMBER_BIT | AccessWord.FROZEN_BIT) == AccessWord.MEMBER_BIT) {
            revert BalanceNotTrapped(from);
        }
        if (amount == 0) revert NothingToRecover(from);
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
