"""Material military acts short of violence: deployments, drills, parades, weapons tests and
production, arms transfers, withdrawals and incursions (CAMEO 072, 15x, 062; PLOVER MOBILIZE)."""

from __future__ import annotations

from app.pipeline.extract.rules import Rule, rule

FORCES = (
    r"(?:troops|soldiers|forces|personnel|units|servicemen|marines|fighters|battalions?"
    r"|brigades?|regiments?|warships|troop|engineers|sappers)"
)
WEAPONS = (
    r"(?:weapons|arms|artillery(?: shells)?|shells|missiles?|rockets?|ammunition|munitions"
    r"|drones|tanks|rocket systems|military equipment|military hardware|howitzers"
    r"|air[ -]defen[cs]e systems?|rifles|fighter jets|warplanes|destroyers|frigates|submarines"
    r"|armoured vehicles|armored vehicles|Patriot(?: air defen[cs]e)? systems|launchers"
    r"|(?:glide |aerial |guided )?bombs|warheads|nuclear weapons|interceptors"
    r"|F-\d+s?(?: jets| fighters| fighter jets)?|combat aircraft)"
)
_WEAPON_WORD = (
    r"(?:missile|weapons?|arms|munitions?|ammunition|drone|shell|artillery|rocket|nuclear)"
)
_MOD = r"(?:[\w,'\u2019-]+\s+)"
#: Fixed-width look-behinds, one per force noun: "troops were sent" with "troops" outside the
#: trigger, so the words naming the troops stay free to be read as the actor.
_AFTER_FORCES = (
    "(?:"
    + "|".join(
        f"(?<={noun} )"
        for noun in [
            "troops",
            "soldiers",
            "forces",
            "personnel",
            "units",
            "servicemen",
            "marines",
            "fighters",
        ]
    )
    + ")"
)

