// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumModule} from "../access/IConsortiumModule.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";

/// @title IAssessmentRegistry
/// @notice Assessment results (评估结果): a registered evaluator combines several certificate
/// checks of one holder into one verdict under a policy, checked on chain and recorded with its
/// evidence. Everything AssessmentRegistry offers besides the module kit's {IConsortiumModule}.
interface IAssessmentRegistry is IConsortiumModule {
    /// @notice What a verifier learns about an assessment now.
    enum AssessmentStatus {
        Unknown,
        Positive, // every required type held, not expired
        Negative, // at least one required type missing at assessment time
        Expired // the assessment's validity has passed
    }

    /// @notice A rule: the holder must hold a valid certificate of each required type.
    struct Policy {
        string name;
        uint16[] requiredTypes;
        uint40 validity; // seconds an assessment stays current
        bool active;
    }

    /// @notice One certificate offered as evidence.
    struct Evidence {
        bytes32 contentDigest;
        ICertificateRegistry.Placement placement;
    }

    /// @notice A recorded assessment.
    struct Assessment {
        bytes32 subject;
        bytes32 inputsHash; // keccak256(abi.encode(bytes32[] certificateIds))
        address evaluator;
        uint32 policyId;
        bool verdict;
        uint40 assessedAt;
        uint40 expiresAt;
    }

    // ------------------------------------------------------------------ events

    /// @notice `evaluator` was registered (or renamed).
    event EvaluatorRegistered(address indexed evaluator, string name, address by);

    /// @notice `evaluator` may no longer record assessments.
    event EvaluatorRemoved(address indexed evaluator, address by);

    /// @notice A policy was registered.
    event PolicyRegistered(uint32 indexed policyId, string name, uint16[] requiredTypes, uint40 validity, address by);

    /// @notice A policy was switched on or off.
    event PolicyActiveChanged(uint32 indexed policyId, bool active, address by);

    /// @notice An assessment was recorded with the certificates it was based on.
    event AssessmentRecorded(
        bytes32 indexed assessmentId,
        uint32 indexed policyId,
        bytes32 indexed subject,
        address evaluator,
        bool verdict,
        uint40 expiresAt,
        bytes32[] certificateIds
    );

    // ------------------------------------------------------------------ errors

    /// @notice `account` is not a registered evaluator (or is frozen here).
    error NotEvaluator(address account);

    /// @notice No such policy, or it is switched off.
    error UnknownPolicy(uint32 policyId);

    /// @notice The policy definition is malformed; `reason` says how.
    error InvalidPolicy(string reason);

    /// @notice An evaluator needs a name of 1..64 bytes.
    error InvalidEvaluatorName();

    /// @notice The evidence list is empty or longer than allowed.
    error InvalidEvidence(uint256 count);

    /// @notice No assessment with this id.
    error UnknownAssessment(bytes32 assessmentId);

    /// @notice The evidence given to {recheck} is not the evidence the assessment recorded.
    error EvidenceMismatch(bytes32 assessmentId);

    // ------------------------------------------------------------------ functions

    /// @notice The registry the checks run against.
    function registry() external view returns (ICertificateRegistry);

    /// @notice Number of policies (ids run from 1 to this).
    function policyCount() external view returns (uint32);

    /// @notice Number of assessments recorded.
    function assessmentCount() external view returns (uint256);

    /// @notice The display name of a registered evaluator (empty: not an evaluator).
    function evaluatorName(address evaluator) external view returns (string memory);

    /// @notice Register (or rename) an evaluator. Governance or PLATFORM_OPERATOR.
    /// @param evaluator the account that will record assessments: an account of an active
    /// member, not frozen here (NotMemberAccount otherwise)
    /// @param name its display name, 1..64 bytes
    function registerEvaluator(address evaluator, string calldata name) external;

    /// @notice Remove an evaluator. Governance or PLATFORM_OPERATOR.
    /// @param evaluator a registered evaluator
    function removeEvaluator(address evaluator) external;

    /// @notice Register a policy. Governance or PLATFORM_OPERATOR.
    /// @param name display name, 1..64 bytes
    /// @param requiredTypes 1..16 certificate types, each needed
    /// @param validity seconds an assessment stays current (> 0)
    /// @return policyId the new policy's id
    function registerPolicy(
        string calldata name,
        uint16[] calldata requiredTypes,
        uint40 validity
    ) external returns (uint32 policyId);

    /// @notice Switch a policy on or off. Governance or PLATFORM_OPERATOR.
    /// @param policyId the policy
    /// @param active the new state
    function setPolicyActive(uint32 policyId, bool active) external;

    /// @notice Assess `subject` under a policy from its certificates, checked here now, and
    /// record the verdict. A registered evaluator whose member is active (NotMemberAccount while
    /// it is suspended or expelled).
    /// @param policyId an active policy
    /// @param subject the holder commitment every piece of evidence must be bound to
    /// @param evidence 1..32 certificates (content digest and placement)
    /// @return assessmentId the id to look the verdict up by
    function assess(
        uint32 policyId,
        bytes32 subject,
        Evidence[] calldata evidence
    ) external returns (bytes32 assessmentId);

    /// @notice The status and record of an assessment.
    /// @param assessmentId the id returned by {assess}
    function verifyAssessment(
        bytes32 assessmentId
    ) external view returns (AssessmentStatus status, Assessment memory a);

    /// @notice Re-run an assessment's checks now with the same evidence; anyone can.
    /// @param assessmentId the assessment
    /// @param evidence exactly the evidence it was recorded with
    /// @return verdictNow the verdict the policy gives today
    function recheck(bytes32 assessmentId, Evidence[] calldata evidence) external view returns (bool verdictNow);

    /// @notice A policy.
    function getPolicy(uint32 policyId) external view returns (Policy memory);
}
