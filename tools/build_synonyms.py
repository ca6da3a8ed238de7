"""Build the despinner's WordNet tables (issue 11) from Debian's WordNet and the repo's clean text.

Writes three package-data files that the normalizer reads at run time (it never reads WordNet):

``app/data/normalize/wordnet_spin.json``
    Spinner output -> the common words it may stand for, with ``log P(output | word)`` under the
    spinner model of :mod:`tools.spin` (each eligible word replaced with probability ``rate`` by
    another lemma of one of its synsets, chosen uniformly, crudely re-inflected). Only the
    ``--vocab`` most frequent English words (wordfreq) are candidate originals, and an entry is
    kept only when the original could plausibly win (``MARGIN``). British and American
    spellings of one word are never listed for each other.
``app/data/normalize/wordnet_rare.json``
    The detection list: outputs that even a light spinner (``DETECT_RATE``) writes at least
    ``RARE_RATIO`` times more often than clean text holds them, less the words the hand lexicon
    judges in context.
``app/data/normalize/context.json``
    Bigram counts of lower-cased tokens (names as ``<cap>``, numbers as ``<num>``) over
    WordNet's glosses and example sentences and the repo's clean development text
    (:func:`clean_texts`). Never a held-out set (``data/realnews/heldout``, ``data/eval``), never
    a spun text, and never the original of a spun copy an evaluation set scores.

Run ``.venv/bin/python -m tools.build_synonyms`` after ``apt-get install wordnet-base``; the
output is deterministic (``tests/tools/test_build_synonyms.py`` checks the committed files).
WordNet 3.0's licence ships beside the tables (``WORDNET_LICENSE``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import wordfreq

from app.pipeline.normalize import synonyms
from tools import spin
from tools import wordnet_db as wn

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "app" / "data" / "normalize"
LICENSE_SOURCES = (Path("/usr/share/doc/wordnet-base/copyright"),)
VOCAB = 30000
"""Candidate originals: wordfreq's most frequent English words."""
MARGIN = 5.0
"""An original is listed for an output when ``rate * P(output | original) * freq(original)``
comes within this factor of the output's own frequency (else it could never win)."""
EXAMPLES_MIN = 2
"""WordNet bigrams seen fewer times than this are left out (they would triple the file)."""
REPO_WEIGHT = 3
"""A bigram of the repo's news text counts this many times one of WordNet's examples."""


def lm_tokens(text: str) -> list[str]:
    """The text's tokens as the run-time model reads them (its own tokenizer, so in step)."""
    return [token.state for token in synonyms.tokens(text)]


def _spun_originals() -> set[Path]:
    """Clean articles whose spun copy an evaluation set scores: the context never holds them.

    Word accuracy on a spun copy would otherwise measure memory of its original's bigrams.
    """
    found: set[Path] = set()
    for folder in (
        ROOT / "data" / "realnews" / "dev",
        ROOT / "tests" / "pipeline" / "cases" / "dev2",
    ):
        for path in folder.glob("*.expected.json"):
            case = json.loads(path.read_text(encoding="utf-8"))
            if case.get("spun") and case.get("original"):
                found.add((folder / case["original"]).resolve())
                found.add((folder / path.name.replace("__spun.", ".")).resolve())
    return found


