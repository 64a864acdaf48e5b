"""Agencies as the government names them in both languages: a Thai "full name (ABBR)" and an English
"Full Name (ABBR)" that occur together in the pairs more often than apart.

The Thai full name of an abbreviation is the longest ending shared by most of the texts written just
before "(ABBR)" across the archive (Thai has no spaces between words, so a name's start is found by
agreement between many mentions rather than by a word boundary).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from pipeline.archive.evidence import gazetteer_names
from pipeline.resources import corpus_file, read_tsv

_TH_ABBR = re.compile(r"\(\s*([\u0e01-\u0e4e][\u0e01-\u0e4e.]{1,12})\s*\)")
_EN_WORD = r"(?:[A-Z][\w&'’.-]*|of|and|for|the|on|in|&)"
_EN_ABBR = re.compile(rf"((?:{_EN_WORD},?\s+){{1,16}}{_EN_WORD}?)\s*\(\s*([A-Z][A-Za-z&.-]{{1,11}})\s*\)")
_LEADING = re.compile(r"^(?:(?:of|and|for|the|on|in|&|The)\s+)+")
_CONTEXT = 90
MIN_MENTIONS = 3
MIN_SHARE = 0.5
MIN_BOTH = 2
MIN_DICE = 0.3
PROVENANCE = 3
MAX_THAI_ABBR = 8


@functools.cache
def _gazetteer_abbreviations() -> dict[str, str]:
    """Gazetteer id -> English abbreviation, for the rows that have one."""
    from pipeline.archive.evidence import GAZETTEERS

    out = {}
    for name in GAZETTEERS:
        path = corpus_file("gazetteers", name)
        if path.exists():
            out.update({row["id"]: row["abbr_en"] for row in read_tsv(path) if row["abbr_en"]})
    return out


def thai_abbreviations(text: str) -> set[str]:
    """Thai abbreviations written in brackets ("(ททท.)"), without the final dot.

    >>> sorted(thai_abbreviations("การท่องเที่ยวแห่งประเทศไทย (ททท.) และ สสว"))
    ['ททท']
    """
    return {m.group(1).rstrip(".") for m in _TH_ABBR.finditer(text) if len(m.group(1).rstrip(".")) >= 2}


def thai_contexts(text: str) -> Iterable[tuple[str, str]]:
    """(abbreviation without final dot, the text just before its bracket) for each bracketed abbreviation."""
    for m in _TH_ABBR.finditer(text):
        yield m.group(1).rstrip("."), text[max(0, m.start() - _CONTEXT) : m.start()].rstrip()


def shared_ending(contexts: list[str], min_share: float = MIN_SHARE) -> str:
    """The longest ending that at least `min_share` of the contexts (and two of them) have in common.

    >>> shared_ending(["ร่วมกับการท่องเที่ยวแห่งประเทศไทย", "โดยการท่องเที่ยวแห่งประเทศไทย", "นายก"])
    'การท่องเที่ยวแห่งประเทศไทย'
    """
    need = max(2, int(min_share * len(contexts) + 0.999))
    best = ""
    for length in range(1, _CONTEXT + 1):
        counts = Counter(c[-length:] for c in contexts if len(c) >= length)
        if not counts:
            break
        ending, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if n < need:
            break
        best = ending
    best = best.strip()
    # a name does not start inside a word: cut a leading fragment that ends at a space
    return best


def _by_initials(words: str, abbr: str) -> str:
    """The shortest ending of `words` whose capitalised words' initials hold the abbreviation's capitals in
    order (UNESCO: "United Nations Educational, Scientific and Cultural Organization"); else the part after
    the last comma.

    >>> _by_initials("Japan's Ministry of Economy, Trade and Industry", "METI")
    'Ministry of Economy, Trade and Industry'
    """
    tokens = words.split()
    capitals = [c for c in abbr if c.isupper()]
    for start in range(len(tokens) - 1, -1, -1):
        initials = iter(t[0] for part in tokens[start:] for t in part.split("-") if t[:1].isupper())
        if all(any(i == c for i in initials) for c in capitals):
            # "Bay of Bengal Initiative ... (BIMSTEC)": a word of the abbreviation's first letter + "of" before
            if start >= 2 and tokens[start - 1] == "of" and tokens[start - 2][:1] == capitals[0]:
                start -= 2
            return " ".join(tokens[start:]).strip(",")
    return words.rsplit(",", 1)[-1].strip()


def english_abbreviations(text: str) -> dict[str, str]:
    """English abbreviation -> the capitalised name before its bracket.

    >>> english_abbreviations("together with the Tourism Authority of Thailand (TAT) said")
    {'TAT': 'Tourism Authority of Thailand'}
    """
    found: dict[str, str] = {}
    for m in _EN_ABBR.finditer(text):
        name = _by_initials(m.group(1).strip(), m.group(2))
        name = _LEADING.sub("", name)
        name = _role_heads().sub("", name)  # "Director of the National Science ... Agency (NSTDA)"
        name = re.sub(r"\s+(?:of|and|for|the|on|in|&)$", "", name)
        if len(name.split()) >= 2 and m.group(2) not in found:
            found[m.group(2)] = name
    return found


_STARTS_WORD = re.compile(r"^[\u0e01-\u0e2e\u0e40-\u0e44]")  # a consonant or a leading vowel, not a mark


def full_names(contexts: dict[str, list[str]]) -> dict[str, str]:
    """Thai abbreviation -> full name, from the texts before its "(ABBR)" mentions (`thai_contexts`).

    A shared ending that starts with a mark (cut inside a word) or holds a person's title is no name.
    """
    from pipeline.archive.people import thai_people

    out = {}
    for abbr, seen in contexts.items():
        if len(seen) < MIN_MENTIONS:
            continue
        name = shared_ending(seen)
        if len(name) >= len(abbr) + 3 and _STARTS_WORD.match(name) and not thai_people(name + " ก ก"):
            out[abbr] = name
    return out


@functools.cache
def _role_heads() -> re.Pattern[str]:
    """English role words (from corpora/glossary/roles.tsv) that may open a phrase before an agency's name."""
    words = {row["english"] for row in read_tsv(corpus_file("glossary", "roles.tsv")) if row["english"]}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^(?:(?:{alternation})\s+of\s+(?:the\s+)?)")