RULES: tuple[Rule, ...] = (
    rule(
        "troop_deployment",
        rf"(?:deployed|deploys|deploying|sent|sends|dispatched|dispatches|stationed)\s+"
        rf"{_MOD}{{0,4}}?{FORCES}",
        0.85,
        verb="deploys troops",
    ),
    rule(
        "troop_deployment",
        rf"{_AFTER_FORCES}(?:were|was|had been|have been|are being|being)\s+(?:\w+\s+)?"
        r"(?:deployed|sent|dispatched|stationed)",
        0.85,
        verb="deploys troops",
    ),
    rule(
        "troop_deployment",
        rf"(?:deployment|dispatch) of {_MOD}{{0,3}}?{FORCES}|troop deployments?|deployments?",
        0.6,
        noun=True,
        verb="deploys troops",
    ),
    rule(
        "troop_deployment",
        # A standing presence counted: "Rwanda has about 7,000 soldiers in eastern Congo".
        r"(?:has|have|had|keeps|kept|maintains|maintained)\s+(?:(?:about|some|around|roughly"
        r"|nearly|up to|at least|more than|over|an estimated|thousands of|hundreds of|tens of"
        rf"|[\d,.]+|\w+ thousand)\s+){{1,3}}{FORCES}(?=\s+(?:in|inside|stationed|deployed)\b)",
        0.7,
        verb="deploys troops",
    ),
    rule(
        "military_exercise",
        r"(?:staged|stages|held|holds|conducted|conducts|launched|launches|began|begins|kicked off"
        r"|carried out|wrapped up)\s+(?:[\w-]+\s+){0,4}?(?:drills?|exercises?|war games"
        r"|manoeuvres|maneuvers)",
        0.85,
        fallback_actor=True,
        verb="holds military drills",
    ),
    rule(
        "military_exercise",
        r"(?:joint|military|naval|live-fire|air|combined) (?:drills?|exercises?)",
        0.6,
        noun=True,
        fallback_actor=True,
        verb="holds military drills",
    ),
    rule(
        "military_parade",
        r"(?:held|staged|holds|stages|attend|attended|attends|watched|oversaw|inspected|reviewed)"
        r"\s+(?:[\w-]+\s+){0,3}?parade",
        0.85,
        fallback_actor=True,
        verb="holds a military parade",
    ),
    rule(
        "military_parade",
        r"military parade",
        0.6,
        noun=True,
        fallback_actor=True,
        verb="holds a military parade",
    ),
    rule(
        "weapons_test",
        r"(?:test-fired|test-fires|test-launched|test-launches|tested|fired|fires|launched"
        r"|launches)\s+(?:[\w-]+\s+){0,4}?(?:missiles?|rockets?|ICBMs?|projectiles|warheads?)",
        0.8,
        verb="tests missiles",
    ),
    rule(
        "weapons_test",
        rf"(?:{_WEAPON_WORD}|ICBM) (?:test|tests|testing|launch|launches)"
        r"|testing of (?:\w+\s+)?(?:weapons|missiles)",
        0.65,
        noun=True,
        verb="tests weapons",
    ),
    rule(
        "weapons_production",
        # A directive counts (the seed: "instructed his officials to increase rocket production").
        r"(?:(?:called for|urged|ordered|demanded|instructed)\s+(?:[\w-]+\s+){0,3}?(?:to\s+)?)?"
        r"(?:increas|boost|expand|ramp(?:ed|ing)? up|step(?:ped)? up|accelerat|mass-produc"
        r"|doubl|tripl|scal(?:ed|ing|e) up)"
        rf"\w*\s+(?:\w+\s+){{0,2}}?{_WEAPON_WORD}s?\s+(?:production|output|manufacturing)"
        r"|(?:increas|boost|expand|ramp(?:ed|ing)? up|step(?:ped)? up|accelerat|doubl|tripl)\w*"
        rf"\s+(?:the\s+)?(?:production|output|manufacturing) of (?:\w+\s+){{0,2}}?{WEAPONS}"
        r"|(?:called for|urged|ordered|demanded|instructed)\s+(?:[\w-]+\s+){0,4}?(?:expansion"
        r"|expanding|increase|increasing|boost|boosting|acceleration|mass production|mass-producing"
        rf"|ramping up|stepping up)\s+(?:of|in)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_WEAPON_WORD}s?"
        rf"|(?:began|begun|started|launched|opened|inaugurated)\s+(?:\w+\s+){{0,2}}?(?:mass"
        rf"|serial) production of|(?:opened|inaugurated|built|unveiled) (?:a |an |the )?(?:new )?"
        rf"{_WEAPON_WORD}s? (?:factory|plant|production line)",
        0.8,
        verb="orders increased weapons production",
    ),
    rule(
        "arms_transfer",
        r"(?:supplied|supplies|supplying|provided|provides|providing|sent|sends|delivered"
        r"|delivers|transferred|transfers|sold|sells|shipped|ships|exported|exports|gave|gives)"
        rf"(?=[^.;]{{0,80}}?\b{WEAPONS}\b)",
        0.8,
        verb="supplies weapons to",
    ),
    rule(
        "arms_transfer",
        r"(?:received|receives|took delivery of|obtained|acquired|bought|purchased)"
        rf"(?=[^.;]{{0,80}}?\b{WEAPONS}\b[^.;]{{0,40}}?\bfrom\b)",
        0.75,
        verb="supplies weapons to",
        agent_prep="from",
    ),
    rule(
        "arms_transfer",
        r"(?:exports?|supplies|supply|deliveries|delivery|transfers?|shipments?|sales?) of "
        rf"(?:[\w-]+\s+){{0,2}}?{WEAPONS}|(?:arms|weapons|ammunition|munitions|missile|shell|drone)"
        r" (?:supplies|deliveries|transfers|shipments|exports|sales)",
        0.65,
        noun=True,
        verb="supplies weapons to",
    ),
    rule(
        "arms_transfer",
        # Arms deals: "clinched a $110 billion arms deal with Saudi Arabia", "signed a
        # 5.2-billion-euro contract for 24 Rafale fighter jets".
        r"(?:signed|signs|clinched|clinches|struck|strikes|sealed|seals|concluded|inked|agreed)"
        r"\s+(?:an?\s+|the\s+)?(?:[$\u20ac\u00a3\w.,-]+\s+){0,3}?(?:(?:arms|weapons|defen[cs]e"
        r"|military) (?:deals?|contracts?|packages?|sales?|agreements?)"
        rf"|(?:contracts?|deals?|orders?) for (?:[\w,-]+\s+){{0,3}}?{WEAPONS})",
        0.82,
        verb="supplies weapons to",
    ),
    rule(
        "arms_transfer",
        # "The US approved the sale of 40 F-35 jets to Turkey."
        r"(?:approved|approves|cleared|clears|authori[sz]ed|authori[sz]es) (?:the )?(?:possible "
        rf"|potential |proposed )?sales? of (?:[\w-]+\s+){{0,3}}?{WEAPONS}",
        0.8,
        verb="supplies weapons to",
    ),
    rule(
        "withdrawal",
        r"withdrew|withdraws|pulled out|pulls out|pulled back|retreated",
        0.7,
        verb="withdraws",
    ),
    rule(
        "incursion",
        r"invaded|(?:crossed|pushed|pressed|advanced|moved|strayed|flew|sailed|entered)"
        r" (?:deep )?(?:into|over|the)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:border|territory|airspace"
        r"|waters|frontier)|(?:violated|breached|entered|intruded into|infiltrated)"
        r" (?:[\w'\u2019-]+\s+){0,3}?(?:airspace|territory|territorial waters|waters|border)",
        0.75,
        verb="makes an incursion into",
    ),
    rule(
        "incursion",
        # The verb frame alone: "Russian troops crossed into Sumy region"; the place must be
        # another country's (``needs_target``: the place's country becomes the target).
        r"(?:crossed|pushed|advanced|moved|strayed|flew|sailed|drove|stormed|infiltrated)"
        r" (?:deep |further |deeper )?into",
        0.7,
        needs_target=True,
        verb="makes an incursion into",
    ),
    rule(
        "incursion",
        r"(?:ground |cross-border |military |armed |air(?:space)? )?incursions?|invasion"
        r"|cross-border raids?|ground offensive|airspace violations?",
        0.55,
        noun=True,
        verb="makes an incursion",
    ),
)
