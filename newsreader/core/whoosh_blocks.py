"""Posting blocks whose document numbers can be read without their positions, applied on import.

Whoosh 2.7.5 writes each block of up to 128 postings as one zlib-compressed pickle of (document
number deltas, term frequencies, positions). Finding and scoring documents needs only the first
two, yet every block visited was decompressed and unpickled whole and its deltas summed in a
Python generator: two thirds of a two-word search over words found in most articles (measured at
10,000 articles). Blocks written here hold the document numbers and frequencies as plain 32-bit
arrays, followed by the positions compressed as before, which are decoded only when a phrase asks
for them.

A block in this layout is marked in its header by a compression value of `SPLIT` or more, so
blocks written by Whoosh itself (and term vectors, which keep Whoosh's layout) read as before.
The index schema version changed with this layout, so an index written by an older newsreader,
which could not read these blocks, is rebuilt rather than misread.

Moving to a block read its header (length and a small pickled tuple) through `pickle.load` on
the index file: some twenty reads and seeks of a few bytes each, a fifth of reading a word's
postings whole. The header is now read in one go (any layout).
"""

from __future__ import annotations

import sys
import zlib
from array import array
from io import BytesIO
from pickle import Unpickler, UnpicklingError, dumps, loads

from whoosh.codec import whoosh3

SPLIT = 64  # added to the compression level of a block written in the layout above
_HAS_WEIGHTS = b"\x01"
_UNIT_WEIGHTS = b"\x00"
_SWAP = sys.byteorder != "little"  # the arrays are stored little-endian


class _Encoded(bytes):
    """A block's positions as stored, not yet decompressed and unpickled."""


_original_write_block = whoosh3.W3PostingsWriter._write_block
_original_read_data = whoosh3.W3LeafMatcher._read_data
_original_read_ids = whoosh3.W3LeafMatcher._read_ids
_original_read_values = whoosh3.W3LeafMatcher._read_values
_original_goto = whoosh3.W3LeafMatcher._goto
_HEADER_BYTES = 128  # a block's length and pickled info tuple take well under this


def _le_bytes(values: array) -> bytes:
    if _SWAP:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_le(typecode: str, data: bytes) -> array:
    values = array(typecode)
    values.frombytes(data)
    if _SWAP:
        values.byteswap()
    return values


def _split_write_block(self, last=False):
    if self._byteids:
        return _original_write_block(self, last)
    postfile = self._postfile
    if not self._blockcount:
        postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
    self._terminfo.add_block(self)

    ids = self._ids
    weights = self._weights
    if all(w == 1.0 for w in weights):
        numbers = _UNIT_WEIGHTS + _le_bytes(ids)
    else:
        numbers = _HAS_WEIGHTS + _le_bytes(ids) + _le_bytes(weights)
    positions = dumps(self._mini_values(), 2)
    comp = self._compression if len(positions) >= 20 else 0
    if comp:
        positions = zlib.compress(positions, comp)
    databytes = numbers + positions

    infobytes = dumps((len(ids), ids[-1], self._maxweight, SPLIT + comp,
                       whoosh3.length_to_byte(self._minlength), whoosh3.length_to_byte(self._maxlength)), 2)
    blocklength = len(infobytes) + len(databytes)
    postfile.write_int(-blocklength if last else blocklength)
    postfile.write(infobytes)
    postfile.write(databytes)
    self._blockcount += 1
    self._new_block()


def _split_read_data(self):
    if self._compression < SPLIT:
        return _original_read_data(self)
    data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
    size = 4 * self._blocklength
    ids = _from_le("I", data[1:1 + size])
    if data[:1] == _HAS_WEIGHTS:
        weights = _from_le("f", data[1 + size:1 + 2 * size])
        rest = 1 + 2 * size
    else:
        weights, rest = None, 1 + size
    self._data = (ids, weights, _Encoded(data[rest:]))  # positions are decoded when asked for


def _split_read_ids(self):
    if self._compression < SPLIT:
        return _original_read_ids(self)
    if self._data is None:
        self._read_data()
    self._ids = self._data[0]


def _split_read_values(self):
    if self._compression >= SPLIT:
        if self._data is None:
            self._read_data()
        ids, weights, encoded = self._data
        if isinstance(encoded, _Encoded):
            if self._compression > SPLIT:
                encoded = zlib.decompress(encoded)
            self._data = (ids, weights, loads(encoded))
    return _original_read_values(self)


def _goto(self, position):
    head = self._postfile.get(position, _HEADER_BYTES)
    buffer = BytesIO(head)
    buffer.seek(4)
    try:
        info = Unpickler(buffer).load()
    except (EOFError, UnpicklingError):  # not all of it in `head`: read it Whoosh's way
        return _original_goto(self, position)
    self._data = self._ids = self._weights = self._values = None
    self._i = 0
    length = whoosh3.unpack_int(head[:4])[0]
    if length < 0:
        self._lastblock = True
        length = -length
    self._nextoffset = position + 4 + length
    self._dataoffset = position + buffer.tell()
    self._blocklength, self._maxid, self._maxweight, self._compression, shortest, longest = info
    self._minlength = whoosh3.byte_to_length(shortest)
    self._maxlength = whoosh3.byte_to_length(longest)


if whoosh3.W3PostingsWriter._write_block.__name__ != "_split_write_block":
    whoosh3.W3PostingsWriter._write_block = _split_write_block
    whoosh3.W3LeafMatcher._read_data = _split_read_data
    whoosh3.W3LeafMatcher._read_ids = _split_read_ids
    whoosh3.W3LeafMatcher._read_values = _split_read_values
    whoosh3.W3LeafMatcher._goto = _goto