AGENCY_COLUMNS = [
    "thai",
    "thai_abbr",
    "english",
    "english_abbr",
    "support",
    "dice",
    "gazetteer_id",
    "variants",
    "releases",
]


def mine_agencies(pairs: list[tuple[str, str, str]], thai_names: dict[str, str]) -> list[dict[str, str]]:
    """Rows of the agencies glossary from (en_id, en_text, th_text) pairs and Thai abbreviation -> full name.

    A Thai abbreviation and an English abbreviation are paired when each is the other's best partner by
    Dice coefficient over the pairs, seen together in at least MIN_BOTH pairs.
    """
    th_count: Counter[Any] = Counter()
    en_count: Counter[Any] = Counter()
    both: Counter[Any] = Counter()
    en_names: dict[str, Counter[Any]] = defaultdict(Counter)
    releases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for en_id, en_text, th_text in pairs:
        th_abbrs = thai_abbreviations(th_text)
        en_abbrs = english_abbreviations(en_text)
        th_count.update(th_abbrs)
        en_count.update(en_abbrs.keys())
        for abbr, name in en_abbrs.items():
            en_names[abbr][name] += 1
        for t in th_abbrs:
            for e in en_abbrs:
                both[(t, e)] += 1
                releases[(t, e)].append(en_id)
    dice = {k: 2 * n / (th_count[k[0]] + en_count[k[1]]) for k, n in both.items() if n >= MIN_BOTH}
    best_en: dict[str, tuple[float, str]] = {}
    best_th: dict[str, tuple[float, str]] = {}
    for (t, e), d in dice.items():
        best_en[t] = max(best_en.get(t, (0.0, "")), (d, e))
        best_th[e] = max(best_th.get(e, (0.0, "")), (d, t))
    known = gazetteer_names().thai
    known_abbr = _gazetteer_abbreviations()
    rows = []
    for t, (d, e) in best_en.items():
        if best_th[e][1] != t or d < MIN_DICE:
            continue
        if sum(ch.isupper() for ch in e) < 2 or len(t) > MAX_THAI_ABBR:
            continue  # "Thailand", "ประเทศไทย": not abbreviations
        names = en_names[e]
        english = min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        thai = thai_names.get(t, "")
        gid = known.get(thai) or known.get(t + ".") or known.get(t) or ""
        if gid and known_abbr.get(gid) and known_abbr[gid] != e:
            continue  # the hand-made gazetteer gives this agency another English abbreviation
        if not thai and not gid:
            continue  # a bare abbreviation co-occurring in two pairs is too weak on its own
        rows.append(
            {
                "thai": thai,
                "thai_abbr": t + ".",
                "english": english,
                "english_abbr": e,
                "support": str(both[(t, e)]),
                "dice": f"{d:.2f}",
                "gazetteer_id": gid,
                "variants": "|".join(
                    f"{v}:{n}" for v, n in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])) if v != english
                ),
                "releases": "|".join(sorted(set(releases[(t, e)]))[:PROVENANCE]),
            }
        )
    have = {r["gazetteer_id"] for r in rows if r["gazetteer_id"]}
    rows += [r for r in printed_names(pairs) if r["gazetteer_id"] not in have]
    have = {r["gazetteer_id"] for r in rows if r["gazetteer_id"]}
    rows += [r for r in printed_spellings(pairs) if r["gazetteer_id"] not in have]
    return sorted(rows, key=lambda r: (r["english_abbr"], r["thai_abbr"], r["gazetteer_id"]))


