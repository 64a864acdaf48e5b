"""People of a Thai release and its English twin, and the alignment between them.

Thai people are found by a title or rank from `corpora/gazetteers/titles.tsv` followed by a given name and
a surname; English people are runs of capitalised words (after an optional title). A Thai name and an
English name are aligned when a rough letter-by-letter romanisation of the Thai (consonant skeleton and
letters; pythainlp's romanisers are too slow for the whole archive) is close to the English, given name to
given name and surname to surname; each name is used once, best first.
The role printed beside each name (Thai: the word after the name; English: the phrase after the comma or
the capitalised words before) is kept for the roles glossary.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from pipeline.resources import corpus_file, read_tsv

ALIGN_MIN = 0.70  # mean of given-name and surname similarity for an alignment
PART_MIN = 0.45  # each part at least this similar
_TH = "\u0e01-\u0e4e"
_EN_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
_EN_WORD = rf"[A-Z][{_EN_LETTER}]*(?:[-'’][{_EN_LETTER}]+)*"
_EN_PARTICLE = r"(?:na|Na|Na\.|de|van|von|bin|binti|al)"


@dataclass(frozen=True)
class ThaiPerson:
    title: str
    name: str  # given name and surname, one space between
    role: str
    start: int
    end: int = 0  # where the surname ends (the text after it may give the name in Latin brackets)

    @property
    def written(self) -> str:
        """The name as written with its title ("พลเอก ประยุทธ์ จันทร์โอชา" keeps the space if it had one)."""
        return self.title + self.name


@dataclass(frozen=True)
class EnglishPerson:
    title: str
    name: str
    role: str
    start: int
    before: str = ""  # the text just before the run of capitalised words (for the role of a window inside it)
    role_after: str = ""


@dataclass(frozen=True)
class Alignment:
    thai: ThaiPerson
    english: EnglishPerson
    score: float


@functools.cache
def thai_titles() -> dict[str, str]:
    return {row["thai"]: row["english"] for row in read_tsv(corpus_file("gazetteers", "titles.tsv"))}


@functools.cache
def english_titles() -> list[str]:
    """English titles as printed (Mr., Mrs., Gen., Pol. Lt. Gen., Assoc. Prof. Dr. ...), longest first."""
    with open(corpus_file("archive", "english_titles.txt"), encoding="utf-8") as handle:
        listed = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    titled = [row["english"] for row in read_tsv(corpus_file("gazetteers", "titles.tsv")) if row["kind"] != "role"]
    forms: set[str] = set()
    for english in listed + titled:
        english = re.sub(r"\s*\(.*\)", "", english).strip()
        if english and english[0].isupper():
            forms.add(english)
            forms.add(english.rstrip(".") + ".")
            forms.add(english.rstrip("."))
    return sorted(forms, key=len, reverse=True)


@functools.cache
def _thai_person_re() -> re.Pattern[str]:
    titles = "|".join(re.escape(t) for t in sorted(thai_titles(), key=len, reverse=True))
    # a role that starts like a title (นายกรัฐมนตรี, นายอำเภอ) is not a title and a name
    roles = [r["thai"] for r in read_tsv(corpus_file("glossary", "roles.tsv"))]
    not_titles = "|".join(
        re.escape(r) for r in sorted(roles, key=len, reverse=True) if any(r.startswith(t) for t in thai_titles())
    )
    guard = f"(?!{not_titles})" if not_titles else ""
    return re.compile(
        rf"{guard}({titles})\s?([{_TH}]{{2,}})[ \u00a0]+((?:[{_TH}]{{2,}})(?:\s+ณ\s+[{_TH}]+)?)"
        rf"(?:[ \u00a0]+([{_TH}.]+(?:ประจำ[{_TH}]+)?))?"
    )


@functools.cache
def _english_person_re() -> re.Pattern[str]:
    titles = "|".join(re.escape(t) for t in english_titles())
    return re.compile(
        rf"(?:\b((?:{titles})(?:\s+(?:{titles}))*)\s+)?"
        rf"({_EN_WORD}(?:\s+(?:{_EN_PARTICLE}\s+)?{_EN_WORD}){{1,8}})"
    )


@functools.cache
def _role_end_re() -> re.Pattern[str]:
    with open(corpus_file("archive", "role_end_words.txt"), encoding="utf-8") as handle:
        words = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def thai_role(chunk: str) -> str:
    """A Thai role as printed after a name, cut before a glued verb ("...นายกรัฐมนตรีเปิดเผยว่า").

    >>> thai_role("รองโฆษกประจำสำนักนายกรัฐมนตรีเปิดเผยว่า")
    'รองโฆษกประจำสำนักนายกรัฐมนตรี'
    """
    for m in _role_end_re().finditer(chunk):
        if m.start() >= 3:
            return chunk[: m.start()]
    return chunk


def thai_people(text: str) -> list[ThaiPerson]:
    """Titled people in a Thai text, first mention of each name only.

    >>> [(p.title, p.name, p.role) for p in thai_people("โดยนายอนุทิน ชาญวีรกูล รองนายกรัฐมนตรี กล่าว")]
    [('นาย', 'อนุทิน ชาญวีรกูล', 'รองนายกรัฐมนตรี')]
    """
    seen: set[str] = set()
    found = []
    for m in _thai_person_re().finditer(text):
        title, given, surname, role = m.group(1), m.group(2), m.group(3), thai_role(m.group(4) or "")
        surname = re.sub(r"\s+", " ", surname)
        name = f"{given} {surname}"
        if name in seen:
            continue
        seen.add(name)
        spaced = text[m.start(1) + len(title) : m.start(2)]
        found.append(ThaiPerson(title + spaced, name, role, m.start(), m.end(3)))
    return found


_ROLE_AFTER = re.compile(
    r"^\s*,\s*((?:the\s+)?[A-Z][^,;:()\n]{2,90}?)(?=\s*(?:,|\.\s|;|\(|\n|$| said| says| stated| told| revealed"
    r"| explained| noted| added| announced| expressed| presided| chaired| led| attended| joined| welcomed| disclosed))"
)
_ROLE_BEFORE = re.compile(r"((?:(?:[A-Z][\w’'.-]*|of|the|and|for|to|in|on)\s+){1,14})$")
_CONNECTOR = r"(?:of|the|and|for|to|in|on|The)"
_POSSESSIVE = re.compile(r"['’]s$")


def role_before(text: str) -> str:
    """The capitalised phrase that ends `text` ("... disclosed that Prime Minister and Minister of Finance "),
    without leading connectors, trailing titles, or anything before a sentence end.

    >>> role_before("disclosed that Prime Minister and Defense Minister Gen. ")
    'Prime Minister and Defense Minister'
    """
    m = _ROLE_BEFORE.search(text if text.endswith(" ") else text + " ")
    if not m:
        return ""
    role = m.group(1).strip()
    titles = [t for t in english_titles() if "." in t]  # "Secretary General" ends a role, "Gen." a title
    changed = True
    while changed and role:
        changed = False
        for title in titles:
            if role == title or role.endswith(" " + title):
                role = role[: -len(title)].rstrip()
                changed = True
                break
    parts = re.split(r"(?<=[a-z])\.(?:\s+|$)", role)  # "Thailand. Government Spokesperson": the sentence before ends
    role = parts[-1].strip()
    role = re.sub(rf"^(?:{_CONNECTOR}\s+)+", "", role)
    role = re.sub(rf"(?:\s+{_CONNECTOR})+$", "", role)
    return role if role[:1].isupper() else ""


def english_people(text: str) -> list[EnglishPerson]:
    """Candidate people in an English text: runs of 2-9 capitalised words, with title and role if printed
    (the role itself is a candidate too: alignment with a Thai name decides).

    >>> [(p.title, p.name, p.role) for p in english_people("Mr. Anutin Charnvirakul, Deputy Prime Minister, said")][0]
    ('Mr.', 'Anutin Charnvirakul', 'Deputy Prime Minister')
    """
    found = []
    for m in _english_person_re().finditer(text):
        title, name = (m.group(1) or "").strip(), _POSSESSIVE.sub("", m.group(2))
        after = _ROLE_AFTER.match(text[m.end() : m.end() + 200])
        after_role = after.group(1).strip() if after else ""
        before = text[max(0, m.start() - 160) : m.start()]
        role = role_before(before) or after_role
        found.append(EnglishPerson(title, name, role, m.start(), before, after_role))
    return found


@functools.cache
def _letters() -> dict[str, tuple[str, str, str]]:
    return {
        r["thai"]: (r["initial"], r["final"], r["kind"]) for r in read_tsv(corpus_file("archive", "thai_letters.tsv"))
    }


@functools.lru_cache(maxsize=200000)
def rough_romanize(word: str) -> str:
    """A letter-by-letter romanisation (`corpora/archive/thai_letters.tsv`), only for scoring closeness.

    A consonant after a vowel and before another consonant (or the end) closes the syllable and takes its
    final form; ์ silences the letter before it; a leading vowel (เ แ โ ใ ไ) is read after its consonant.

    >>> rough_romanize("ไตรสรณกุล")
    'tairsrnkul'
    """
    letters = _letters()
    out: list[str] = []
    pending = ""
    after_vowel = False
    chars = [c for c in word if c in letters and letters[c][2] != "mark"]
    for i, ch in enumerate(chars):
        initial, final, kind = letters[ch]
        nxt = letters[chars[i + 1]][2] if i + 1 < len(chars) else ""
        if kind == "silent":
            if out:
                out.pop()
            continue
        if kind == "leading_vowel":
            pending = initial
            after_vowel = False
            continue
        if kind == "consonant":
            closes = after_vowel and nxt in ("consonant", "leading_vowel", "")
            out.append(final if closes else initial)
            if pending:
                out.append(pending)
                pending, after_vowel = "", True
            else:
                after_vowel = False
            continue
        out.append(initial)
        after_vowel = True
    return "".join(out)


_SKELETON_DROP = re.compile(r"[aeiouyhw]")


def _skeleton(latin: str) -> str:
    """Consonants only, with spellings that vary between romanisations merged (j/ch, g/k, v/w)."""
    latin = latin.replace("ch", "c").replace("j", "c").replace("g", "k").replace("v", "w").replace("q", "k")
    return _SKELETON_DROP.sub("", latin)


def _part_similarity(thai: str, english: str) -> float:
    english = re.sub(r"[^a-z]", "", english.lower())
    rough = rough_romanize(thai.replace(" ", ""))
    if not english or not rough:
        return 0.0
    full = difflib.SequenceMatcher(None, rough, english).ratio()
    a, b = _skeleton(rough), _skeleton(english)
    skeleton = difflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0
    return (full + skeleton) / 2


def name_similarity(thai_name: str, english_name: str) -> float:
    """Similarity (0..1) of a Thai "given surname" and an English "Given Surname", part by part.

    >>> name_similarity("อนุทิน ชาญวีรกูล", "Anutin Charnvirakul") > 0.7
    True
    >>> name_similarity("อนุทิน ชาญวีรกูล", "Prayut Chan-o-cha") < 0.5
    True
    """
    th = thai_name.split(" ", 1)
    en = english_name.split()
    if len(th) != 2 or len(en) < 2:
        return 0.0
    en_given, en_surname = en[0], "".join(en[1:])
    th_given, th_surname = th[0], th[1].replace(" ", "")
    given = _part_similarity(th_given, en_given)
    if given < PART_MIN:
        return given / 2
    surname = _part_similarity(th_surname, en_surname)
    if surname < PART_MIN:
        return (given + surname) / 2 * 0.8
    return (given + surname) / 2


def align_people(thai: list[ThaiPerson], english: list[EnglishPerson], minimum: float = ALIGN_MIN) -> list[Alignment]:
    """Best-first one-to-one alignment of Thai and English people above `minimum` similarity."""
    options = []
    for t in thai:
        for e in english:
            # a run of capitalised words may hold the name plus a role word: try every two-or-more-word window
            words = e.name.split()
            for i in range(len(words) - 1):
                for j in range(i + 2, len(words) + 1):
                    window = " ".join(words[i:j])
                    score = name_similarity(t.name, window)
                    if score >= minimum:
                        # a window inside the run: the words before it belong to the role
                        # ("Minister of Public Health Anutin ...", "Deputy Government Spokesperson Traisulee ...")
                        role = e.role if i == 0 else role_before(e.before + " ".join(words[:i]))
                        if not role and j == len(words):
                            role = e.role_after
                        options.append(
                            (score, t, EnglishPerson(e.title if i == 0 else "", window, role, e.start, e.before))
                        )
    options.sort(key=lambda o: (-o[0], o[1].start, o[2].start))
    used_th: set[str] = set()
    used_en: set[str] = set()
    out = []
    for score, t, e in options:
        if t.name in used_th or e.name in used_en:
            continue
        used_th.add(t.name)
        used_en.add(e.name)
        out.append(Alignment(t, e, score))
    return out


SECOND_MIN = 0.60  # second pass: a lower floor for a mutual best match among the people left unaligned
SECOND_MARGIN = 0.08  # ... ahead of every other option of either side by at least this much


def align_more(thai: list[ThaiPerson], english: list[EnglishPerson], minimum: float = ALIGN_MIN) -> list[Alignment]:
    """`align_people`, then a second pass over the people it left: a Thai name and a two- or three-word English
    window still free align below `minimum` (down to SECOND_MIN) when each is the other's best option by
    SECOND_MARGIN (names printed in both releases whose romanisation is far from the official spelling:
    "Parnpree Bahiddha-Nukara", "Audrey Azoulay")."""
    first = align_people(thai, english, minimum)
    used_th = {a.thai.name for a in first}
    used_en = [a.english.name for a in first]
    options: dict[tuple[str, str], tuple[float, ThaiPerson, EnglishPerson]] = {}
    for t in thai:
        if t.name in used_th:
            continue
        for e in english:
            words = e.name.split()
            for i in range(len(words) - 1):
                for j in range(i + 2, min(len(words), i + 3) + 1):
                    window = " ".join(words[i:j])
                    if any(window in u or u in window for u in used_en):
                        continue
                    score = name_similarity(t.name, window)
                    if score >= 0.3:
                        role = e.role if i == 0 else role_before(e.before + " ".join(words[:i]))
                        person = EnglishPerson(e.title if i == 0 else "", window, role, e.start, e.before)
                        options[(t.name, window)] = max(
                            options.get((t.name, window), (0.0, t, person)), (score, t, person), key=lambda o: o[0]
                        )
    out = list(first)
    for (th, window), (score, t, e) in sorted(options.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if score < SECOND_MIN or score >= minimum:
            continue
        rivals = [
            o[0]
            for (a, b), o in options.items()
            if (a == th and b != window and b not in window and window not in b) or (b == window and a != th)
        ]
        if all(score - r >= SECOND_MARGIN for r in rivals):
            out.append(Alignment(t, e, score))
    return out


def name_overlap(en_text: str, th_text: str) -> tuple[float, list[str]]:
    """Share of the Thai release's people (at most the first 12) aligned with a name in the English text."""
    thai = thai_people(th_text[:20000])[:12]
    if not thai:
        return 0.0, []
    aligned = align_people(thai, english_people(en_text[:20000]))
    return len(aligned) / len(thai), [f"{a.thai.name}={a.english.name}" for a in aligned]
