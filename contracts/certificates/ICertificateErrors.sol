// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICertificateErrors
/// @notice The refusals the certificate contracts share, declared once so that each name has one
/// signature across them (the registry, DisclosureGrants and SharingPoints all answer for
/// certificates they look up, and two of them for the member that issued one).
interface ICertificateErrors {
    /// @notice No certificate with this id is known (stored, or in the placement given).
    error UnknownCertificate(bytes32 id);

    /// @notice `account` does not act for `member`, the issuing member of the certificate.
    error NotIssuingMember(address account, uint32 member);
}
