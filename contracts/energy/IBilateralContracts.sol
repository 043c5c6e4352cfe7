// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IEnergyStatementErrors} from "./IEnergyStatementErrors.sol";

/// @title IBilateralContracts
/// @notice Medium- and long-term bilateral contracts of the electricity market: a seller
/// (GENERATOR or RETAILER) delivers a buyer (RETAILER or CONSUMER) a quantity of energy over one
/// trading period at a fixed price. Both parties sign the same EIP-712 message; either party or
/// a MARKET_OPERATOR registers it in one transaction, and both signatures cancel it before the
/// period starts. The settlement reads each participant's legs of a period ({legsOf}).
/// @dev Units as docs/energy/settlement-rules.md: quantity in Wh for the whole period (a flat
/// total, not an hourly profile), price in token cents per MWh. A contract's id is
/// keccak256(abi.encode(seller, buyer, ref)): `ref` is the parties' contract number and works as
/// the message's nonce, so a signed contract registers once and a cancelled one never again.
interface IBilateralContracts is IEnergyStatementErrors {
    /// @notice What both parties sign (EIP-712 type `BilateralContract`).
    struct Terms {
        address seller;
        address buyer;
        uint64 period;
        uint256 quantityWh; // energy for the whole period, 1..10^15 Wh
        uint256 price; // cents/MWh, 0..10^9
        bytes32 ref; // the parties' contract number: the nonce of the message
        uint256 deadline; // unix time after which the signatures are void
    }

    enum Status {
        None,
        Active,
        Cancelled
    }

    /// @notice A registered contract as stored.
    struct Record {
        address seller;
        uint64 period;
        Status status;
        address buyer;
        uint32 price;
        uint64 quantityWh;
    }

    /// @notice One participant's side of a contract in a period (SettlementMath.ContractLeg).
    struct Leg {
        bytes32 id;
        int256 quantityWh; // + the participant buys, - it sells
        uint256 price;
    }

    /// @notice A contract was registered with both parties' signatures.
    event ContractRegistered(
        bytes32 indexed id,
        address indexed seller,
        address indexed buyer,
        uint64 period,
        uint256 quantityWh,
        uint256 price,
        bytes32 ref,
        address submitter
    );

    /// @notice A contract was cancelled with both parties' signatures.
    event ContractCancelled(bytes32 indexed id, uint64 indexed period, address submitter);

    /// @notice Register a contract both parties signed. The caller is the seller, the buyer or a
    /// MARKET_OPERATOR; the period must not have started; each party holds at most 32 legs in it.
    /// @param terms the signed terms
    /// @param sellerSignature the seller's EIP-712 signature of `terms`
    /// @param buyerSignature the buyer's EIP-712 signature of `terms`
    /// @return id the contract id, keccak256(abi.encode(seller, buyer, ref))
    function register(
        Terms calldata terms,
        bytes calldata sellerSignature,
        bytes calldata buyerSignature
    ) external returns (bytes32 id);

    /// @notice Cancel an active contract before its period starts; both parties sign
    /// `CancelContract(bytes32 id,uint256 deadline)`. The caller is a party or a MARKET_OPERATOR.
    /// @param id the contract
    /// @param deadline unix time after which the signatures are void
    /// @param sellerSignature the seller's EIP-712 signature
    /// @param buyerSignature the buyer's EIP-712 signature
    function cancel(
        bytes32 id,
        uint256 deadline,
        bytes calldata sellerSignature,
        bytes calldata buyerSignature
    ) external;

    /// @notice The calendar that says when a period starts.
    function periods() external view returns (address);

    /// @notice A contract as stored (status None if unknown).
    /// @param id the contract id
    function contractOf(bytes32 id) external view returns (Record memory);

    /// @notice The active legs `participant` holds in `period`, in registration order (the
    /// settlement lists them by ascending id).
    /// @param period the trading period
    /// @param participant the participant's account
    function legsOf(uint64 period, address participant) external view returns (Leg[] memory legs);

    /// @notice How many active legs `participant` holds in `period`.
    function legCount(uint64 period, address participant) external view returns (uint256);

    /// @notice The id of the contract (seller, buyer, ref).
    function contractId(address seller, address buyer, bytes32 ref) external pure returns (bytes32);

    /// @notice The EIP-712 digest each party signs to register `terms`.
    function registerDigest(Terms calldata terms) external view returns (bytes32);

    /// @notice The EIP-712 digest each party signs to cancel contract `id`.
    function cancelDigest(bytes32 id, uint256 deadline) external view returns (bytes32);
}
