"""A leaner index writer for the pinned whoosh-reloaded 2.7.5, applied on import.

A full build files about 500 postings an article in the one writer process, each through
several Python calls: into Whoosh's posting pool, through one sort of every posting of the
commit, then one at a time through `add_postings`, a length look-up and `add_posting`. With the
postings themselves made in the worker processes (see `schema.analyse_body`), this was most of
the writer's time, and the writer shares two cores with the workers. Here:

- the pool (`GroupedPostingPool`) keeps each word's postings together as they arrive, counting
  their memory as Whoosh does, so a commit sorts the words rather than every posting;
- `add_document` hands the pool a field's postings at once, not each through a call of its own;
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
from whoosh.util.text import utf8encode

# Whoosh's estimate of a posting's memory: tuple 28 + 4 * 5, field name 21 + len, text
# 26 + 2 * len, document number 18, weight 16, value 21 + len.
_POSTING_OVERHEAD = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21

_original_pool = writing.PostingPool
_original_flush_segment = writing.SegmentWriter._flush_segment
_original_add_posting = whoosh3.W3PostingsWriter.add_posting
_original_add_document = writing.SegmentWriter.add_document


class GroupedPostingPool(_original_pool):
    """Whoosh's posting pool, with the postings grouped by (field, word) as they are added: for
    each word, one flat list of its postings' document numbers, weights and values in turn
    (one `+=` a posting, and no tuple kept for each: those were then unpicked at commit).

    When the postings outgrow the pool's memory they are sorted out to a temporary file, as in
    Whoosh's pool, and a commit then takes Whoosh's own path.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups: dict[str, dict[bytes, list]] = {}  # field -> word -> [docnum, weight, value, ...]

    def _words(self, fieldname: str) -> dict:
        words = self.groups.get(fieldname)
        if words is None:
            words = self.groups[fieldname] = {}
            self.fieldnames.add(fieldname)
        return words

    def add(self, item) -> None:
        # item = (fieldname, text bytes, docnum, weight, value bytes or None)
        self.currentsize += _POSTING_OVERHEAD + len(item[0]) + 2 * len(item[1]) + len(item[4] or "")
        if self.currentsize > self.limit:
            self.save()
        words = self._words(item[0])
        group = words.get(item[1])
        if group is None:
            words[item[1]] = [item[2], item[3], item[4]]
        else:
            group += item[2:]

    def add_field(self, fieldname: str, docnum: int, items, boost: float) -> tuple[int, bytes | None]:
        """`add` for each (text bytes, frequency, weight, value) of one field of one document,
        each weight times `boost`; return the sum of the frequencies and the last value. The
        pool's memory is checked once the field is in (Whoosh checks it before each posting)."""
        words = self._words(fieldname)
        get = words.get
        length = size = count = 0
        value = None
        for text, freq, weight, value in items:
            group = get(text)
            if group is None:
                words[text] = [docnum, weight * boost, value]
            else:
                group += (docnum, weight * boost, value)
            length += freq
            size += 2 * len(text) + (len(value) if value else 0)
            count += 1
        self.currentsize += size + count * (_POSTING_OVERHEAD + len(fieldname))
        if self.currentsize > self.limit:
            self.save()
        return length, value

    def _ungroup(self) -> None:
        """Move the grouped postings to Whoosh's list, for its own sort and spill."""
        for fieldname, words in self.groups.items():
            for text, group in words.items():
                self.current.extend((fieldname, text, *group[i:i + 3]) for i in range(0, len(group), 3))
        self.groups = {}

    def save(self) -> None:
        self._ungroup()
        super().save()

    def items(self, maxfiles=128):
        self._ungroup()
        return super().items(maxfiles)


def _add_document(self, **fields) -> None:
    """Whoosh's `SegmentWriter.add_document`, each field's postings handed to the pool at once."""
    pool = self.pool
    if not isinstance(pool, GroupedPostingPool):
        return _original_add_document(self, **fields)
    self._check_state()
    perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
    docboost = self._doc_boost(fields)
    fieldnames = sorted(name for name in fields if not name.startswith("_"))
    self._check_fields(schema, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]
            length, last_value = 0, None
            if field.indexed:
                boost = self._field_boost(fields, fieldname, docboost)
                length, last_value = pool.add_field(fieldname, docnum, field.index(value), boost)
                if not field.scorable:
                    length = 0
            if field.separate_spelling():
                # Whoosh files each spelling word with the value of the field's last posting
                # (its loop's variable): the same here, so that the index is the same.
                spellfield = field.spelling_fieldname(fieldname)
                for word in field.spellable_words(value):
                    pool.add((spellfield, utf8encode(word)[0], 0, 1, last_value))
            if field.vector:
                vitems = field.vector.word_values(value, field.analyzer, mode="index")
                perdocwriter.add_vector_items(fieldname, field, sorted(
                    (text, weight, vbytes) for text, _, weight, vbytes in vitems))
            customval = fields.get("_stored_%s" % fieldname, value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    self._added = True
    self.docnum += 1


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
            group = words[text]
            docnums, weights, values = group[0::3], group[1::3], group[2::3]
            if any(map(operator.ge, docnums, islice(docnums, 1, None))):
                # Not one posting a document (a spelling word), or not in order: Whoosh's order
                docnums, weights, values = map(list, zip(*sorted(zip(docnums, weights, values))))
            if docnums[0] == -1:  # Whoosh's mark of a spelling-only word: no posting
                kept = [posting for posting in zip(docnums, weights, values) if posting[0] != -1]
                if not kept:
                    continue
                docnums, weights, values = map(list, zip(*kept))
            fieldwriter.start_term(text)
            _add_postings(fieldwriter._postwriter, docnums, weights, values, field_lengths)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _field_lengths(lengths, fieldname: str) -> list:
    """Every document's stored length of `fieldname`, as `doc_field_length` answers (or 0)."""
    if lengths is None:
        return []
    return [lengths.doc_field_length(docnum, fieldname) for docnum in range(lengths.doc_count_all())]


def _add_postings(postwriter, docnums: list[int], weights: list, values: list, field_lengths: list) -> None:
    """`add_posting` for each of a word's postings, one block's worth at a time."""
    limit = postwriter._blocklimit
    for start in range(0, len(docnums), limit):
        if start:  # the block before is full: Whoosh writes it as the next posting comes
            postwriter._write_block()
        if len(docnums) > limit:
            ids, block_weights, block_values = (docnums[start:start + limit], weights[start:start + limit],
                                                values[start:start + limit])
        else:
            ids, block_weights, block_values = docnums, weights, values
        postwriter._ids.extend(ids)
        postwriter._weights.extend(block_weights)
        postwriter._values.extend(filter(None, block_values))
        heaviest = max(block_weights)
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


PATCHES = [
    (writing, "PostingPool", GroupedPostingPool),
    (writing.SegmentWriter, "_flush_segment", _flush_segment),
    (writing.SegmentWriter, "add_document", _add_document),
    (whoosh3.W3PostingsWriter, "add_posting", _add_posting),
]
"""What `whoosh_patches.apply()` puts in place: (owner, attribute, replacement)."""