def clean_texts(*, with_dev: bool = True) -> Iterator[tuple[str, str]]:
    """(name, text) of the repo's clean development articles the context is counted on.

    Held-out sets (``data/realnews/heldout``, ``data/eval``, the normalizer's held-out case)
    and every spun text are left out, and so are the originals of the dev sets' spun copies
    (:func:`_spun_originals`). ``with_dev=False`` keeps the test cases only.
    """
    skip = _spun_originals()
    folders = [ROOT / "tests" / "pipeline" / "cases" / "dev2", ROOT / "data" / "realnews" / "dev"]
    for folder in folders if with_dev else []:
        for path in sorted(folder.glob("*.expected.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            article = (folder / case["file"]).resolve()
            if case.get("spun") or article in skip or path.resolve() in skip:
                continue
            text = article.read_text(encoding="utf-8")
            for piece in case.get("debris", []):
                text = text.replace(piece, "\n")
            yield f"{folder.name}/{case['file']}", text
    cases = ROOT / "tests" / "pipeline" / "cases"
    for path in sorted([*cases.glob("extract/*.json"), *cases.glob("normalize/*.json")]):
        if path.stem in ("heldout", "known-failures", "seed_raw"):
            continue  # held out, knowingly wrong, or spun (the seed's clean text is in seed.json)
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data if isinstance(data, list) else [data]:
            text = item.get("expected_text") or item.get("original")
            if text is None and not item.get("spun"):
                text = item.get("text")
            if isinstance(text, str):
                yield f"{path.parent.name}/{path.name}:{item.get('label')}", text


def wordnet_sentences() -> Iterator[str]:
    """WordNet's glosses and example sentences ("he went on Monday"): English beyond the news."""
    for name in wn.POS_FILES.values():
        with (wn.wordnet_dir() / f"data.{name}").open(encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.startswith("  "):
                    for piece in line.partition(" | ")[2].split(";"):
                        yield piece.strip().strip('"')


def build_context(
    *, with_dev: bool = True, examples: int = EXAMPLES_MIN, weight: int = REPO_WEIGHT
) -> dict[str, object]:
    seen: set[str] = set()
    bigrams: Counter[tuple[str, str]] = Counter()
    for _, text in clean_texts(with_dev=with_dev):
        if text in seen:
            continue
        seen.add(text)
        tokens = ["</s>", *lm_tokens(text)]
        for pair in itertools.pairwise(tokens):
            bigrams[pair] += weight
    general: Counter[tuple[str, str]] = Counter()
    for sentence in wordnet_sentences() if examples else ():
        tokens = ["</s>", *lm_tokens(sentence), "</s>"]
        general.update(itertools.pairwise(tokens))
    for pair, count in general.items():
        if count >= examples:
            bigrams[pair] += count
    following: dict[str, list[str]] = defaultdict(list)
    for (a, b), count in sorted(bigrams.items()):
        following[a] += [b, str(count)]
    return {"_comment": "token -> 'next count next count ...' over WordNet's glosses and the "
                        "repo's clean dev articles (tools/build_synonyms.py)",
            "articles": len(seen),
            "bigrams": {a: " ".join(pairs) for a, pairs in following.items()}}  # fmt: skip


DETECT_RATE = 0.1
"""The lowest spin rate detection is tuned for: an output is *rare* when even at this rate a
spinner would write it at least ``RARE_RATIO`` times more often than clean text holds it."""
RARE_RATIO = 20.0


_SPELLINGS = (("ise", "ize"), ("isa", "iza"), ("yse", "yze"), ("our", "or"), ("tre", "ter"),
              ("ae", "e"), ("oe", "e"), ("ll", "l"), ("ogue", "og"), ("ence", "ense"))  # fmt: skip


def variants(a: str, b: str) -> bool:
    """British and American spellings of one word ("armoured", "armored"): never restored,
    since either may be the writer's own, and the event coder reads both alike."""
    for british, american in _SPELLINGS:
        a, b = a.replace(british, american), b.replace(british, american)
    return a == b


def _frequency(text: str) -> float:
    """wordfreq's frequency of a word; of a phrase, its words' product (as if independent).

    wordfreq rates a phrase near its rarest word ("one million million" as common as
    "million"), which would hide every phrase a spinner writes for a single word.
    """
    return max(math.prod(wordfreq.word_frequency(w, "en") for w in text.split()), 1e-12)


def hand_lexicon_words() -> frozenset[str]:
    """The spun words the hand lexicon (``spin.json``) restores: its tells judge them in context
    ("helium said", not "helium balloons"), so the rare-output count leaves them to it."""
    data = json.loads((OUT / "spin.json").read_text(encoding="utf-8"))
    words = set(data["words"])
    for phrase in data["phrases"]:
        words.update(phrase["spun"].split())
    return frozenset(words)


def build_table(*, vocab: int, margin: float, rate: float) -> tuple[dict[str, object], list[str]]:
    """The restoration table (spinner output -> likely originals) and the detection list."""
    emissions: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for word in wordfreq.top_n_list("en", vocab):
        if not re.fullmatch(r"[a-z]{2,}", word):
            continue
        options = spin._options(word)
        for pos, suffix, others in options:
            for other in others:
                output = spin._inflect_lemma(other, suffix, pos)
                if output != word and not variants(output, word):
                    emissions[output][word] += 1 / len(options) / len(others)
    spun: dict[str, str] = {}
    rare: list[str] = []
    judged = hand_lexicon_words()
    for output in sorted(emissions):
        freq = _frequency(output)
        scored = sorted(
            ((p * wordfreq.word_frequency(w, "en"), w, p) for w, p in emissions[output].items()),
            reverse=True,
        )
        own = freq * (1 - rate)
        kept = [
            f"{w} {math.log(rate * p):.3f}" for s, w, p in scored[:6] if rate * s * margin >= own
        ]
        if kept:
            spun[output] = " ".join(kept)
        mass = sum(s for s, _, _ in scored)
        # A word wordfreq does not know still gets its floor: clean text holds such words too.
        seen = max(freq, 1e-9)
        if (
            " " not in output
            and output not in judged
            and DETECT_RATE * mass >= RARE_RATIO * seen * (1 - DETECT_RATE)
        ):
            rare.append(output)
    table = {
        "_comment": "spinner output -> 'original logP original logP ...' (build_synonyms)",
        "rate": rate,
        "spun": spun,
    }
    return table, rare


def build(
    *,
    vocab: int = VOCAB,
    margin: float = MARGIN,
    rate: float = spin.DEFAULT_RATE,
    with_dev: bool = True,
    examples: int = EXAMPLES_MIN,
    weight: int = REPO_WEIGHT,
) -> dict[str, str]:
    """File name -> the exact text written for it (what the committed tables must equal)."""
    wn.wordnet_dir()
    table, rare = build_table(vocab=vocab, margin=margin, rate=rate)
    context = build_context(with_dev=with_dev, examples=examples, weight=weight)
    detect = {"_comment": "rare spinner outputs: the detection list (tools/build_synonyms.py)",
              "detect_rate": DETECT_RATE, "ratio": RARE_RATIO, "rare": rare}  # fmt: skip
    files = {"wordnet_spin.json": table, "wordnet_rare.json": detect, "context.json": context}
    return {
        name: json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
        for name, data in files.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=VOCAB, help="candidate originals")
    parser.add_argument("--margin", type=float, default=MARGIN)
    parser.add_argument("--rate", type=float, default=spin.DEFAULT_RATE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--examples", type=int, default=EXAMPLES_MIN, help="0: no WordNet")
    parser.add_argument("--weight", type=int, default=REPO_WEIGHT)
    parser.add_argument(
        "--without-dev", action="store_true", help="context from the test cases only"
    )
    args = parser.parse_args()
    files = build(
        vocab=args.vocab,
        margin=args.margin,
        rate=args.rate,
        with_dev=not args.without_dev,
        examples=args.examples,
        weight=args.weight,
    )
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name} ({len(text) // 1024} KiB)")
    for source in LICENSE_SOURCES:
        if source.is_file():
            shutil.copyfile(source, args.out / "WORDNET_LICENSE")
            print(f"copied {source} to {args.out / 'WORDNET_LICENSE'}")


if __name__ == "__main__":
    main()
