// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Vm
/// @notice The subset of the Foundry/EDR cheatcodes these tests use (forge-std is not
/// available offline). Add signatures here as tests need them; they must match forge-std's.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    /// @notice The next call (at this depth) is made with msg.sender = `msgSender`.
    function prank(address msgSender) external;

    /// @notice Set block.timestamp.
    function warp(uint256 newTimestamp) external;

    /// @notice The next call must revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;

    /// @notice Discard this fuzz input unless `condition` holds.
    function assume(bool condition) external pure;

    /// @notice Name an address in traces.
    function label(address account, string calldata newLabel) external;

    /// @notice The address of private key `privateKey`.
    function addr(uint256 privateKey) external pure returns (address keyAddr);

    /// @notice Sign `digest` with `privateKey` (low s, v 27 or 28).
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
}

/// @notice Gives a contract the `vm` handle. Cheatcodes live at
/// `address(uint160(uint256(keccak256("hevm cheat code"))))`.
abstract contract WithVm {
    address internal constant VM_ADDRESS = address(uint160(uint256(keccak256("hevm cheat code"))));
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(VM_ADDRESS);
}
