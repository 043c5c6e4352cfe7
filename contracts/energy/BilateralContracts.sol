// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {Roles} from "../access/Roles.sol";
import {AccessWord} from "../access/AccessWord.sol";
import {IBilateralContracts} from "./IBilateralContracts.sol";
import {IEnergyPeriods} from "./IEnergyInputs.sol";

/// @title BilateralContracts
/// @notice Bilateral contracts signed by both parties (issue 11, item 3). See {IBilateralContracts}.
/// @dev The legs of one participant in one period are bounded by MAX_LEGS (the statement's own
/// bound, SettlementMath.MAX_CONTRACTS), so cancel's search and {legsOf} are bounded loops.
contract BilateralContracts is ConsortiumModule, EIP712, IBilateralContracts {
    uint256 public constant MAX_LEGS = 32;
    uint256 public constant MAX_QUANTITY_WH = 1e15;
    uint256 public constant MAX_PRICE = 1e9;

    bytes32 public constant TERMS_TYPEHASH = keccak256(
        "BilateralContract(address seller,address buyer,uint64 period,uint256 quantityWh,uint256 price,"
        "bytes32 ref,uint256 deadline)"
    );
    bytes32 public constant CANCEL_TYPEHASH = keccak256("CancelContract(bytes32 id,uint256 deadline)");

    uint256 private constant SELLER_ROLES = (uint256(1) << Roles.GENERATOR) | (uint256(1) << Roles.RETAILER);
    uint256 private constant BUYER_ROLES = (uint256(1) << Roles.RETAILER) | (uint256(1) << Roles.CONSUMER);

    /// @inheritdoc IBilateralContracts
    address public immutable periods;

    mapping(bytes32 id => Record) private _contracts;
    mapping(uint64 period => mapping(address account => bytes32[])) private _legs;

    constructor(address consortium_, address periods_) ConsortiumModule(consortium_) EIP712("BilateralContracts", "1") {
        periods = periods_;
    }

    /// @inheritdoc IBilateralContracts
    function register(
        Terms calldata t,
        bytes calldata sellerSignature,
        bytes calldata buyerSignature
    ) external whenNotPaused returns (bytes32 id) {
        _checkSubmitter(t.seller, t.buyer);
        if (block.timestamp > t.deadline) revert SignatureExpired(t.deadline);
        if (t.seller == t.buyer) revert SameParty(t.seller);
        if (t.quantityWh == 0 || t.quantityWh > MAX_QUANTITY_WH) revert QuantityOutOfRange(t.quantityWh);
        if (t.price > MAX_PRICE) revert PriceOutOfRange(t.price);
        _checkNotStarted(t.period);
        _checkParty(t.seller, SELLER_ROLES, true);
        _checkParty(t.buyer, BUYER_ROLES, false);
        bytes32 digest = _hashTypedDataV4(_termsHash(t));
        _checkSigner(digest, t.seller, sellerSignature);
        _checkSigner(digest, t.buyer, buyerSignature);
        id = contractId(t.seller, t.buyer, t.ref);
        if (_contracts[id].status != Status.None) revert ContractExists(id);
        _contracts[id] = Record({
            seller: t.seller,
            period: t.period,
            status: Status.Active,
            buyer: t.buyer,
            price: uint32(t.price),
            quantityWh: uint64(t.quantityWh)
        });
        _pushLeg(t.period, t.seller, id);
        _pushLeg(t.period, t.buyer, id);
        emit ContractRegistered(id, t.seller, t.buyer, t.period, t.quantityWh, t.price, t.ref, msg.sender);
    }

    /// @inheritdoc IBilateralContracts
    function cancel(
        bytes32 id,
        uint256 deadline,
        bytes calldata sellerSignature,
        bytes calldata buyerSignature
    ) external whenNotPaused {
        Record storage c = _contracts[id];
        if (c.status != Status.Active) revert ContractNotActive(id);
        (address seller, address buyer, uint64 period) = (c.seller, c.buyer, c.period);
        _checkSubmitter(seller, buyer);
        if (block.timestamp > deadline) revert SignatureExpired(deadline);
        _checkNotStarted(period);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(CANCEL_TYPEHASH, id, deadline)));
        _checkSigner(digest, seller, sellerSignature);
        _checkSigner(digest, buyer, buyerSignature);
        c.status = Status.Cancelled;
        _removeLeg(period, seller, id);
        _removeLeg(period, buyer, id);
        emit ContractCancelled(id, period, msg.sender);
    }

    /// @inheritdoc IBilateralContracts
    function contractOf(bytes32 id) external view returns (Record memory) {
        return _contracts[id];
    }

    /// @inheritdoc IBilateralContracts
    function legsOf(uint64 period, address participant) external view returns (Leg[] memory legs) {
        bytes32[] storage ids = _legs[period][participant];
        legs = new Leg[](ids.length);
        for (uint256 i = 0; i < ids.length; ++i) {
            Record storage c = _contracts[ids[i]];
            int256 q = int256(uint256(c.quantityWh));
            legs[i] = Leg({id: ids[i], quantityWh: c.buyer == participant ? q : -q, price: c.price});
        }
    }

    /// @inheritdoc IBilateralContracts
    function legCount(uint64 period, address participant) external view returns (uint256) {
        return _legs[period][participant].length;
    }

    /// @inheritdoc IBilateralContracts
    function contractId(address seller, address buyer, bytes32 ref) public pure returns (bytes32) {
        return keccak256(abi.encode(seller, buyer, ref));
    }

    /// @inheritdoc IBilateralContracts
    function registerDigest(Terms calldata t) external view returns (bytes32) {
        return _hashTypedDataV4(_termsHash(t));
    }

    /// @inheritdoc IBilateralContracts
    function cancelDigest(bytes32 id, uint256 deadline) external view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CANCEL_TYPEHASH, id, deadline)));
    }

    /// @notice The EIP-712 domain separator (name "BilateralContracts", version "1", this chain, this contract).
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _termsHash(Terms calldata t) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(TERMS_TYPEHASH, t.seller, t.buyer, t.period, t.quantityWh, t.price, t.ref, t.deadline)
            );
    }

    function _checkSubmitter(address seller, address buyer) private view {
        if (msg.sender == seller || msg.sender == buyer) {
            _checkMemberAccount(msg.sender);
            return;
        }
        uint256 opBit = uint256(1) << Roles.MARKET_OPERATOR;
        if (_accessWord(msg.sender) & (opBit | AccessWord.FROZEN_BIT) != opBit) revert NotPartyOrOperator(msg.sender);
    }

    /// @dev The party belongs to an active member, is not frozen here and holds one of `roles`.
    function _checkParty(address account, uint256 roles, bool selling) private view {
        uint256 word = _accessWord(account);
        bool ok = word & (AccessWord.MEMBER_BIT | AccessWord.FROZEN_BIT) == AccessWord.MEMBER_BIT && word & roles != 0;
        if (!ok) {
            if (selling) revert NotSeller(account);
            revert NotBuyer(account);
        }
    }

    function _checkNotStarted(uint64 period) private view {
        uint64 start = IEnergyPeriods(periods).periodStart(period);
        if (start == 0) revert UnknownPeriod(period);
        if (block.timestamp >= start) revert PeriodStarted(period, start);
    }

    function _checkSigner(bytes32 digest, address expected, bytes calldata signature) private pure {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, signature);
        if (err != ECDSA.RecoverError.NoError || recovered != expected) revert BadSignature(expected, recovered);
    }

    function _pushLeg(uint64 period, address account, bytes32 id) private {
        bytes32[] storage ids = _legs[period][account];
        if (ids.length >= MAX_LEGS) revert TooManyLegs(account, period);
        ids.push(id);
    }

    function _removeLeg(uint64 period, address account, bytes32 id) private {
        bytes32[] storage ids = _legs[period][account];
        uint256 last = ids.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            if (ids[i] == id) {
                ids[i] = ids[last];
                ids.pop();
                return;
            }
        }
    }
}
