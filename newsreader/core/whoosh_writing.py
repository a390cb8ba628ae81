"""A leaner index writer for the pinned whoosh-reloaded 2.7.5, applied on import.

A full build files about 500 postings an article in the one writer process, each through
several Python calls: into Whoosh's posting pool, through one sort of every posting of the
commit, then one at a time through `add_postings`, a length look-up and `add_posting`. With the
postings themselves made in the worker processes (see `schema.analyse_body`), this was most of
the writer's time, and the writer shares two cores with the workers. Here:

- the pool (`GroupedPostingPool`) keeps each word's postings together as they arrive, counting
  their memory as Whoosh does, so a commit sorts the words rather than every posting;
- a commit then files each word's postings a block at a time (`_write_groups`): the lists of
  document numbers, weights and values are extended in one step each and a block's bounds come
  from `min` and `max`, where Whoosh checked and appended each posting in turn;
- `W3PostingsWriter.add_posting`, still used where a pool spilled to disk, skips Whoosh's type
  assertions.

The postings written are the same, block by block (tested against Whoosh's own writer); only
the work of getting them there is less.
"""

from __future__ import annotations

import operator
from itertools import islice

from whoosh import writing
from whoosh.codec import whoosh3

# Whoosh's estimate of a posting's memory: tuple 28 + 4 * 5, field name 21 + len, text
# 26 + 2 * len, document number 18, weight 16, value 21 + len.
_POSTING_OVERHEAD = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21

_original_pool = writing.PostingPool
_original_flush_segment = writing.SegmentWriter._flush_segment
_original_add_posting = whoosh3.W3PostingsWriter.add_posting


class GroupedPostingPool(_original_pool):
    """Whoosh's posting pool, with the postings grouped by (field, word) as they are added.

    When the postings outgrow the pool's memory they are sorted out to a temporary file, as in
    Whoosh's pool, and a commit then takes Whoosh's own path.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups: dict[str, dict[bytes, list[tuple]]] = {}  # field -> word -> postings

    def add(self, item) -> None:
        # item = (fieldname, text bytes, docnum, weight, value bytes or None)
        self.currentsize += _POSTING_OVERHEAD + len(item[0]) + 2 * len(item[1]) + len(item[4] or "")
        if self.currentsize > self.limit:
            self.save()
        words = self.groups.get(item[0])
        if words is None:
            words = self.groups[item[0]] = {}
            self.fieldnames.add(item[0])
        group = words.get(item[1])
        if group is None:
            words[item[1]] = [item]
        else:
            group.append(item)

    def _ungroup(self) -> None:
        """Move the grouped postings to Whoosh's list, for its own sort and spill."""
        for words in self.groups.values():
            for group in words.values():
                self.current.extend(group)
        self.groups = {}

    def save(self) -> None:
        self._ungroup()
        super().save()

    def items(self, maxfiles=128):
        self._ungroup()
        return super().items(maxfiles)


def _flush_segment(self) -> None:
    pool = self.pool
    if not isinstance(pool, GroupedPostingPool) or pool.runs or type(self.fieldwriter) is not whoosh3.W3FieldWriter:
        return _original_flush_segment(self)
    self.perdocwriter.close()
    lengths = self.per_document_reader() if self.codec.length_stats else None
    _write_groups(self.fieldwriter, self.schema, lengths, pool.groups)
    pool.groups = {}
    self.fieldwriter.close()
    if lengths:
        lengths.close()


def _write_groups(fieldwriter, schema, lengths, groups: dict) -> None:
    """File the grouped postings as `FieldWriter.add_postings` files the same postings sorted."""
    for fieldname in sorted(groups):
        words = groups[fieldname]
        fieldwriter.start_field(fieldname, schema[fieldname])
        field_lengths = _field_lengths(lengths, fieldname)
        for text in sorted(words):
            items = words[text]
            docnums = [item[2] for item in items]
            if any(map(operator.ge, docnums, islice(docnums, 1, None))):
                # Not one posting a document (a spelling word), or not in order: Whoosh's order
                items.sort()
                docnums = [item[2] for item in items]
            if docnums[0] == -1:  # Whoosh's mark of a spelling-only word: no posting
                items = [item for item in items if item[2] != -1]
                docnums = [item[2] for item in items]
                if not items:
                    continue
            fieldwriter.start_term(text)
            _add_postings(fieldwriter._postwriter, items, docnums, field_lengths)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _field_lengths(lengths, fieldname: str) -> list:
    """Every document's stored length of `fieldname`, as `doc_field_length` answers (or 0)."""
    if lengths is None:
        return []
    return [lengths.doc_field_length(docnum, fieldname) for docnum in range(lengths.doc_count_all())]


def _add_postings(postwriter, items: list[tuple], docnums: list[int], field_lengths: list) -> None:
    """`add_posting` for each of a word's postings, one block's worth at a time."""
    limit = postwriter._blocklimit
    for start in range(0, len(items), limit):
        if start:  # the block before is full: Whoosh writes it as the next posting comes
            postwriter._write_block()
        block = items[start:start + limit] if len(items) > limit else items
        ids = docnums[start:start + limit] if len(items) > limit else docnums
        weights = [item[3] for item in block]
        postwriter._ids.extend(ids)
        postwriter._weights.extend(weights)
        postwriter._values.extend([item[4] for item in block if item[4]])
        heaviest = max(weights)
        if heaviest > postwriter._maxweight:
            postwriter._maxweight = heaviest
        if field_lengths:
            known = [length for length in map(field_lengths.__getitem__, ids) if length]
            if known:
                shortest, longest = min(known), max(known)
                if postwriter._minlength is None or shortest < postwriter._minlength:
                    postwriter._minlength = shortest
                if longest > postwriter._maxlength:
                    postwriter._maxlength = longest


def _add_posting(self, id_, weight, vbytes, length=None):
    ids = self._ids
    if len(ids) >= self._blocklimit:
        self._write_block()
        ids = self._ids
    ids.append(id_)
    self._weights.append(weight)
    if weight > self._maxweight:
        self._maxweight = weight
    if vbytes:
        self._values.append(vbytes)
    if length:
        if self._minlength is None or length < self._minlength:
            self._minlength = length
        if length > self._maxlength:
            self._maxlength = length


if writing.PostingPool is not GroupedPostingPool:
    writing.PostingPool = GroupedPostingPool
    writing.SegmentWriter._flush_segment = _flush_segment
    whoosh3.W3PostingsWriter.add_posting = _add_posting
