// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlainERC20
/// @notice Benchmark peer: OpenZeppelin's ERC-20 with no membership, pause or freeze checks,
/// compiled for London like everything else, so `npm run bench` can print what our checks cost.
contract PlainERC20 is ERC20 {
    constructor() ERC20("Plain", "PLN") {}

    /// @notice Unrestricted mint (benchmark fixture only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
