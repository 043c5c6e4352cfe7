// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {CertificateTypes} from "./CertificateTypes.sol";
import {IssuerKeys} from "./IssuerKeys.sol";
import {CertificateIssuance} from "./CertificateIssuance.sol";
import {CertificateLifecycle} from "./CertificateLifecycle.sol";
import {CertificateContributions} from "./CertificateContributions.sol";
import {CertificateViews} from "./CertificateViews.sol";

/// @title CertificateRegistry
/// @notice Trusted electronic certificates (可信电子证照): certificate types, issuer keys, and the
/// lifecycle of every certificate — issue (one, a list, or a Merkle batch of thousands),
/// delegated issue from a clerk's EIP-712 order, change by supersession (变更), revocation,
/// suspension and reinstatement, and expiry by time. Only digests and commitments are stored;
/// no personal data ever reaches the chain. What it offers is declared in {ICertificateRegistry}.
/// @dev The one deployed contract, put together from one part per concern; storage and the
/// shared checks live in CertificateRegistryBase. Gas design: one packed slot per certificate
/// keyed by its id, one per Merkle root, and two bits per Merkle leaf for revocation and
/// suspension (layouts: CertificateRecord.sol); an issuer key's permissions are module bits of
/// its mirrored access word, so the permission check of an issue is one cold SLOAD.
contract CertificateRegistry is
    CertificateTypes,
    IssuerKeys,
    CertificateIssuance,
    CertificateLifecycle,
    CertificateContributions,
    CertificateViews
{
    constructor(address consortium_) ConsortiumModule(consortium_) EIP712("CertificateRegistry", "1") {}
}
