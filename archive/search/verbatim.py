"""A fast "contains this string verbatim" query over the bigram field.

Whoosh's ``Phrase`` checks candidates through its generic span machinery (span objects,
sorting, bisecting: ~40 µs a candidate document); the profiler showed it was most of the
search time at 20,000 articles. Our phrases are simple — consecutive bigrams — so: intersect
the bigrams' posting lists (rarest first, with ``skip_to``), decode the candidates' positions
and check ``p, p+1, p+2 …`` with set look-ups. Every match gets the same constant score.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher


class VerbatimGrams(wq.Query):
    """Documents whose ``fieldname`` has ``grams[i]`` at position ``p + i`` for some p."""

    def __init__(self, fieldname: str, grams: list[str], score: float = 1.0) -> None:
        self.fieldname = fieldname
        self.grams = list(grams)
        self.score = score
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"VerbatimGrams({self.fieldname!r}, {self.grams!r}, {self.score!r})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and (self.fieldname, self.grams, self.score) == (
            other.fieldname,
            other.grams,
            other.score,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, tuple(self.grams), self.score))

    def is_leaf(self) -> bool:
        return True

    def terms(self, phrases: bool = False):
        for gram in self.grams:
            yield self.fieldname, gram

    def estimate_size(self, ixreader) -> int:
        return min(ixreader.doc_frequency(self.fieldname, gram) for gram in self.grams)

    def matching_docnums(self, reader) -> list[int]:
        """Docnums (in this reader) containing the grams consecutively, ascending."""
        fieldname = self.fieldname
        unique = list(dict.fromkeys(self.grams))
        if any((fieldname, gram) not in reader for gram in unique):
            return []
        unique.sort(key=lambda gram: reader.doc_frequency(fieldname, gram))
        matchers = {gram: reader.postings(fieldname, gram) for gram in unique}
        lead, *others = (matchers[gram] for gram in unique)
        offsets = [(offset, gram) for offset, gram in enumerate(self.grams)]
        found = []
        while lead.is_active():
            docnum = lead.id()
            agreed = True
            for other in others:
                if other.id() < docnum:
                    other.skip_to(docnum)
                if not other.is_active():
                    return found
                if other.id() != docnum:
                    agreed = False
                    lead.skip_to(other.id())
                    break
            if not agreed:
                continue
            if len(self.grams) == 1 or self._consecutive(matchers, offsets):
                found.append(docnum)
            lead.next()
        return found

    @staticmethod
    def _consecutive(matchers, offsets) -> bool:
        positions = {gram: m.value_as("positions") for gram, m in matchers.items()}
        first_gram = offsets[0][1]
        others = [(offset, set(positions[gram])) for offset, gram in offsets[1:]]
        for start in positions[first_gram]:
            if all(start + offset in found for offset, found in others):
                return True
        return False

    def matcher(self, searcher, context=None):
        docnums = self.matching_docnums(searcher.reader())
        if not docnums:
            return NullMatcher()
        return ListMatcher(docnums, all_weights=self.score * self.boost)
