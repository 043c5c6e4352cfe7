// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {Roles} from "../../../contracts/access/Roles.sol";
import {CertificateRegistry} from "../../../contracts/certificates/CertificateRegistry.sol";
import {ICertificateRegistry} from "../../../contracts/certificates/ICertificateRegistry.sol";
import {DisclosureGrants} from "../../../contracts/certificates/DisclosureGrants.sol";
import {SharingPoints} from "../../../contracts/certificates/SharingPoints.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";

/// @title CertTestBase
/// @notice A consortium of two members (an issuer and a platform operator), the certificate
/// registry, grants and points registered at genesis, two types (1: revocable and suspendable,
/// 2: neither) and the issuer key enrolled for both. Shared by the certificate Solidity tests;
/// cheatcodes, assertions and `bound` come from ConsortiumTestBase, like every Solidity test's.
abstract contract CertTestBase is ConsortiumTestBase {
    address internal constant OPERATOR = address(0xC0FFEE02);
    address internal constant QUERIER = address(0xC0FFEE03);
    uint16 internal constant FLEX = 1; // revocable, suspendable
    uint16 internal constant FIXED = 2; // neither

    Consortium internal consortium;
    CertificateRegistry internal registry;
    DisclosureGrants internal grants;
    SharingPoints internal points;
    address internal issuer;

    /// @dev `issuer_` becomes the admin of member 1, holds CERT_ISSUER and is enrolled for both types.
    function deployCertificates(address issuer_) internal {
        issuer = issuer_;
        IConsortium.GenesisMember[] memory members = new IConsortium.GenesisMember[](3);
        members[0] = _member("Issuing bureau", issuer_);
        members[1] = _member("Platform", OPERATOR);
        members[2] = _member("Bank", QUERIER);
        IConsortium.GenesisGrant[] memory roles = new IConsortium.GenesisGrant[](2);
        roles[0] = IConsortium.GenesisGrant({account: issuer_, role: Roles.CERT_ISSUER});
        roles[1] = IConsortium.GenesisGrant({account: OPERATOR, role: Roles.PLATFORM_OPERATOR});
        consortium = new Consortium(
            rulesOf(5000, 6000, 1 days, 0, 1 days, 0),
            members,
            roles,
            new IConsortium.GenesisNode[](0)
        );
        registry = new CertificateRegistry(address(consortium));
        grants = new DisclosureGrants(address(consortium), registry);
        points = new SharingPoints(address(consortium), registry, grants);
        consortium.registerGenesisModule(address(registry));
        consortium.registerGenesisModule(address(grants));
        consortium.registerGenesisModule(address(points));
        consortium.sealGenesis();

        string[] memory fields = new string[](2);
        fields[0] = "name";
        fields[1] = "number";
        uint32[] memory allowed = new uint32[](1);
        allowed[0] = 1;
        vm.prank(OPERATOR);
        registry.registerType("Flexible licence", fields, 0, true, true, allowed);
        vm.prank(OPERATOR);
        registry.registerType("Fixed record", fields, 0, false, false, allowed);
        vm.prank(OPERATOR);
        registry.setLedger(address(points));
        uint16[] memory types = new uint16[](2);
        types[0] = FLEX;
        types[1] = FIXED;
        vm.prank(issuer_);
        registry.setIssuer(issuer_, types, false);
    }

    function _member(string memory name, address admin) private pure returns (IConsortium.GenesisMember memory m) {
        address[] memory admins = new address[](1);
        admins[0] = admin;
        m = IConsortium.GenesisMember({name: name, admins: admins, weight: 1});
    }

    function terms(uint16 typeId, uint256 from, uint256 until) internal pure returns (uint256) {
        return uint256(typeId) | (from << 16) | (until << 56);
    }

    /// @dev The status by verify, held equal to statusOf's (the two assembly views).
    function status(bytes32 id) internal view returns (uint8) {
        (CertificateRegistry.Status s, , , , ) = registry.verify(id);
        assertEq(uint8(registry.statusOf(id)), uint8(s), "statusOf and verify disagree");
        return uint8(s);
    }

    // ------------------------------------------------------------------ a sorted-pair Merkle tree

    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// @dev Root of `leaves` (pairs adjacent nodes, promotes an odd last node) and the proof of `index`.
    function rootAndProof(
        bytes32[] memory leaves,
        uint256 index
    ) internal pure returns (bytes32 root, bytes32[] memory proof) {
        proof = new bytes32[](64);
        uint256 p;
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            bytes32[] memory next = new bytes32[]((level.length + 1) / 2);
            for (uint256 i = 0; i < level.length; i += 2) {
                next[i / 2] = i + 1 == level.length ? level[i] : hashPair(level[i], level[i + 1]);
            }
            uint256 sibling = index ^ 1;
            if (sibling < level.length) proof[p++] = level[sibling];
            index /= 2;
            level = next;
        }
        root = level[0];
        assembly ("memory-safe") {
            mstore(proof, p)
        }
    }

    function placement(
        bytes32 root,
        uint256 index,
        uint40 from,
        uint40 until,
        bytes32[] memory proof
    ) internal pure returns (ICertificateRegistry.Placement memory) {
        return
            ICertificateRegistry.Placement({
                root: root,
                index: index,
                validFrom: from,
                validUntil: until,
                proof: proof
            });
    }
}
