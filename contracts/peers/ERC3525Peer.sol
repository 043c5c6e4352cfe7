// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC3525} from "@solvprotocol/erc-3525/ERC3525.sol";

/// @title ERC3525Peer
/// @notice Benchmark peer only: Solv's ERC-3525 reference implementation (@solvprotocol/erc-3525,
/// compiled here for London like everything else) with nothing added but an unrestricted mint, so
/// `npm run bench` can measure what a semi-fungible receivable costs before our receivables system
/// exists. It has no access control and is never deployed to a real network.
contract ERC3525Peer is ERC3525 {
    constructor() ERC3525("Receivable peer", "RCVP", 2) {}

    /// @notice Mints a new token of `slot` holding `value` to `to`. Anyone may call it (benchmark only).
    /// @return tokenId The id of the new token.
    function mint(address to, uint256 slot, uint256 value) external returns (uint256 tokenId) {
        return _mint(to, slot, value);
    }
}
