// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ClearingModel
/// @notice A brute-force model of the auction's clearing rule (docs/energy/clearing.md) for small
/// random books, written from the rule's words rather than from lib/energy/clearing.ts or
/// ClearingRules: the Solidity tests check the chain's verification against it.
/// @dev Books are small (<= 10 orders) with few distinct prices (1..6) and small quantities,
/// so ties at the price and pro-rata leftovers come up in most runs.
abstract contract ClearingModel {
    struct Order {
        uint8 side;
        uint256 quantity;
        uint256 price;
    }

    uint256 internal constant MAX_PRICE = 6;

    function _book(uint256 seed, uint256 n) internal pure returns (Order[] memory book) {
        n = 1 + (n % 10);
        book = new Order[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            book[i] = Order({side: uint8(r & 1), quantity: 1 + ((r >> 8) % 40), price: 1 + ((r >> 64) % MAX_PRICE)});
        }
    }

    /// @dev The clearing rule by brute force over every price 0..MAX_PRICE: the lowest price
    /// p >= 1 with S(<=p) >= D(>p) and some trade; none: price 0.
    function _clear(Order[] memory book) internal pure returns (uint256 price, uint256[] memory acc) {
        uint256 n = book.length;
        acc = new uint256[](n);
        for (uint256 p = 1; p <= MAX_PRICE; ++p) {
            (uint256 dge, uint256 dgt, uint256 sle, uint256 slt) = _sums(book, p);
            if (sle >= dgt) {
                if (sle == 0 || dge == 0) return (0, acc); // nothing crosses
                price = p;
                uint256 volume = dge < sle ? dge : sle;
                // the long side's orders at p share what its strictly-in-the-money orders leave
                uint8 longSide =
                    dge > sle
                        ? 0
                        : sle > dge
                            ? 1
                            : 2;
                uint256 left = longSide == 0 ? volume - dgt : volume - slt;
                uint256 atPrice = longSide == 0 ? dge - dgt : sle - slt;
                uint256 given;
                for (uint256 i = 0; i < n; ++i) {
                    Order memory o = book[i];
                    bool inMoney = o.side == 0 ? o.price >= p : o.price <= p;
                    if (!inMoney) continue;
                    if (o.price == p && o.side == longSide) {
                        acc[i] = (o.quantity * left) / atPrice;
                        given += acc[i];
                    } else {
                        acc[i] = o.quantity;
                    }
                }
                for (uint256 i = 0; i < n && given < left; ++i) {
                    if (book[i].price == p && book[i].side == longSide) {
                        acc[i] += 1;
                        given += 1;
                    }
                }
                return (price, acc);
            }
        }
        return (0, acc); // no offer at all within the price range
    }

    function _sums(
        Order[] memory book,
        uint256 p
    ) internal pure returns (uint256 dge, uint256 dgt, uint256 sle, uint256 slt) {
        for (uint256 i = 0; i < book.length; ++i) {
            Order memory o = book[i];
            if (o.side == 0) {
                if (o.price >= p) dge += o.quantity;
                if (o.price > p) dgt += o.quantity;
            } else {
                if (o.price <= p) sle += o.quantity;
                if (o.price < p) slt += o.quantity;
            }
        }
    }

    /// @dev The `k`-th (mod their count) ordered pair of distinct orders at `price` on one side
    /// such that one kWh can move from the first to the second.
    function _pairAtPrice(
        Order[] memory book,
        uint256 price,
        uint256[] memory acc,
        uint256 k
    ) internal pure returns (bool found, uint256 from, uint256 to) {
        if (price == 0) return (false, 0, 0);
        uint256 count;
        for (uint256 round = 0; round < 2; ++round) {
            uint256 seen;
            for (uint256 i = 0; i < book.length; ++i) {
                for (uint256 j = 0; j < book.length; ++j) {
                    if (i == j || book[i].price != price || book[j].price != price || book[i].side != book[j].side)
                        continue;
                    if (acc[i] == 0 || acc[j] >= book[j].quantity) continue;
                    if (round == 0) ++count;
                    else if (seen++ == k % count) return (true, i, j);
                }
            }
            if (count == 0) return (false, 0, 0);
        }
    }
}
