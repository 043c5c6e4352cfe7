// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumGoverned} from "../access/ConsortiumGoverned.sol";
import {Roles} from "../access/Roles.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";

/// @title AssessmentRegistry
/// @notice Assessment results (评估结果): a registered evaluator combines several certificate
/// checks of one holder into one verdict under a policy (e.g. "qualified to buy a house" needs
/// a valid residence permit, a marriage record and a tax record). The checks run here, against
/// the registry, so the verdict is not the evaluator's word: it is recorded with the ids of its
/// evidence, can be looked up by anyone and can be re-run on chain with the same evidence.
/// @dev The subject is the holder commitment; each piece of evidence is a content digest (and a
/// receipt for Merkle certificates), so the certificate id is derived here and necessarily
/// belongs to the subject.
contract AssessmentRegistry is ConsortiumGoverned {
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

    uint256 private constant OPERATOR_BIT = 1 << Roles.PLATFORM_OPERATOR;
    uint256 private constant MAX_REQUIRED = 16;
    uint256 private constant MAX_EVIDENCE = 32;

    /// @notice The registry the checks run against.
    ICertificateRegistry public immutable registry;
    /// @notice Number of policies (ids run from 1 to this).
    uint32 public policyCount;
    /// @notice Number of assessments recorded.
    uint256 public assessmentCount;
    /// @notice The display name of a registered evaluator (empty: not an evaluator).
    mapping(address evaluator => string) public evaluatorName;

    mapping(uint32 policyId => Policy) private _policies;
    mapping(bytes32 assessmentId => Assessment) private _assessments;

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

    /// @notice Only governance (the consortium) or a PLATFORM_OPERATOR may do this.
    error NotOperator(address account);
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

    constructor(address consortium_, ICertificateRegistry registry_) ConsortiumGoverned(consortium_) {
        registry = registry_;
    }

    /// @notice Register (or rename) an evaluator. Governance or PLATFORM_OPERATOR.
    /// @param evaluator the account that will record assessments
    /// @param name its display name, 1..64 bytes
    function registerEvaluator(address evaluator, string calldata name) external {
        _checkOperator();
        if (bytes(name).length == 0 || bytes(name).length > 64) revert InvalidEvaluatorName();
        evaluatorName[evaluator] = name;
        emit EvaluatorRegistered(evaluator, name, msg.sender);
    }

    /// @notice Remove an evaluator. Governance or PLATFORM_OPERATOR.
    /// @param evaluator a registered evaluator
    function removeEvaluator(address evaluator) external {
        _checkOperator();
        if (bytes(evaluatorName[evaluator]).length == 0) revert NotEvaluator(evaluator);
        delete evaluatorName[evaluator];
        emit EvaluatorRemoved(evaluator, msg.sender);
    }

    /// @notice Register a policy. Governance or PLATFORM_OPERATOR.
    /// @param name display name, 1..64 bytes
    /// @param requiredTypes 1..16 certificate types, each needed
    /// @param validity seconds an assessment stays current (> 0)
    /// @return policyId the new policy's id
    function registerPolicy(
        string calldata name,
        uint16[] calldata requiredTypes,
        uint40 validity
    ) external returns (uint32 policyId) {
        _checkOperator();
        if (bytes(name).length == 0 || bytes(name).length > 64) revert InvalidPolicy("name must be 1..64 bytes");
        if (requiredTypes.length == 0 || requiredTypes.length > MAX_REQUIRED)
            revert InvalidPolicy("1..16 required types");
        if (validity == 0) revert InvalidPolicy("validity must be positive");
        for (uint256 i = 0; i < requiredTypes.length; ++i) {
            if (requiredTypes[i] == 0) revert InvalidPolicy("type 0 does not exist");
        }
        policyId = ++policyCount;
        _policies[policyId] = Policy(name, requiredTypes, validity, true);
        emit PolicyRegistered(policyId, name, requiredTypes, validity, msg.sender);
    }

    /// @notice Switch a policy on or off. Governance or PLATFORM_OPERATOR.
    /// @param policyId the policy
    /// @param active the new state
    function setPolicyActive(uint32 policyId, bool active) external {
        _checkOperator();
        if (policyId == 0 || policyId > policyCount) revert UnknownPolicy(policyId);
        _policies[policyId].active = active;
        emit PolicyActiveChanged(policyId, active, msg.sender);
    }

    /// @notice Assess `subject` under a policy from its certificates, checked here now, and
    /// record the verdict. A registered evaluator.
    /// @param policyId an active policy
    /// @param subject the holder commitment every piece of evidence must be bound to
    /// @param evidence 1..32 certificates (content digest and placement)
    /// @return assessmentId the id to look the verdict up by
    function assess(
        uint32 policyId,
        bytes32 subject,
        Evidence[] calldata evidence
    ) external whenNotPaused returns (bytes32 assessmentId) {
        if (bytes(evaluatorName[msg.sender]).length == 0 || _accessWord(msg.sender) & Roles.FROZEN_BIT != 0) {
            revert NotEvaluator(msg.sender);
        }
        Policy storage p = _policies[policyId];
        if (!p.active) revert UnknownPolicy(policyId);
        (bool verdict, bytes32[] memory ids) = _evaluate(p.requiredTypes, subject, evidence);
        assessmentId = keccak256(abi.encode(block.chainid, address(this), ++assessmentCount));
        uint40 expiresAt = uint40(block.timestamp) + p.validity;
        _assessments[assessmentId] = Assessment({
            subject: subject,
            inputsHash: keccak256(abi.encode(ids)),
            evaluator: msg.sender,
            policyId: policyId,
            verdict: verdict,
            assessedAt: uint40(block.timestamp),
            expiresAt: expiresAt
        });
        emit AssessmentRecorded(assessmentId, policyId, subject, msg.sender, verdict, expiresAt, ids);
    }

    /// @notice The status and record of an assessment.
    /// @param assessmentId the id returned by {assess}
    function verifyAssessment(
        bytes32 assessmentId
    ) external view returns (AssessmentStatus status, Assessment memory a) {
        a = _assessments[assessmentId];
        if (a.evaluator == address(0)) return (AssessmentStatus.Unknown, a);
        if (block.timestamp > a.expiresAt) return (AssessmentStatus.Expired, a);
        return (a.verdict ? AssessmentStatus.Positive : AssessmentStatus.Negative, a);
    }

    /// @notice Re-run an assessment's checks now with the same evidence; anyone can.
    /// @param assessmentId the assessment
    /// @param evidence exactly the evidence it was recorded with
    /// @return verdictNow the verdict the policy gives today
    function recheck(bytes32 assessmentId, Evidence[] calldata evidence) external view returns (bool verdictNow) {
        Assessment storage a = _assessments[assessmentId];
        if (a.evaluator == address(0)) revert UnknownAssessment(assessmentId);
        bytes32[] memory ids;
        (verdictNow, ids) = _evaluate(_policies[a.policyId].requiredTypes, a.subject, evidence);
        if (keccak256(abi.encode(ids)) != a.inputsHash) revert EvidenceMismatch(assessmentId);
    }

    /// @notice A policy.
    function getPolicy(uint32 policyId) external view returns (Policy memory) {
        if (policyId == 0 || policyId > policyCount) revert UnknownPolicy(policyId);
        return _policies[policyId];
    }

    function _evaluate(
        uint16[] storage required,
        bytes32 subject,
        Evidence[] calldata evidence
    ) private view returns (bool verdict, bytes32[] memory ids) {
        if (evidence.length == 0 || evidence.length > MAX_EVIDENCE) revert InvalidEvidence(evidence.length);
        ids = new bytes32[](evidence.length);
        uint256 n = required.length;
        uint256 satisfied; // bit i: required[i] held
        for (uint256 e = 0; e < evidence.length; ++e) {
            bytes32 id = keccak256(abi.encode(evidence[e].contentDigest, subject));
            ids[e] = id;
            ICertificateRegistry.Verification memory v = registry.verifyPlaced(id, evidence[e].placement);
            if (v.status != ICertificateRegistry.Status.Valid) continue;
            for (uint256 i = 0; i < n; ++i) {
                if (required[i] == v.typeId) satisfied |= uint256(1) << i;
            }
        }
        verdict = satisfied == (uint256(1) << n) - 1;
    }

    function _checkOperator() private view {
        if (msg.sender == consortium) return;
        if (_accessWord(msg.sender) & (OPERATOR_BIT | Roles.FROZEN_BIT) != OPERATOR_BIT) revert NotOperator(msg.sender);
    }
}