def printed_names(pairs: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """Agencies the gazetteers already know, with the English name the government prints before their
    abbreviation in the English twin ("Board of Investment (BOI)"), seen in at least MIN_BOTH pairs."""
    from pipeline.archive.evidence import entities_in

    abbreviations = _gazetteer_abbreviations()
    names: dict[str, Counter[Any]] = defaultdict(Counter)
    releases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for en_id, en_text, th_text in pairs:
        en_abbrs = english_abbreviations(en_text)
        for gid in sorted(entities_in(th_text, "th")):
            abbr = abbreviations.get(gid)
            if abbr and abbr in en_abbrs:
                names[gid][en_abbrs[abbr]] += 1
                releases[(gid, en_abbrs[abbr])].append(en_id)
    thai = _gazetteer_thai()
    rows = []
    for gid, counter in names.items():
        english, n = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if n < MIN_BOTH:
            continue
        rows.append(_spelling_row(thai[gid], english, abbreviations[gid], gid, counter, releases[(gid, english)]))
    return rows


def printed_spellings(pairs: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """Agencies the gazetteers know whose English the government prints otherwise: for each agency named in
    a Thai twin, its gazetteer English when the English twin prints it, else the closest phrase the English
    twin prints (`closest_phrase`: "Ministry of Defense" for "Ministry of Defence"). A row when another
    spelling is printed in at least MIN_BOTH pairs and more often than the gazetteer's own."""
    from pipeline.archive.evidence import entities_in

    english = _gazetteer_english()
    thai = _gazetteer_thai()
    seen: dict[str, Counter[Any]] = defaultdict(Counter)
    releases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for en_id, en_text, th_text in pairs:
        flat = " ".join(en_text[:30000].split())
        lowered = flat.lower()
        for gid in sorted(entities_in(th_text[:30000], "th")):
            name, label = english.get(gid, ("", ""))
            if label != "ORGANIZATION" or len(name.split()) < 2:
                continue
            printed = name if name.lower() in lowered else closest_phrase(name, flat)
            if printed:
                seen[gid][printed] += 1
                releases[(gid, printed)].append(en_id)
    rows = []
    for gid, counter in sorted(seen.items()):
        own = english[gid][0]
        spelling, n = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if spelling == own or n < MIN_BOTH or n <= counter[own]:
            continue
        abbreviation = _gazetteer_abbreviations().get(gid, "")
        rows.append(_spelling_row(thai[gid], spelling, abbreviation, gid, counter, releases[(gid, spelling)]))
    return rows


def _spelling_row(
    thai: tuple[str, str], english: str, english_abbr: str, gid: str, counter: Counter[Any], releases: list[str]
) -> dict[str, str]:
    """A glossary row for an agency of the gazetteers (`gid`, its Thai name and abbreviation): the English
    spelling the twins print, its support (`counter[english]`), the other spellings with their counts, and
    the first PROVENANCE releases that print it."""
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "thai": thai[0],
        "thai_abbr": thai[1],
        "english": english,
        "english_abbr": english_abbr,
        "support": str(counter[english]),
        "dice": "",
        "gazetteer_id": gid,
        "variants": "|".join(f"{v}:{c}" for v, c in ranked if v != english),
        "releases": "|".join(sorted(set(releases))[:PROVENANCE]),
    }


def closest_phrase(name: str, text: str, minimum: float = 0.85) -> str | None:
    """The run of words in `text` most like `name` (as many words, give or take one), if >= `minimum`, its
    first word (the kind: Ministry, Office) >= 0.9 alike (Minister/Ministry: 0.875) and its other words still
    >= 0.75 alike ("Ministry of Commerce" is not another spelling of "Ministry of Defence", nor "Minister of
    Defense")."""
    import difflib

    words = text.split()
    n = len(name.split())
    target = name.lower()
    best, best_score = None, minimum
    head = target.split()[0]
    for i, word in enumerate(words):
        if difflib.SequenceMatcher(None, word.lower().strip(",.()"), head).ratio() < 0.9:
            continue  # the kind must be the same: "Minister of Finance" is a role, not the Ministry of Finance
        for size in (n - 1, n, n + 1):
            if size < 1 or i + size > len(words):
                continue
            candidate = " ".join(words[i : i + size]).strip(",.;:()'’\"")
            score = difflib.SequenceMatcher(None, candidate.lower(), target).ratio()
            rest = difflib.SequenceMatcher(
                None, " ".join(candidate.lower().split()[1:]), " ".join(target.split()[1:])
            ).ratio()
            if score >= best_score and rest >= 0.75:
                best, best_score = candidate, score
    return best


def _gazetteer_rows() -> Iterable[dict[str, str]]:
    """The rows of every gazetteer the pairing reads (`evidence.GAZETTEERS`), file after file."""
    from pipeline.archive.evidence import GAZETTEERS

    for name in GAZETTEERS:
        path = corpus_file("gazetteers", name)
        if path.exists():
            yield from read_tsv(path)


@functools.cache
def _gazetteer_english() -> dict[str, tuple[str, str]]:
    """Gazetteer id -> (English name, label)."""
    return {row["id"]: (row["english"], row["label"]) for row in _gazetteer_rows()}


def official_english(rows: list[dict[str, str]]) -> dict[str, str]:
    """Gazetteer id -> the English the government prints, from agencies glossary rows: organisations only,
    and not when the printed name is a beginning or an ending of the gazetteer's own ("National Security
    Council" printed before "(NSC)" for "Office of the National Security Council": a shortened mention, not
    another name), nor when it abbreviates a word of it ("Office of SMEs Promotion")."""
    english = _gazetteer_english()
    out = {}
    for row in rows:
        gid = row.get("gazetteer_id", "")
        own, label = english.get(gid, ("", ""))
        printed = row.get("english", "").strip()
        if not own or label != "ORGANIZATION" or not printed or printed == own:
            continue
        if own.lower().endswith(printed.lower()) or own.lower().startswith(printed.lower()):
            continue
        if any(sum(c.isupper() for c in word) >= 2 for word in printed.split()):
            continue  # "Office of SMEs Promotion": a word of the name abbreviated, not another name
        out[gid] = printed
    return out


@functools.cache
def _gazetteer_thai() -> dict[str, tuple[str, str]]:
    """Gazetteer id -> (Thai name, first Thai abbreviation with a dot, or "")."""
    out = {}
    for row in _gazetteer_rows():
        dotted = [a for a in row["aliases"].split("|") if a.endswith(".") and len(a) <= MAX_THAI_ABBR + 1]
        out[row["id"]] = (row["thai"], dotted[0] if dotted else "")
    return out
