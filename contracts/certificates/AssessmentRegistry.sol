// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IAssessmentRegistry} from "./IAssessmentRegistry.sol";

/// @title AssessmentRegistry
/// @notice Assessment results (评估结果): a registered evaluator combines several certificate
/// checks of one holder into one verdict under a policy (e.g. "qualified to buy a house" needs
/// a valid residence permit, a marriage record and a tax record). The checks run here, against
/// the registry, so the verdict is not the evaluator's word: it is recorded with the ids of its
/// evidence, can be looked up by anyone and can be re-run on chain with the same evidence.
/// @dev The subject is the holder commitment; each piece of evidence is a content digest (and a
/// receipt for Merkle certificates), so the certificate id is derived here and necessarily
/// belongs to the subject.
contract AssessmentRegistry is IAssessmentRegistry, ConsortiumModule {
    uint256 private constant MAX_REQUIRED = 16;

    uint256 private constant MAX_EVIDENCE = 32;

    /// @inheritdoc IAssessmentRegistry
    ICertificateRegistry public immutable registry;

    /// @inheritdoc IAssessmentRegistry
    uint32 public policyCount;

    /// @inheritdoc IAssessmentRegistry
    uint256 public assessmentCount;

    /// @inheritdoc IAssessmentRegistry
    mapping(address evaluator => string) public evaluatorName;

    mapping(uint32 policyId => Policy) private _policies;

    mapping(bytes32 assessmentId => Assessment) private _assessments;

    constructor(address consortium_, ICertificateRegistry registry_) ConsortiumModule(consortium_) {
        registry = registry_;
    }

    /// @inheritdoc IAssessmentRegistry
    function registerEvaluator(address evaluator, string calldata name) external {
        _checkOperator();
        if (bytes(name).length == 0 || bytes(name).length > 64) revert InvalidEvaluatorName();
        _checkMemberAccount(evaluator);
        evaluatorName[evaluator] = name;
        emit EvaluatorRegistered(evaluator, name, msg.sender);
    }

    /// @inheritdoc IAssessmentRegistry
    function removeEvaluator(address evaluator) external {
        _checkOperator();
        if (bytes(evaluatorName[evaluator]).length == 0) revert NotEvaluator(evaluator);
        delete evaluatorName[evaluator];
        emit EvaluatorRemoved(evaluator, msg.sender);
    }

    /// @inheritdoc IAssessmentRegistry
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

    /// @inheritdoc IAssessmentRegistry
    function setPolicyActive(uint32 policyId, bool active) external {
        _checkOperator();
        if (policyId == 0 || policyId > policyCount) revert UnknownPolicy(policyId);
        _policies[policyId].active = active;
        emit PolicyActiveChanged(policyId, active, msg.sender);
    }

    /// @inheritdoc IAssessmentRegistry
    function assess(
        uint32 policyId,
        bytes32 subject,
        Evidence[] calldata evidence
    ) external whenNotPaused returns (bytes32 assessmentId) {
        if (bytes(evaluatorName[msg.sender]).length == 0 || _isFrozen(msg.sender)) {
            revert NotEvaluator(msg.sender);
        }
        // A verdict speaks for the evaluator's member: none while it is suspended or expelled.
        _checkMemberAccount(msg.sender);
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

    /// @inheritdoc IAssessmentRegistry
    function verifyAssessment(
        bytes32 assessmentId
    ) external view returns (AssessmentStatus status, Assessment memory a) {
        a = _assessments[assessmentId];
        if (a.evaluator == address(0)) return (AssessmentStatus.Unknown, a);
        if (block.timestamp > a.expiresAt) return (AssessmentStatus.Expired, a);
        return (a.verdict ? AssessmentStatus.Positive : AssessmentStatus.Negative, a);
    }

    /// @inheritdoc IAssessmentRegistry
    function recheck(bytes32 assessmentId, Evidence[] calldata evidence) external view returns (bool verdictNow) {
        Assessment storage a = _assessments[assessmentId];
        if (a.evaluator == address(0)) revert UnknownAssessment(assessmentId);
        bytes32[] memory ids;
        (verdictNow, ids) = _evaluate(_policies[a.policyId].requiredTypes, a.subject, evidence);
        if (keccak256(abi.encode(ids)) != a.inputsHash) revert EvidenceMismatch(assessmentId);
    }

    /// @inheritdoc IAssessmentRegistry
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
}
