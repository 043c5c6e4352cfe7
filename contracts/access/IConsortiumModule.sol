// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumGoverned} from "./IConsortiumGoverned.sol";
import {IConsortiumErrors} from "./IConsortiumErrors.sol";

/// @title IConsortiumModule
/// @notice Everything a system built on the module kit ({ConsortiumModule}) exposes before its
/// own functions: the governed mirror, pause and freeze ({IConsortiumGoverned}) and the shared
/// refusals about members, accounts and operators ({IConsortiumErrors}).
/// @dev A system's own interface extends this one and adds only what is its own.
interface IConsortiumModule is IConsortiumGoverned, IConsortiumErrors {}
