"""Actor and location mentions in a sentence, with the article memory that resolves short forms.

Longest match over token n-grams (see :mod:`app.pipeline.gazetteer`), proper names only when
capitalised. Short forms resolve against what the article has already named:

- a bare surname ("Kim") is the last person of that surname the article named in full, else the
  most prominent curated one;
- "he"/"she"/"his"/"her" is the last person mentioned; "it"/"its" the last state or organisation;
- "the North"/"the South" are the Koreas once the article has mentioned either of them;
- a demonym before a force noun is that state's armed forces ("North Korean troops"), before an
  office with no name the curated holder ("the North Korean leader"), otherwise the state;
- a title before an unknown capitalised name makes a person ("Foreign Minister Ana Lopez").
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.pipeline.gazetteer import TOKEN_RE, Entry, Gazetteer, key_of, slugify
from app.pipeline.mentions import (
    FORCE_NOUNS,
    KOREAN_SIDES,
    LIST_GAP_RE,
    MIL_NOUNS,
    OFFICES,
    PAIR_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    STATE_NOUNS,
    TITLE_RE,
    Memory,
    Mention,
    same_phrase,
)
from app.pipeline.types import ActorDraft

__all__ = ["Memory", "Mention", "Recognizer"]


#: Capitalised words that may follow a surname without being part of a name.
_NOT_GIVEN_NAMES = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "i",
))  # fmt: skip


_LED_RE = re.compile(r"([A-Z][\w.]*)-led")
_LED_BODIES = frozenset({"coalition", "forces", "alliance", "force", "mission", "operation"})


def _possessive(token: str) -> tuple[str, bool]:
    low = token.lower().replace("\u2019", "'")
    if low.endswith("'s"):
        return low[:-2], True
    if low.endswith("s'"):
        return low[:-1], True
    return low, False


class Recognizer:
    """Finds mentions sentence by sentence; one instance per article (it holds the memory)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.memory = Memory()

    def mentions(self, text: str, start: int, end: int) -> list[Mention]:
        """Mentions in ``text[start:end]`` in order; updates the article memory."""
        tokens = list(TOKEN_RE.finditer(text, start, end))
        words = [_possessive(t.group()) for t in tokens]
        titles = {m.start("name"): m for m in TITLE_RE.finditer(text, start, end)}
        found: list[Mention] = []
        pending: list[int] = []
        # A pronoun's antecedent in the article memory precedes the sentence, never follows it.
        known = (len(self.memory.persons), len(self.memory.things))
        i = 0
        while i < len(tokens):
            mention, used = self._at(text, tokens, words, i, titles, found)
            if mention is not None:
                if (i > 0 and words[i - 1][0] in PREPOSITIONS) or self._listed(
                    text, found, mention
                ):
                    mention = replace(mention, oblique=True)
                if mention.kind.startswith("pronoun-"):
                    pending.append(len(found))
                else:
                    self.memory.note(mention)
                found.append(mention)
            i += max(used, 1)
        for index in pending:
            found[index] = self._resolve_pronoun(found, index, known)
            self.memory.note(found[index])
        first = next(
            (m.actor for m in found if m.actor and m.actor.country and not m.oblique), None
        )
        if first is not None:
            self.memory.subjects.append(first)
        return [m for m in found if m.actor is not None or m.location is not None]

    @staticmethod
    def _listed(text: str, found: list[Mention], mention: Mention) -> bool:
        """Listed after an oblique mention: "the leaders of Egypt, Qatar and Turkey"."""
        if not found or not found[-1].oblique:
            return False
        return bool(LIST_GAP_RE.fullmatch(text, found[-1].end, mention.start))

    def _resolve_pronoun(self, found: list[Mention], index: int, known: tuple[int, int]) -> Mention:
        """Antecedent: a non-oblique mention earlier in the sentence, else a later subject of
        the same sentence ("In his message to Putin, ... Kim said"), else the article memory."""
        pron = found[index]
        person = pron.kind == "pronoun-person"
        before = [m for m in found[:index] if self._fits(m, person)]
        after = [m for m in found[index + 1 :] if self._fits(m, person)]
        actor: ActorDraft | None = None
        if before:
            actor = before[-1].actor if person else before[0].actor
        elif person and after:
            actor = after[0].actor
        elif person and known[0]:
            actor = self.memory.persons[known[0] - 1]
        elif not person and known[1]:
            actor = self.memory.things[known[1] - 1]
        return replace(pron, actor=actor, kind="pronoun")

    @staticmethod
    def _fits(mention: Mention, person: bool) -> bool:
        actor = mention.actor
        if actor is None or mention.oblique or mention.kind.startswith("pronoun-"):
            return False
        if person:
            return actor.kind == "person"
        return actor.kind in ("state", "organization", "group", "armed_force")

    def _at(
        self,
        text: str,
        tokens: list[re.Match[str]],
        words: list[tuple[str, bool]],
        i: int,
        titles: dict[int, re.Match[str]],
        found: list[Mention],
    ) -> tuple[Mention | None, int]:
        token = tokens[i].group()
        low = words[i][0]
        led = _LED_RE.fullmatch(token)
        if led is not None and i + 1 < len(tokens) and words[i + 1][0] in _LED_BODIES:
            # "the Saudi-led coalition", "US-led forces": the leading state acts.
            entry = self.gaz.lookup(key_of(led.group(1)))
            if entry is not None and entry.actor is not None and entry.actor.kind == "state":
                end = tokens[i + 1].end()
                return Mention(tokens[i].start(), end, entry.actor, None, "led"), 2
        if token[0].isupper() or token[0].isdigit():
            longest = self._longest(tokens, words, i)
            if longest is not None:
                n, entry, possessive = longest
                return self._from_entry(text, tokens, words, i, n, entry, possessive)
            if tokens[i].start() in titles:
                return self._titled(tokens, i, titles[tokens[i].start()], found)
            person = self._surname(low)
            if person is not None and not words[i][1] and self._unknown_full_name(text, tokens, i):
                return None, 2  # "Kim Hong-kyun" is not Kim Jong Un
            if person is not None:
                return Mention(
                    tokens[i].start(), tokens[i].end(), person, None, "surname", words[i][1]
                ), 1
        if low in PRONOUNS:
            return self._pronoun(tokens[i], low), 1
        if low in ("two", "2") and i > 0 and words[i - 1][0] == "the" and i + 1 < len(tokens):
            return self._pair(tokens, words, i)
        if low == "government" and i > 0 and words[i - 1][0] == "the" and self.memory.states:
            # "the government" of an article: the state it names most.
            iso3 = self.memory.states.most_common(1)[0][0]
            start = tokens[i - 1].start()
            return Mention(start, tokens[i].end(), self.gaz.state(iso3), None, "side"), 1
        korean = bool(self.memory.countries & {"PRK", "KOR"}) and token[0].isupper()
        if low in KOREAN_SIDES and korean and i > 0 and tokens[i - 1].group().lower() == "the":
            state = self.gaz.state(KOREAN_SIDES[low])
            return Mention(tokens[i - 1].start(), tokens[i].end(), state, None, "side"), 1
        return None, 1

    def _longest(
        self, tokens: list[re.Match[str]], words: list[tuple[str, bool]], i: int
    ) -> tuple[int, Entry, bool] | None:
        """The longest gazetteer entry starting at token ``i``: ``(tokens, entry, possessive)``.

        Keys grow one token at a time and stop once no entry starts with them."""
        best: tuple[int, Entry, bool] | None = None
        prefix = ""
        for n in range(1, min(self.gaz.max_tokens, len(tokens) - i) + 1):
            raw = tokens[i + n - 1].group().lower().replace("\u2019", "'")
            stripped = words[i + n - 1][0]
            exact = self.gaz.lookup(prefix + raw)
            if exact is not None:
                best = (n, exact, False)
            elif stripped != raw and (entry := self.gaz.lookup(prefix + stripped)) is not None:
                best = (n, entry, True)
            prefix += raw + " "
            if prefix not in self.gaz.prefixes:
                break
        return best

    def _from_entry(
        self,
        text: str,
        tokens: list[re.Match[str]],
        words: list[tuple[str, bool]],
        i: int,
        n: int,
        entry: Entry,
        possessive: bool,
    ) -> tuple[Mention, int]:
        start, end = tokens[i].start(), tokens[i + n - 1].end()
        iso3 = entry.demonym or (entry.actor.country if entry.actor else None)
        is_state = entry.actor is not None and entry.actor.kind == "state"
        nxt = i + n
        if is_state and iso3 and (entry.demonym or possessive) and nxt < len(tokens):
            # "North Korean troops", "Pyongyang's troops", "Russia's army"
            skip = nxt + 1 if words[nxt][0] in ("own", "elite") and nxt + 1 < len(tokens) else nxt
            if words[skip][0] in FORCE_NOUNS and not self._modifier(words, skip):
                force = self.gaz.armed_force(iso3)
                return Mention(start, tokens[skip].end(), force, None, "force", words[skip][1]), (
                    skip - i + 1
                )
            holder = self._office(tokens, words, nxt, iso3)
            if holder is not None:
                return holder[0], holder[1] - i
        kind = "demonym" if entry.demonym else "capital" if entry.capital else "name"
        if entry.demonym and self._titled_name_follows(text, end):
            kind = "modifier"  # "Russian President Vladimir Putin": the person is the mention
        return Mention(start, end, entry.actor, entry.location, kind, possessive), n

    @staticmethod
    def _titled_name_follows(text: str, end: int) -> bool:
        match = TITLE_RE.match(text, end + 1) if text[end : end + 1] == " " else None
        return match is not None

    @staticmethod
    def _modifier(words: list[tuple[str, bool]], index: int) -> bool:
        """ "military" used as an adjective: "Russia's military campaign"."""
        nxt = index + 1
        return words[index][0] == "military" and nxt < len(words) and words[nxt][0] in MIL_NOUNS

    def _office(
        self, tokens: list[re.Match[str]], words: list[tuple[str, bool]], nxt: int, iso3: str
    ) -> tuple[Mention, int] | None:
        """A nameless office after a demonym: "the North Korean leader" -> the curated holder."""
        for office in OFFICES:
            size = office.count(" ") + 1
            if " ".join(w for w, _ in words[nxt : nxt + size]) != office:
                continue
            after = nxt + size
            if after < len(tokens) and tokens[after].group()[0].isupper():
                return None  # a name follows: the name itself is the mention
            person = self.gaz.office_holders.get((iso3, office))
            if person is None:
                return None
            last = tokens[after - 1]
            return Mention(tokens[nxt].start(), last.end(), person, None, "office"), after
        return None

    def _titled(
        self,
        tokens: list[re.Match[str]],
        i: int,
        title: re.Match[str],
        found: list[Mention],
    ) -> tuple[Mention | None, int]:
        """An unknown person introduced by a title; the country is a demonym right before it."""
        name = re.sub(r"['\u2019]s$", "", title.group("name"))
        if self.gaz.lookup(key_of(name)) is not None:
            return None, 1
        known = self._surname(key_of(name)) if " " not in name else None
        if known is not None:
            possessive = _possessive(tokens[i].group())[1]
            return Mention(
                tokens[i].start(), tokens[i].end(), known, None, "surname", possessive
            ), 1
        country = None
        if found and found[-1].actor is not None and same_phrase(tokens, found[-1].end, i):
            country = found[-1].actor.country  # "China's foreign ministry spokesman Guo"
        elif self.memory.subjects:
            country = self.memory.subjects[-1].country
        person = ActorDraft(slugify(name), name, "person", country)
        count = len(TOKEN_RE.findall(name))
        last = tokens[i + count - 1]
        possessive = _possessive(last.group())[1]
        return Mention(tokens[i].start(), last.end(), person, None, "title", possessive), count

    @staticmethod
    def _unknown_full_name(text: str, tokens: list[re.Match[str]], i: int) -> bool:
        """A known surname followed by another name ("Kim Hong-kyun"): someone else of that
        name, whom the gazetteer does not hold."""
        if i + 1 >= len(tokens):
            return False
        nxt = tokens[i + 1]
        word = nxt.group()
        return (
            text[tokens[i].end() : nxt.start()] == " "
            and word[:1].isupper()
            and word.lower() not in _NOT_GIVEN_NAMES
        )

    def _surname(self, low: str) -> ActorDraft | None:
        remembered = self.memory.surnames.get(low)
        if remembered is not None:
            return remembered
        candidates = self.gaz.surnames.get(low)
        return candidates[0] if candidates else None

    def _pair(
        self, tokens: list[re.Match[str]], words: list[tuple[str, bool]], i: int
    ) -> tuple[Mention | None, int]:
        """ "the two countries/sides/leaders": the last two distinct actors of that sort."""
        noun = words[i + 1][0]
        if noun not in PAIR_NOUNS:
            return None, 1
        pool = self.memory.persons if PAIR_NOUNS[noun] == "person" else self.memory.things
        if noun in STATE_NOUNS:  # "the two countries/governments": the two states last named
            pool = self.memory.parties
        pair: list[ActorDraft] = []
        for actor in reversed(pool):
            if all(a.id != actor.id for a in pair):
                pair.append(actor)
            if len(pair) == 2:
                break
        if len(pair) < 2:
            return None, 2
        first, second = pair[1], pair[0]
        start, end = tokens[i - 1].start(), tokens[i + 1].end()
        return Mention(start, end, first, None, "pair", partner=second), 2

    @staticmethod
    def _pronoun(token: re.Match[str], low: str) -> Mention:
        """Unresolved until the whole sentence is read (see :meth:`_resolve_pronoun`)."""
        kind = "pronoun-person" if PRONOUNS[low] == "person" else "pronoun-thing"
        return Mention(token.start(), token.end(), None, None, kind, low in ("his", "its"))
