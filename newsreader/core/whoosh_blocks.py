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
The positions of a block are stored as the length of each document's value (32-bit numbers)
followed by the values themselves, compressed together: reading a block's positions is one
decompression and no unpickling (with `positions_format`, the values themselves are arrays too).

The index schema version changed with this layout, so an index written by an older newsreader,
which could not read these blocks, is rebuilt rather than misread.

Moving to a block read its header (length and a small pickled tuple) through `pickle.load` on
the index file: some twenty reads and seeks of a few bytes each, a fifth of reading a word's
postings whole. The header is now read in one go (any layout).
"""

from __future__ import annotations

import zlib
from array import array
from io import BytesIO
from itertools import accumulate
from pickle import Unpickler, UnpicklingError, dumps

from whoosh.codec import whoosh3

from .positions_format import from_le, le_bytes

SPLIT = 64  # added to the compression level of a block written in the layout above
_HAS_WEIGHTS = b"\x01"
_UNIT_WEIGHTS = b"\x00"


class _Encoded(bytes):
    """A block's positions as stored, not yet decompressed and unpickled."""


_original_write_block = whoosh3.W3PostingsWriter._write_block
_original_read_data = whoosh3.W3LeafMatcher._read_data
_original_read_ids = whoosh3.W3LeafMatcher._read_ids
_original_read_values = whoosh3.W3LeafMatcher._read_values
_original_goto = whoosh3.W3LeafMatcher._goto
_HEADER_BYTES = 128  # a block's length and pickled info tuple take well under this


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
        numbers = _UNIT_WEIGHTS + le_bytes(ids)
    else:
        numbers = _HAS_WEIGHTS + le_bytes(ids) + le_bytes(weights)
    positions = _join_values(self._mini_values())
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


def _join_values(values) -> bytes:
    """A block's values as stored: each one's length, then the values (Whoosh's `_mini_values`
    gives None or bytes already for values of a fixed size)."""
    if values is None:
        return b""
    if isinstance(values, bytes):
        return values
    return le_bytes(array("I", map(len, values))) + b"".join(values)


def _split_values(self, stored: bytes):
    fixedsize = self._fixedsize
    if fixedsize is not None and fixedsize >= 0:
        return stored if fixedsize else None
    return _Values(stored, self._blocklength)


class _Values:
    """A block's values of varying size, each cut from the stored bytes when asked for (a
    phrase check reads one or two of a block's 128)."""

    __slots__ = ("_stored", "_ends")

    def __init__(self, stored: bytes, count: int) -> None:
        self._stored = stored
        self._ends = list(accumulate(from_le("I", stored[:4 * count]), initial=4 * count))

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, index: int) -> bytes:
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        return self._stored[self._ends[index]:self._ends[index + 1]]


def _split_read_data(self):
    if self._compression < SPLIT:
        return _original_read_data(self)
    data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
    size = 4 * self._blocklength
    ids = from_le("I", data[1:1 + size])
    if data[:1] == _HAS_WEIGHTS:
        weights = from_le("f", data[1 + size:1 + 2 * size])
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
            stored = zlib.decompress(encoded) if self._compression > SPLIT else bytes(encoded)
            self._data = (ids, weights, _split_values(self, stored))
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


PATCHES = [
    (whoosh3.W3PostingsWriter, "_write_block", _split_write_block),
    (whoosh3.W3LeafMatcher, "_read_data", _split_read_data),
    (whoosh3.W3LeafMatcher, "_read_ids", _split_read_ids),
    (whoosh3.W3LeafMatcher, "_read_values", _split_read_values),
    (whoosh3.W3LeafMatcher, "_goto", _goto),
]
"""What `whoosh_patches.apply()` puts in place: (owner, attribute, replacement)."""
