"""One-sentence summaries written from the coded parts of an event (never copied prose)."""

from __future__ import annotations

from app.pipeline.extract.rules import Candidate

_PREPOSITION = {
    "greeting": "to",
    "meeting": "with",
    "negotiation": "with",
    "agreement": "with",
    "cooperation": "with",
    "aid": "to",
    "arms_transfer": "to",
    "troop_deployment": "to support",
    "armed_clash": "with",
    "prisoner_exchange": "with",
    "withdrawal": "from",
    "incursion": "into",
    "demand": "of",
}
_BARE_VERB = {"casualties": "suffers casualties", "protest": "protest"}


def _count(cand: Candidate) -> str:
    f = cand.fatalities
    if f is None or not f.exact:
        return ""
    if f.low is not None and f.best == f.low and f.high is None:
        return f"at least {f.low} killed"
    if f.high is not None and f.best is None:
        return f"up to {f.high} killed"
    if f.high is not None:
        return f"{f.low}-{f.high} killed"
    return f"{f.best} killed"


def summarize(cand: Candidate) -> str:
    """E.g. "Kim Jong Un sends a greeting to Vladimir Putin."."""
    actor = cand.actor.name if cand.actor else "Unidentified actors"
    verb = cand.rule.verb or cand.type.replace("_", " ")
    if cand.type == "casualties":
        what = _count(cand) or "casualties reported"
        sentence = f"{actor}: {what}"
    else:
        sentence = f"{actor} {_BARE_VERB.get(cand.type, verb)}"
        if cand.quantity and cand.type == "troop_deployment":
            sentence = f"{actor} deploys {cand.quantity}"
        if cand.target is not None:
            prep = _PREPOSITION.get(cand.type, "")
            if verb.endswith((" to", " on", " with", " into", " from")):
                sentence += f" {cand.target.name}"
            else:
                sentence += f" {prep} {cand.target.name}" if prep else f" {cand.target.name}"
        elif verb.endswith((" to", " on", " with", " into", " from")):
            sentence = sentence.rsplit(" ", 1)[0]
        count = _count(cand)
        if count:
            sentence += f", {count}"
    if cand.type == "statement" and cand.detail:
        sentence += f" that {cand.detail}"
    if cand.location is not None:
        sentence += f" in {cand.location.name}"
    return sentence[0].upper() + sentence[1:] + "."
