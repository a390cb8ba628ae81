"""Word positions stored as a plain array of numbers, not as a pickle.

Whoosh's `Positions` format stores a word's positions in a document as a count followed by the
pickled gaps between them, so every phrase check unpickled one small list per word per document
(and building an index pickled one per word per article). This format stores the positions
themselves as little-endian 32-bit numbers: encoding and decoding are single array conversions,
and the value is no longer than the pickle it replaces. The schema uses it for every field that
would have had Whoosh's `Positions`; the schema version changed with it, so an older index is
rebuilt rather than misread.
"""

from __future__ import annotations

import sys
from array import array

from whoosh import formats

_SWAP = sys.byteorder != "little"  # stored little-endian whatever the machine


def le_bytes(values: array) -> bytes:
    """The numbers of `values` as little-endian bytes."""
    if _SWAP:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def from_le(typecode: str, data: bytes) -> array:
    """The numbers stored little-endian in `data`, as an array of `typecode`."""
    values = array(typecode)
    values.frombytes(data)
    if _SWAP:
        values.byteswap()
    return values


def encode_positions(positions: list[int]) -> bytes:
    return le_bytes(array("I", positions))


def decode_positions(value: bytes) -> array:
    return from_le("I", value)


class ArrayPositions(formats.Positions):
    """Whoosh's `Positions` (frequency, weight, positions), each value an array of positions."""

    def encode(self, poslist):
        return encode_positions(poslist)

    def decode_positions(self, valuestring):
        return decode_positions(valuestring).tolist()

    def decode_frequency(self, valuestring):
        return len(valuestring) // 4


def use_array_positions(schema) -> None:
    """Give every field of `schema` that has Whoosh's `Positions` format this one instead."""
    for name in schema.names():
        field = schema[name]
        if type(field.format) is formats.Positions:
            field.format = ArrayPositions(field_boost=field.format.field_boost)
