// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {IConsortiumGoverned} from "../../../contracts/access/IConsortiumGoverned.sol";
import {Roles} from "../../../contracts/access/Roles.sol";
import {SettlementToken} from "../../../contracts/token/SettlementToken.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";

/// @title ModuleRegistrationTest
/// @notice Regression tests for two routes that once let a module's mirror differ from the
/// consortium's truth: a voted applyAccess call, and re-registering a retired module.
contract ModuleRegistrationTest is ConsortiumTestBase {
    Consortium internal consortium;
    SettlementToken internal token;
    address internal constant OUTSIDER = address(0xD0001);

    function setUp() public {
        uint32[] memory weights = new uint32[](4);
        for (uint256 i = 0; i < 4; ++i) weights[i] = 1;
        IConsortium.GenesisGrant[] memory grants = new IConsortium.GenesisGrant[](1);
        grants[0] = IConsortium.GenesisGrant({account: adminOf(2), role: Roles.TOKEN_ISSUER});
        consortium = deployConsortium(weights, rulesOf(5000, 6000, 1 hours, 0, 1 days, 0), grants);
        token = new SettlementToken(address(consortium), "Consortium Yuan", "CNYC");
        consortium.registerGenesisModule(address(token));
        consortium.sealGenesis();
    }

    /// @notice A CallModule proposal may not call applyAccess; roles reach modules only as
    /// copies of accessOf, so an outsider can never be made TOKEN_ISSUER by a voted call.
    function test_ACC_F09_callModuleCannotPushAccessWords() public {
        address[] memory who = new address[](1);
        who[0] = OUTSIDER;
        uint256[] memory words = new uint256[](1);
        words[0] = Roles.bit(Roles.MEMBER) | Roles.bit(Roles.TOKEN_ISSUER);
        bytes memory data = abi.encodeCall(IConsortiumGoverned.applyAccess, (who, words));
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.ModuleCallForbidden.selector,
                address(token),
                IConsortiumGoverned.applyAccess.selector
            )
        );
        vm.prank(adminOf(1));
        consortium.propose(IConsortium.ProposalKind.CallModule, abi.encode(address(token), data), "push");
        assertFalse(token.hasRole(OUTSIDER, Roles.TOKEN_ISSUER), "outsider is not TOKEN_ISSUER");
    }

    /// @notice An unregistered module cannot be registered again (its mirror would be stale).
    function test_ACC_F10_retiredModuleCannotReturn() public {
        passProposal(
            consortium,
            1,
            ids(1, 2, 3),
            IConsortium.ProposalKind.UnregisterModule,
            abi.encode(address(token))
        );
        assertFalse(consortium.isModule(address(token)), "unregistered");
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ModuleRetired.selector, address(token)));
        vm.prank(adminOf(1));
        consortium.propose(IConsortium.ProposalKind.RegisterModule, abi.encode(address(token)), "back");
    }
}
