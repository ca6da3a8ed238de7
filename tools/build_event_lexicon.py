"""Grow the pipeline's event word classes from WordNet and write them as data.

    python -m tools.build_event_lexicon          # writes app/data/lexicon/event_words.json

Each class below starts from a few WordNet senses (``lemma.pos.N``, N the sense number) and takes
their synonyms and, to the depth given, their hyponyms (for verbs, troponyms: "bomb" and "shell"
are ways to "attack"). A lemma joins only when that sense is among its first ``max_sense``
senses, so rare readings ("tank" as a fish tank) stay out; ``drop`` removes what WordNet files
under a sense but news does not mean by it. Nouns get their plurals, verbs their inflections
(WordNet's exception lists for the irregular ones). ``extra`` holds the few news usages WordNet
lacks (``drone``, ``test-fire``); it is short on purpose: the classes come from WordNet.

Run it again after changing a class; ``tests/pipeline/test_event_lexicon.py`` checks that the
committed file is what this tool writes (when WordNet is installed).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from wordfreq import zipf_frequency

from tools import wordnet_db as wn

OUT = Path(__file__).resolve().parents[1] / "app" / "data" / "lexicon" / "event_words.json"


@dataclass(frozen=True)
class WordClass:
    name: str
    pos: str
    seeds: tuple[str, ...]
    depth: int = 0
    max_sense: int = 3
    drop: frozenset[str] = frozenset()
    extra: tuple[str, ...] = ()
    about: str = ""
    inflect: bool = True
    min_len: int = 3
    min_zipf: float = 2.5
    """WordNet-found lemmas rarer than this in English (``wordfreq``'s Zipf scale) stay out."""


CLASSES: tuple[WordClass, ...] = (
    WordClass(
        "FORCE",
        "n",
        (
            "military_unit.n.01",
            "soldier.n.01",
            "armed_forces.n.01",
            "serviceman.n.01",
            "peacekeeper.n.01",
            "warship.n.01",
            "militia.n.01",
            "militia.n.02",
        ),
        depth=1,
        drop=frozenset(
            {
                "command",
                "force",
                "unit",
                "team",
                "detail",
                "party",
                "outfit",
                "guard",
                "service",
                "forces",
                "army",
                "navy",
                "host",
                "cavalry",
                "horse",
                "military",
                "military machine",
                "war machine",
                "regular",
                "volunteer",
                "enlisted man",
                "private",
                "officer",
                "leader",
                "tank",
                "sub",
                "company",
                "division",
                "corps",
                "echelon",
                "contingent",
                "friendly",
                "enemy",
                "defender",
                "conqueror",
                "fighter",
                "veteran",
                "carrier",
                "fodder",
                "cannon fodder",
                "mercenary",
                "commander",
                "garrison",
                "armor",
                "armour",
                "artillery",
                "butter",
                "redcoat",
                "yankee",
                "confederate",
                "capital ship",
                "combat ship",
                "guard ship",
                "flattop",
                "man",
                "orderly",
                "section eight",
                "uriah",
                "devil dog",
                "fresh fish",
                "vet",
                "voluntary",
                "wac",
                "trip wire",
                "spearhead",
                "point man",
                "headquarters",
                "highlander",
                "territorial",
                "phalanx",
                "legion",
                "tanker",
                "flanker",
                "color bearer",
                "standard-bearer",
                "unknown soldier",
                "sailor boy",
                "privateer",
                "ironclad",
                "three-decker",
                "ship of the line",
                "anzac",
                "confederate soldier",
                "surface ship",
                "submersible",
                "occupier",
                "tank driver",
                "military reserve",
                "reserves",
                "ranger",
                "para",
                "cruiser",
                "destroyer escort",
                "sloop of war",
                "aircraft carrier",
                "attack aircraft carrier",
                "man-of-war",
                "torpedo boat",
            }
        ),
        extra=(
            "forces",
            "troops",
            "personnel",
            "fighters",
            "units",
            "peacekeepers",
            "servicemen",
            "militiamen",
            "gunmen",
            "insurgents",
            "rebels",
            "militants",
        ),
        about="armed forces and their units, as the subject or object of a military act",
    ),
    WordClass(
        "WEAPON",
        "n",
        (
            "weapon.n.01",
            "munition.n.01",
            "ammunition.n.01",
            "military_vehicle.n.01",
            "warplane.n.01",
            "warship.n.01",
            "missile.n.01",
            "rocket.n.01",
            "artillery.n.01",
            "bomb.n.01",
            "armament.n.01",
            "weaponry.n.01",
            "tank.n.01",
        ),
        depth=2,
        max_sense=2,
        min_zipf=2.8,
        drop=frozenset(
            {
                "arsenal",
                "armory",
                "armoury",
                "basilisk",
                "blockbuster",
                "big blue",
                "boomerang",
                "caisson",
                "canister",
                "bodkin",
                "creese",
                "claymore",
                "grenade",
                "bazooka",
                "hardware",
                "fighter",
                "hatchet",
                "machete",
                "knuckles",
                "brass knuckles",
                "bow and arrow",
                "dagger",
                "crossbow",
                "cavalry sword",
                "fencing sword",
                "greek fire",
                "long tom",
                "minute gun",
                "fire ship",
                "four-pounder",
                "incendiary",
                "infernal machine",
                "kamikaze",
                "light arm",
                "brilliant pebble",
                "case shot",
                "arrow",
                "dart",
                "knife",
                "sword",
                "club",
                "bow",
                "stick",
                "pike",
                "lance",
                "foil",
                "star",
                "shot",
                "round",
                "charge",
                "case",
                "light",
                "cannon",
                "piece",
                "gun",
                "spear",
                "fire",
                "cracker",
                "flare",
                "ball",
                "pellet",
                "slug",
                "buckshot",
                "bolt",
                "quarrel",
                "shaft",
                "sling",
                "cartridge",
                "shell",
                "pistol",
                "revolver",
                "rifle",
                "carbine",
                "flamethrower",
                "mine",
                "torpedo",
                "weapon",
                "arm",
                "instrument",
                "instrumentality",
                "device",
                "vehicle",
                "plane",
                "aircraft",
                "jet",
                "craft",
                "boat",
                "ship",
                "vessel",
                "cruiser",
                "carrier",
                "destroyer",
            }
        ),
        extra=(
            "arms",
            "weapons",
            "shells",
            "artillery shells",
            "drones",
            "missiles",
            "rockets",
            "tanks",
            "howitzers",
            "air defence systems",
            "air defense systems",
            "munitions",
            "ammunition",
            "fighter jets",
            "warplanes",
            "armoured vehicles",
            "armored vehicles",
            "military equipment",
            "military hardware",
            "launchers",
            "rifles",
            "guns",
            "cannons",
            "destroyers",
            "frigates",
            "submarines",
            "interceptors",
            "warheads",
            "mines",
            "torpedoes",
            "cartridges",
            "mortar rounds",
            "F-16s",
            "Patriot systems",
            "HIMARS",
            "ATACMS",
            "rocket systems",
        ),
        about="weapons and military equipment, the object of an arms transfer",
    ),
    WordClass(
        "AID_GOODS",
        "n",
        (
            "aid.n.02",
            "assistance.n.01",
            "food.n.01",
            "food.n.02",
            "medicine.n.02",
            "fuel.n.01",
            "tent.n.01",
            "blanket.n.01",
            "drinking_water.n.01",
            "vaccine.n.01",
            "flour.n.01",
            "ration.n.01",
            "supply.n.02",
            "foodstuff.n.02",
        ),
        depth=0,
        max_sense=3,
        drop=frozenset(
            {
                "help",
                "support",
                "care",
                "comfort",
                "fuel",
                "water",
                "stock",
                "supply",
                "provision",
                "ministration",
                "relief",
                "grain",
                "meal",
                "solid food",
                "nutrient",
                "medication",
                "medicament",
                "medicinal drug",
                "cover",
                "collapsible shelter",
                "aid",
                "assist",
                "nutriment",
                "nourishment",
                "sustenance",
                "aliment",
                "alimentation",
                "victuals",
                "food product",
                "nutrition",
            }
        ),
        extra=(
            "aid",
            "humanitarian aid",
            "humanitarian assistance",
            "food aid",
            "supplies",
            "relief supplies",
            "medical supplies",
            "humanitarian supplies",
            "food",
            "medicine",
            "medicines",
            "fuel",
            "drinking water",
            "tents",
            "blankets",
            "shelter kits",
            "hygiene kits",
            "food parcels",
            "vaccines",
            "flour",
            "wheat",
            "rice",
            "grain",
            "generators",
            "loans",
            "grants",
            "funding",
            "relief",
            "rescue teams",
            "rescuers",
            "search and rescue teams",
            "search-and-rescue teams",
            "medical teams",
            "field hospitals",
            "field hospital",
            "aid workers",
            "relief workers",
        ),
        about="what aid consists of, the object of an aid delivery",
    ),
    WordClass(
        "PRISONER",
        "n",
        ("prisoner.n.01", "captive.n.01", "detainee.n.01", "hostage.n.01", "prisoner_of_war.n.01"),
        depth=1,
        drop=frozenset(
            {"con", "convict", "lifer", "jailbird", "yard bird", "yardbird", "surety", "inmate"}
        ),
        extra=("prisoners", "POWs", "detainees", "captives", "hostages", "prisoners of war"),
        about="people held and released or swapped",
    ),
    WordClass(
        "WITHDRAW_V",
        "v",
        (
            "withdraw.v.01",
            "retreat.v.02",
            "pull_out.v.02",
            "evacuate.v.01",
            "leave.v.01",
            "pull_back.v.01",
        ),
        depth=0,
        max_sense=4,
        drop=frozenset(
            {
                "retire",
                "recede",
                "move back",
                "back up",
                "back off",
                "back down",
                "go",
                "go forth",
                "get out",
                "go out",
                "exit",
                "come out",
                "bow out",
                "empty",
                "void",
                "clear",
                "take leave",
                "quit",
                "depart",
                "part",
                "leave office",
                "resign",
                "step down",
                "drop out",
                "pull",
                "draw back",
                "pull away",
                "move",
                "decamp",
                "beat a retreat",
                "remove",
                "take out",
                "take away",
                "fall back",
            }
        ),
        extra=(
            "withdraw",
            "pull out",
            "pull back",
            "retreat",
            "leave",
            "evacuate",
            "hand over",
            "redeploy",
            "vacate",
            "abandon",
            "draw down",
        ),
        about="leaving an area: the verb of a withdrawal, with forces as its subject or object",
    ),
    WordClass(
        "GIVE_V",
        "v",
        (
            "supply.v.01",
            "provide.v.02",
            "deliver.v.01",
            "ship.v.01",
            "donate.v.01",
            "airlift.v.01",
            "hand_over.v.01",
        ),
        depth=0,
        max_sense=4,
        drop=frozenset(
            {
                "give",
                "render",
                "return",
                "issue",
                "furnish",
                "cater",
                "offer",
                "feed",
                "fuel",
                "stock",
                "water",
                "arm",
                "equip",
                "fit",
                "gift",
                "present",
                "leave",
                "will",
                "bequeath",
                "dower",
                "endow",
                "tip",
                "lend",
                "fund",
                "subsidize",
                "subsidise",
                "pay",
                "charge",
                "transfer",
                "transport",
                "carry",
                "convey",
                "bring",
                "take",
                "communicate",
                "pass",
                "hand",
                "reach",
                "turn over",
                "get",
                "provide",
                "ply",
                "fork out",
                "fork over",
                "fork up",
                "turn in",
            }
        ),
        extra=(
            "supply",
            "provide",
            "deliver",
            "ship",
            "send",
            "donate",
            "give",
            "airlift",
            "airdrop",
            "hand over",
            "transfer",
            "dispatch",
            "pledge",
            "allocate",
            "grant",
            "sell",
            "fly in",
            "truck",
            "distribute",
        ),
        about="handing goods over: the verb of aid and arms transfers",
    ),
    WordClass(
        "ATTACK_V",
        "v",
        (
            "attack.v.01",
            "bombard.v.02",
            "bomb.v.01",
            "shell.v.02",
            "strafe.v.01",
            "raid.v.02",
            "ambush.v.01",
            "storm.v.04",
        ),
        depth=1,
        max_sense=3,
        drop=frozenset(
            {
                "assail",
                "assault",
                "set on",
                "round",
                "counterattack",
                "blitz",
                "pepper",
                "fire",
                "barrage",
                "bombard",
                "strike",
                "hit",
                "beat",
                "charge",
                "rush",
                "blast",
                "pound",
                "blister",
                "whip",
                "lurk",
                "surprise",
                "circumvent",
                "surround",
                "hem in",
                "gas",
                "zap",
                "bust",
                "scupper",
                "torpedo",
                "lie in wait",
                "pelt",
                "invade",
                "foray into",
                "maraud",
                "nuke",
                "atomize",
                "atomise",
                "letter bomb",
                "beleaguer",
            }
        ),
        extra=(
            "attack",
            "bomb",
            "shell",
            "strafe",
            "raid",
            "ambush",
            "storm",
            "bombard",
            "pound",
            "hammer",
            "target",
            "assault",
            "besiege",
            "overrun",
        ),
        about="violent acts against a target",
    ),
    WordClass(
        "EXPLODE_V",
        "v",
        ("explode.v.01", "detonate.v.02", "detonate.v.01"),
        max_sense=3,
        drop=frozenset({"burst", "blow", "go off"}),
        extra=("explode", "detonate", "go off", "blow up", "rip through", "tear through"),
        about="what a bomb does",
    ),
    WordClass(
        "BOMB_N",
        "n",
        (
            "bomb.n.01",
            "car_bomb.n.01",
            "explosive_device.n.01",
            "suicide_bomber.n.01",
            "bombing.n.01",
        ),
        depth=1,
        max_sense=2,
        min_zipf=2.0,
        drop=frozenset(
            {
                "explosion",
                "detonation",
                "blowup",
                "burst",
                "fragmentation",
                "eruption",
                "big bang",
                "backfire",
                "blast",
                "inflation",
                "blowback",
                "detonator",
                "detonating device",
                "incendiary",
                "kamikaze",
                "petard",
                "infernal machine",
                "cruise missile",
                "depth charge",
                "depth bomb",
                "airburst",
                "fugo",
                "fae",
                "mine",
            }
        ),
        extra=(
            "bomb",
            "car bomb",
            "roadside bomb",
            "suicide bomber",
            "suicide bombing",
            "bombing",
            "IED",
            "improvised explosive device",
            "explosive device",
            "truck bomb",
            "landmine",
            "suicide vest",
            "grenade",
            "explosives",
        ),
        about="bombs and bombings, the subject of an explosion",
    ),
    WordClass(
        "RELEASE_V",
        "v",
        (
            "release.v.01",
            "free.v.06",
            "exchange.v.01",
            "swap.v.01",
            "repatriate.v.01",
            "hand_over.v.01",
        ),
        max_sense=3,
        drop=frozenset(
            {
                "let go",
                "let loose",
                "unloose",
                "loose",
                "turn",
                "commute",
                "change",
                "interchange",
                "switch",
                "trade",
                "deliver",
                "discharge",
                "fork out",
                "fork over",
                "fork up",
                "turn in",
                "let go of",
            }
        ),
        extra=("release", "free", "exchange", "swap", "trade", "repatriate", "hand over", "return"),
        about="freeing or swapping people held",
    ),
    WordClass(
        "PROTEST_V",
        "v",
        ("protest.v.02", "demonstrate.v.03", "rally.v.03", "march.v.02", "riot.v.01"),
        max_sense=4,
        drop=frozenset(
            {
                "march",
                "exhibit",
                "present",
                "show",
                "evidence",
                "attest",
                "certify",
                "manifest",
                "muster",
                "muster up",
                "summon",
                "resist",
                "dissent",
            }
        ),
        extra=(
            "protest",
            "demonstrate",
            "rally",
            "march",
            "riot",
            "picket",
            "take to the streets",
            "chant",
            "stage a sit-in",
        ),
        about="street dissent",
    ),
    WordClass(
        "CROWD_N",
        "n",
        ("crowd.n.01", "protester.n.02", "demonstrator.n.03", "rioter.n.01"),
        depth=1,
        max_sense=3,
        drop=frozenset(
            {
                "horde",
                "army",
                "host",
                "multitude",
                "press",
                "gang",
                "troop",
                "crush",
                "drove",
                "jam",
                "rout",
                "huddle",
                "phalanx",
                "swarm",
            }
        ),
        extra=(
            "people",
            "protesters",
            "demonstrators",
            "crowd",
            "crowds",
            "marchers",
            "rioters",
            "students",
            "workers",
            "activists",
            "residents",
            "supporters",
            "opposition supporters",
            "farmers",
            "teachers",
            "doctors",
            "women",
            "youths",
            "young people",
            "mourners",
            "thousands",
            "hundreds",
            "tens of thousands",
            "hundreds of thousands",
        ),
        about="who takes to the streets",
    ),
    WordClass(
        "GATHER_V",
        "v",
        ("gather.v.02", "converge.v.01", "throng.v.01", "crowd.v.01"),
        max_sense=3,
        drop=frozenset(
            {
                "meet",
                "forgather",
                "foregather",
                "pack",
                "pile",
                "jam",
                "mob",
                "cluster",
                "bunch",
                "clump",
                "bunch up",
                "bundle",
                "crowd together",
                "constellate",
                "herd",
            }
        ),
        extra=(
            "gather",
            "assemble",
            "converge",
            "mass",
            "throng",
            "pour into the streets",
            "pour onto the streets",
            "flood the streets",
            "fill the streets",
            "spill into the streets",
            "take to the streets",
            "march on",
            "block roads",
            "barricade",
            "occupy",
            "besiege",
            "storm",
            "stage a sit-in",
            "hold a vigil",
            "go on strike",
            "walk out",
        ),
        about="how a crowd comes together in public",
    ),
    WordClass(
        "PROTEST_N",
        "n",
        ("protest.n.03", "demonstration.n.05", "rally.n.01", "riot.n.01", "sit-in.n.01"),
        max_sense=5,
        drop=frozenset({"objection", "dissent", "mass meeting", "public violence"}),
        extra=(
            "protest",
            "demonstration",
            "rally",
            "riot",
            "march",
            "sit-in",
            "vigil",
            "unrest",
            "rioting",
            "uprising",
            "general strike",
            "walkout",
            "street protest",
            "mass protest",
        ),
        about="dissent in the street, as nouns",
    ),
    WordClass(
        "SANCTION_V",
        "v",
        (
            "sanction.v.03",
            "penalize.v.01",
            "blacklist.v.01",
            "embargo.v.01",
            "boycott.v.01",
            "freeze.v.06",
        ),
        max_sense=6,
        drop=frozenset(
            {
                "punish",
                "penalize",
                "penalise",
                "fine",
                "surcharge",
                "handicap",
                "ostracize",
                "ostracise",
                "shun",
                "cut",
                "ban",
            }
        ),
        extra=(
            "sanction",
            "blacklist",
            "embargo",
            "boycott",
            "freeze",
            "impose sanctions on",
            "slap sanctions on",
            "designate",
        ),
        about="penalties against a party",
    ),
    WordClass(
        "SANCTION_N",
        "n",
        ("sanction.n.02", "embargo.n.01", "boycott.n.01", "blacklist.n.01"),
        max_sense=3,
        drop=frozenset(
            {
                "authorization",
                "authorisation",
                "permission",
                "countenance",
                "black book",
                "trade stoppage",
            }
        ),
        extra=(
            "sanctions",
            "embargo",
            "arms embargo",
            "boycott",
            "asset freeze",
            "travel ban",
            "travel bans",
            "export ban",
            "export controls",
            "blacklist",
            "penalties",
            "restrictive measures",
            "punitive measures",
            "tariffs",
        ),
        about="penalties as nouns",
    ),
    WordClass(
        "GREETING_N",
        "n",
        (
            "condolence.n.01",
            "congratulation.n.01",
            "greeting.n.01",
            "felicitation.n.01",
            "sympathy.n.02",
        ),
        max_sense=3,
        drop=frozenset(
            {
                "salutation",
                "regard",
                "wish",
                "compassion",
                "fellow feeling",
                "kudos",
                "extolment",
                "praise",
            }
        ),
        extra=(
            "condolences",
            "congratulations",
            "greetings",
            "sympathies",
            "best wishes",
            "well wishes",
            "a message of condolence",
            "a message of congratulations",
            "a congratulatory message",
            "a condolence message",
        ),
        about="what leaders send one another",
    ),
    WordClass(
        "AGREEMENT_N",
        "n",
        ("agreement.n.01", "treaty.n.01", "accord.n.03", "armistice.n.01", "cease-fire.n.01"),
        depth=0,
        max_sense=3,
        drop=frozenset(
            {
                "bargain",
                "concordat",
                "compact",
                "cartel",
                "peace",
                "trade",
                "business deal",
                "covenant",
                "arrangement",
                "pact",
                "memo",
                "memorandum",
                "protocol",
                "contract",
                "settlement",
            }
        ),
        extra=(
            "agreement",
            "deal",
            "accord",
            "treaty",
            "pact",
            "truce",
            "ceasefire",
            "cease-fire",
            "armistice",
            "peace deal",
            "peace agreement",
            "peace accord",
            "memorandum of understanding",
            "declaration",
            "roadmap",
            "framework agreement",
            "contract",
            "settlement",
        ),
        about="what parties sign or reach",
    ),
    WordClass(
        "NATURAL_HARM_N",
        "n",
        (
            "earthquake.n.01",
            "flood.n.01",
            "storm.n.01",
            "landslide.n.02",
            "famine.n.02",
            "drought.n.01",
            "epidemic.n.01",
            "infectious_disease.n.01",
            "accident.n.01",
            "crash.n.02",
        ),
        depth=2,
        max_sense=2,
        drop=frozenset(
            {
                "fire",
                "blast",
                "shower",
                "explosion",
                "wave",
                "rain",
                "wreck",
                "mono",
                "pest",
                "duster",
                "consumption",
                "the flood",
                "noah and the flood",
                "collateral damage",
                "concussion",
                "injury",
                "accidental injury",
                "mutilation",
                "debacle",
                "smash",
            }
        ),
        extra=(
            "earthquake",
            "quake",
            "aftershock",
            "tsunami",
            "cyclone",
            "hurricane",
            "typhoon",
            "wildfire",
            "heatwave",
            "heat wave",
            "mudslide",
            "avalanche",
            "epidemic",
            "pandemic",
            "outbreak",
            "cholera",
            "disease",
            "famine",
            "hunger",
            "starvation",
            "malnutrition",
            "accident",
            "crash",
            "collision",
            "stampede",
        ),
        about="what kills without a party to the conflict: a toll it caused is no political "
        "violence",
    ),
    WordClass(
        "PRODUCE_V",
        "v",
        ("manufacture.v.01", "mass-produce.v.01", "refit.v.01", "upgrade.v.01"),
        max_sense=2,
        drop=frozenset({"construct", "fabricate"}),
        extra=(
            "produce",
            "manufacture",
            "mass-produce",
            "churn out",
            "turn out",
            "roll out",
            "build",
            "assemble",
            "make",
            "refit",
            "retrofit",
            "upgrade",
            "modernise",
            "modernize",
        ),
        about="making or remaking weapons; the object must be a weapon",
    ),
    WordClass(
        "CEASE_V",
        "v",
        ("stop.v.01", "cease.v.01", "halt.v.01", "end.v.01", "suspend.v.01"),
        max_sense=3,
        drop=frozenset(
            {
                "discontinue",
                "give up",
                "quit",
                "lay off",
                "finish",
                "terminate",
                "conclude",
                "close",
                "stop",
            }
        ),
        extra=("stop", "cease", "halt", "end", "suspend", "lay down"),
        about="what parties agree to do with the fighting",
    ),
)

_SENSE_RE = re.compile(r"(?P<lemma>.+)\.(?P<pos>[nvar])\.(?P<n>\d+)")


def _sense(ref: str) -> wn.Synset:
    m = _SENSE_RE.fullmatch(ref)
    if not m:
        raise ValueError(f"not a sense: {ref}")
    found = wn.senses(m["lemma"].replace("_", " "), m["pos"])
    n = int(m["n"])
    if n > len(found):
        raise ValueError(f"{ref}: {m['lemma']} has {len(found)} senses")
    return found[n - 1]


def _rank(lemma: str, pos: str, synset_id: str) -> int:
    ids = wn.index().get((lemma, pos), ())
    return ids.index(synset_id) + 1 if synset_id in ids else 99


def lemmas_of(wc: WordClass) -> list[str]:
    """The class's base lemmas: seeds' synonyms and hyponyms, filtered, plus ``extra``."""
    found: dict[str, None] = {}
    for ref in wc.seeds:
        try:
            root = _sense(ref)
        except ValueError as exc:
            print(f"{wc.name}: {exc}", file=sys.stderr)
            continue
        for synset in [root, *wn.related(root, wn.HYPONYM, wc.depth)]:
            for lemma in synset.lemmas:
                if (
                    lemma in wc.drop
                    or len(lemma) < wc.min_len
                    or not re.fullmatch(r"[a-z -]+", lemma)
                ):
                    continue
                if _rank(lemma, wc.pos, synset.id) > wc.max_sense:
                    continue
                if zipf_frequency(lemma, "en") < wc.min_zipf:
                    continue
                found[lemma] = None
    for lemma in wc.extra:
        found[lemma] = None
    return sorted(found)


def _double(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[^aeiou]*[aeiou])[bdgkmnprt]", word)) and len(word) <= 4


def verb_forms(lemma: str) -> dict[str, list[str]]:
    """The forms of a verb by tag: ``base``, ``s`` (3rd person), ``past`` (past tense and
    participle, WordNet's irregular ones included) and ``ing``; a phrase inflects its first word."""
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    irregular = list(wn.irregular_forms("v").get(head, ()))
    if re.search(r"(?:ee|ye|oe)$", head):  # free, agree, flee: freeing, not "freing"
        s, past, ing = head + "s", head + "d", head + "ing"
    elif head.endswith("e"):
        s, past, ing = head + "s", head + "d", head[:-1] + "ing"
    elif re.search(r"[^aeiou]y$", head):
        s, past, ing = head[:-1] + "ies", head[:-1] + "ied", head + "ing"
    elif _double(head):
        s, past, ing = head + "s", head + head[-1] + "ed", head + head[-1] + "ing"
    elif re.search(r"(?:s|x|z|ch|sh)$", head):
        s, past, ing = head + "es", head + "ed", head + "ing"
    else:
        s, past, ing = head + "s", head + "ed", head + "ing"
    pasts = [f for f in irregular if not f.endswith("ing")] or [past]
    return {
        "base": [head + tail],
        "s": [s + tail],
        "past": [f + tail for f in dict.fromkeys(pasts)],
        "ing": [ing + tail],
    }


def noun_forms(lemma: str) -> list[str]:
    *front, last = lemma.split(" ")
    prefix = " ".join(front) + " " if front else ""
    irregular = [b for b, bases in wn.exceptions("n").items() if last in bases]
    if last.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es" if not last.endswith("s") or last.endswith("ss") else last
    elif re.search(r"[^aeiou]y$", last):
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return [prefix + f for f in dict.fromkeys([last, *(irregular or [plural])])]


def build() -> dict[str, object]:
    classes: dict[str, object] = {}
    for wc in CLASSES:
        lemmas = lemmas_of(wc)
        forms: dict[str, dict[str, None]] = {}
        for lemma in lemmas:
            if any(c.isupper() for c in lemma) or not wc.inflect:
                forms.setdefault("base", {})[lemma] = None
                continue
            if wc.pos == "v":
                for tag, found in verb_forms(lemma).items():
                    forms.setdefault(tag, {}).update(dict.fromkeys(found))
            else:
                for i, form in enumerate(noun_forms(lemma)):
                    forms.setdefault("base" if i == 0 else "plural", {})[form] = None
        classes[wc.name] = {
            "pos": wc.pos,
            "about": wc.about,
            "wordnet_seeds": list(wc.seeds),
            "lemmas": lemmas,
            "forms": {
                tag: sorted(found, key=lambda f: (-len(f), f)) for tag, found in forms.items()
            },
        }
    return {
        "_comment": (
            "Generated by tools/build_event_lexicon.py from WordNet 3.0 (Princeton University; "
            "licence in app/data/lexicon/WORDNET-LICENSE). Do not edit by hand: change the "
            "tool's classes and run it again."
        ),
        "classes": classes,
    }


def main(argv: list[str] | None = None) -> int:
    out = Path(argv[0]) if argv else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
