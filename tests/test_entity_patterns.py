"""Organisation and place rules (pipeline/entities/rules.py, corpora/lexicons/entity_patterns.toml):
each rule with an example it must find and a counter-example it must leave alone."""

import pytest

from pipeline.entities.patterns import entity_patterns
from pipeline.entities.rules import adjust_span, false_alarm, find_pattern_entities


def tokens_of(text: str) -> list[tuple[int, int, str]]:
    from pipeline.tokens import word_tokenize

    out, pos = [], 0
    for word in word_tokenize(text):
        out.append((pos, pos + len(word), word))
        pos += len(word)
    assert pos == len(text)
    return out


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.rule) for s in find_pattern_entities(text, tokens_of(text), **kwargs)]


def test_abbreviation_and_dot_glued_to_a_name():
    assert ("ธ.กรุงไทย", "abbreviated_head") in found("ลูกค้าโอนเงินผ่าน ธ.กรุงไทย ได้ทันที")
    assert ("ม.ขอนแก่น", "abbreviated_head") in found("นักวิจัย ม.ขอนแก่น ร่วมพัฒนา")
    # a known body's name ends where the known name ends, not at the verb glued to it
    known = {"ธนาคารกรุงไทย"}.__contains__
    assert ("ธ.กรุงไทย", "abbreviated_head") in found("ธ.กรุงไทยแจ้งลูกค้า", is_known=known)
    # hospitals and schools are places (ThaiNER's FACILITY)
    text = "ส่งตัวไป รพ.ศิริราช ทันที"
    assert [s.label for s in find_pattern_entities(text, tokens_of(text))] == ["LOCATION"]


def test_an_unknown_name_after_an_abbreviation_that_runs_on_into_a_verb_is_left_alone():
    assert not [f for f in found("ก.วิทย์หนุน IoT") if f[1] == "abbreviated_head"]


@pytest.mark.parametrize("text", ["ผู้ประกันตน ม.33 ได้รับสิทธิ", "ธ.ก.ส. ปล่อยสินเชื่อ", "วันที่ 5 ม.ค. 2567", "นักเรียนชั้น ม.ปลาย"])
def test_no_abbreviated_head_in_section_numbers_multi_dot_abbreviations_months_or_common_words(text):
    assert not [f for f in found(text, is_common_word=lambda w: w == "ปลาย") if f[1] == "abbreviated_head"]


def test_numbered_units_of_armed_forces_and_ministries():
    assert ("กองพลทหารราบที่ 9", "numbered_unit") in found("กำลังพลจากกองพลทหารราบที่ 9 เข้าช่วยเหลือ")
    assert ("กลุ่มส่งเสริมสหกรณ์ 4", "numbered_unit") in found("ผู้อำนวยการกลุ่มส่งเสริมสหกรณ์ 4 ให้การต้อนรับ")
    assert ("มณฑลทหารบกที่ 32", "numbered_unit") in found("ณ มณฑลทหารบกที่ 32 จังหวัดลำปาง")


def test_a_count_after_a_unit_word_is_no_unit_number():
    assert not [f for f in found("จัดตั้งกองพัน 3 แห่งในพื้นที่") if f[1] == "numbered_unit"]


def test_missions_abroad_with_their_city():
    assert ("สถานเอกอัครราชทูตไทย ณ กรุงโตเกียว", "mission") in found("สถานเอกอัครราชทูตไทย ณ กรุงโตเกียว จัดงาน")
    known = "ประเทศไทย"

    def place_end(pos, text="เยือนสถานเอกอัครราชทูตจีนประจำประเทศไทย เมื่อ"):
        return pos + len(known) if text.startswith(known, pos) else -1

    assert ("สถานเอกอัครราชทูตจีนประจำประเทศไทย", "mission") in found(
        "เยือนสถานเอกอัครราชทูตจีนประจำประเทศไทย เมื่อ", place_end=place_end
    )


def test_an_embassy_of_no_named_place_is_no_mission():
    assert not found("ตรวจสอบกับสถานเอกอัครราชทูตประเทศปลายทาง ก่อนเดินทาง")


def test_community_enterprises_funds_and_cooperatives():
    assert ("วิสาหกิจชุมชนกลุ่มมังคุดคุณภาพบ้านฉาน", "named_body") in found("ตรวจเยี่ยมวิสาหกิจชุมชนกลุ่มมังคุดคุณภาพบ้านฉาน จ.ชุมพร")
    assert ("สหกรณ์การเกษตรเมืองพาน จำกัด", "named_body") in found("ณ สหกรณ์การเกษตรเมืองพาน จำกัด อำเภอพาน")
    # the name ends before a cut word glued to it
    assert ("วิสาหกิจชุมชนบ้านนาดี", "named_body") in found("มอบให้วิสาหกิจชุมชนบ้านนาดีได้รับรางวัล")


@pytest.mark.parametrize(
    "text", ["สนับสนุนวิสาหกิจชุมชนต่างๆ ในพื้นที่", "สหกรณ์และกลุ่มเกษตรกร", "สหกรณ์ตามพระราชดำริ", "ขายกองทุนเกลี้ยงบัญชี"]
)
def test_a_body_word_with_no_name_after_it_is_no_body(text):
    assert not [f for f in found(text) if f[1] == "named_body"]


def test_bodies_whose_name_ends_national_or_with_a_place():
    assert ("กองทุนการออมแห่งชาติ", "national_body") in found("สมาชิกกองทุนการออมแห่งชาติได้รับเงิน")

    def place_end(pos, text="สมาชิกสมาคมการค้าเสรีแห่งยุโรปหรือ"):
        return pos + 5 if text.startswith("ยุโรป", pos) else -1

    assert ("สมาคมการค้าเสรีแห่งยุโรป", "national_body") in found("สมาชิกสมาคมการค้าเสรีแห่งยุโรปหรือ", place_end=place_end)
    assert not [f for f in found("สมาคมจัดงานแห่งนี้") if f[1] == "national_body"]  # แห่งนี้: "this place"


def test_latin_company_names_after_company_words():
    assert ("บริษัท InnoSpace (ประเทศไทย) จำกัด", "latin_company") in found("CEO บริษัท InnoSpace (ประเทศไทย) จำกัด ร่วมหารือ")
    assert ("กลุ่ม CP", "latin_company") in found("ผู้บริหารกลุ่ม CP เข้าพบ")


def test_latin_words_after_company_words_that_are_no_company():
    assert not [f for f in found("ส่งเสริมกลุ่ม SMEs และกลุ่ม OTOP") if f[1] == "latin_company"]


def test_latin_names_in_a_list_of_companies():
    names = [
        f[0]
        for f in found("ร่วมกับบริษัทชั้นนำ เช่น Google, Microsoft และ Amazon Web Services เพื่อพัฒนา")
        if f[1] == "company_list"
    ]
    assert names == ["Google", "Microsoft", "Amazon Web Services"]
    assert not [f for f in found("บริษัทชั้นนำ เช่น ปตท. และ ซีพี") if f[1] == "company_list"]


def test_organisations_extend_over_unit_numbers_suffixes_and_glued_names():
    text = "ดำเนินการโดยสำนักงานทางหลวงชนบทที่ 1 (ปทุมธานี)"
    start = text.index("สำนักงาน")
    end = start + len("สำนักงานทางหลวงชนบท")
    assert text[slice(*adjust_span(text, start, end, "ORGANIZATION", tokens_of(text)))] == "สำนักงานทางหลวงชนบทที่ 1"
    text = "ประชุมมูลนิธิภูบดินทร์ ในพระบรมราชูปถัมภ์ ณ"
    start = text.index("มูลนิธิ")
    assert (
        text[slice(*adjust_span(text, start, start + len("มูลนิธิภูบดินทร์"), "ORGANIZATION", tokens_of(text)))]
        == "มูลนิธิภูบดินทร์ ในพระบรมราชูปถัมภ์"
    )
    text = "ประชุมคณะกรรมการอาหารนมเพื่อเด็กและเยาวชน ครั้งที่ 2"
    start = text.index("คณะ")
    adjusted = adjust_span(text, start, start + len("คณะกรรมการอาหารนมเพื่อเด็ก"), "ORGANIZATION", tokens_of(text))
    assert text[slice(*adjusted)] == "คณะกรรมการอาหารนมเพื่อเด็กและเยาวชน"


def test_an_organisation_followed_by_a_count_or_a_verb_keeps_its_bounds():
    text = "กระทรวงแรงงานที่ 2 แห่ง"  # a count, not a unit number
    assert adjust_span(text, 0, len("กระทรวงแรงงาน"), "ORGANIZATION", tokens_of(text)) is None
    text = "กระทรวงแรงงานเร่งตรวจสอบ"  # a ministry's name does not run on over the verb
    assert adjust_span(text, 0, len("กระทรวงแรงงาน"), "ORGANIZATION", tokens_of(text)) is None


def test_a_name_glued_to_a_phone_number_leaves_it_out():
    assert adjust_span("บริเวณซอยลาดพร้าว 109 ไม่ไกล", 6, 22, "LOCATION", []) is None  # a place keeps its number
    text = "ติดต่อศูนย์ดำรงธรรม 1567 ได้ตลอด"
    start = text.index("ศูนย์")
    assert text[slice(*adjust_span(text, start, start + len("ศูนย์ดำรงธรรม 1567"), "ORGANIZATION", []))] == "ศูนย์ดำรงธรรม"
    unit = "กองพลทหารราบที่ 9"
    assert adjust_span(unit, 0, len(unit), "ORGANIZATION", []) is None


@pytest.mark.parametrize(
    "text, surface, label, reason",
    [
        ("ร่วมกับมหาวิทยาลัยต่างๆ ทั่วประเทศ", "มหาวิทยาลัยต่างๆ", "ORGANIZATION", "generic"),
        ("ร่วมกับกระทรวงกลาโหมมิตรประเทศ", "กระทรวงกลาโหม", "ORGANIZATION", "generic"),
        ("ครม.อนุมัติงบประมาณ", "ครม.", "ORGANIZATION", "not_entity"),
        ("ติดต่อ อปท. ในพื้นที่", "อปท.", "ORGANIZATION", "not_entity"),
        ("ฟื้นฟูภาคการท่องเที่ยว", "ภาคการท่องเที่ยว", "ORGANIZATION", "sector"),
        ("ร่วมโครงการหลวงเพื่อเกษตรกร", "โครงการหลวง", "ORGANIZATION", "programme"),
        ("ลงนามความตกลงหุ้นส่วนทางเศรษฐกิจระดับภูมิภาค", "ความตกลงหุ้นส่วนทางเศรษฐกิจระดับภูมิภาค", "ORGANIZATION", "agreement"),
        ("เจรจา FTA ไทย-เอฟต้า", "FTA ไทย", "ORGANIZATION", "agreement"),
        ("ห้องประชุม ชั้น 9 อาคาร", "ชั้น 9", "LOCATION", "floor"),
    ],
)
def test_false_alarms(text, surface, label, reason):
    start = text.index(surface)
    assert false_alarm(text, start, start + len(surface), label) == reason


@pytest.mark.parametrize(
    "text, surface, label",
    [
        ("ร่วมกับมหาวิทยาลัยมหิดล", "มหาวิทยาลัยมหิดล", "ORGANIZATION"),
        ("ร่วมกับกระทรวงกลาโหม และภาคเอกชน", "กระทรวงกลาโหม", "ORGANIZATION"),
        ("เดินทางไปภาคเหนือ", "ภาคเหนือ", "LOCATION"),
        ("สมาชิกสมาคมการค้าเสรีแห่งยุโรป", "สมาคมการค้าเสรีแห่งยุโรป", "ORGANIZATION"),
        ("สมาชิก EFTA ร่วม", "EFTA", "ORGANIZATION"),
        ("ประกาศคณะกรรมการอาหารนม", "คณะกรรมการอาหารนม", "ORGANIZATION"),
        ("ณ จังหวัดระนองในพื้นที่", "จังหวัดระนอง", "LOCATION"),
    ],
)
def test_names_that_are_no_false_alarm(text, surface, label):
    start = text.index(surface)
    assert false_alarm(text, start, start + len(surface), label) is None


def test_the_pattern_lists_have_no_duplicates_and_no_empty_words():
    def lists(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from lists(value)
        elif isinstance(node, list):
            yield node

    for words in lists(entity_patterns()):
        assert all(w and w == w.strip() for w in words)
        assert len(words) == len(set(words))


def test_the_pipeline_uses_the_rules():
    from pipeline.language import load

    doc = load()("ครม.อนุมัติ ให้วิสาหกิจชุมชนบ้านนาดีได้รับรางวัล ร่วมกับสถานเอกอัครราชทูตไทย ณ กรุงโตเกียว")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("วิสาหกิจชุมชนบ้านนาดี", "ORGANIZATION") in ents
    assert ("สถานเอกอัครราชทูตไทย ณ กรุงโตเกียว", "ORGANIZATION") in ents
    assert not any(e.text == "ครม." for e in doc.ents)


def test_a_role_used_as_a_title_stays_outside_the_name_but_a_title_stays_inside():
    from pipeline.language import load

    ents = {(e.text, e.label_) for e in load()("รมว.ชัยวุฒิ ประธานการประชุม โดยมีนายสมชาย ใจดี เข้าร่วม").ents}
    assert ("ชัยวุฒิ", "PERSON") in ents
    assert ("นายสมชาย ใจดี", "PERSON") in ents
    assert not any(e.label_ == "PERSON" and e.text == "ดีอี" for e in load()("รมว.ดีอี เยือนโรงเรียน").ents)


def test_a_foundation_whose_name_runs_over_spaces_up_to_its_patronage_ending():
    text = "ร่วมกับมูลนิธิราชทัณฑ์ปันสุข ทำความดี เพื่อชาติ ศาสน์ กษัตริย์ ในพระบรมราชูปถัมภ์ โดยนายอภัย"
    assert (
        "มูลนิธิราชทัณฑ์ปันสุข ทำความดี เพื่อชาติ ศาสน์ กษัตริย์ ในพระบรมราชูปถัมภ์",
        "spaced_body",
    ) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "มูลนิธิชัยพัฒนา มอบ โรงเรียนจิตรลดา ในพระบรมราชูปถัมภ์",  # a verb and a school between: two names
        "สมาคมแม่บ้านทหารบก ร่วมกับ สภากาชาดไทย ในพระบรมราชูปถัมภ์",
        "มูลนิธิราชทัณฑ์ปันสุข ทำความดี เพื่อชาติ",  # no patronage ending: where the name stops is unknown
    ],
)
def test_no_spaced_foundation_across_a_verb_or_another_body_or_without_an_ending(text):
    assert not [f for f in found(text) if f[1] == "spaced_body"]


def test_an_organisation_extends_over_its_glued_tail_up_to_its_english_name_in_brackets():
    text = "หารือกับนายกสมาคมผู้ประกอบธุรกิจเงินร่วมลงทุน (Thai Venture Capital) และ"
    start = text.index("สมาคม")
    adjusted = adjust_span(text, start, start + len("สมาคมผู้ประกอบธุรกิจ"), "ORGANIZATION", tokens_of(text))
    assert text[slice(*adjusted)] == "สมาคมผู้ประกอบธุรกิจเงินร่วมลงทุน"
    # counter-example: a tail that starts with a verb is no part of the name
    text = "กองทุนพัฒนาฝีมือแรงงานแจ้งว่า (ABC) ดี"
    assert adjust_span(text, 0, len("กองทุนพัฒนาฝีมือแรงงาน"), "ORGANIZATION", tokens_of(text)) is None


def test_an_english_name_in_brackets_after_an_organisation_is_one_too():
    from pipeline.language import load

    ents = {(e.text, e.label_) for e in load()("ผู้บริหาร เครือเจริญโภคภัณฑ์ (CP Group) เป็นผู้รับมอบ").ents}
    assert ("CP Group", "ORGANIZATION") in ents
    # counter-example: Latin words in brackets after no organisation are left alone
    ents = {(e.text, e.label_) for e in load()("ใช้เทคโนโลยีใหม่ (Smart Farming) ในการเพาะปลูก").ents}
    assert ("Smart Farming", "ORGANIZATION") not in ents


def test_a_role_abbreviation_before_a_known_place_is_outside_the_place_and_no_organisation():
    from pipeline.language import load

    ents = {(e.text, e.label_) for e in load()("ออท.สหรัฐอเมริกา(สหรัฐฯ)/ไทย เข้าเยี่ยมคำนับ").ents}
    assert ("สหรัฐอเมริกา", "LOCATION") in ents
    ents = load()("นายเอ ออท.ญี่ปุ่นประจำประเทศไทย").ents
    assert not any(e.label_ == "ORGANIZATION" and e.text.startswith("ออท.") for e in ents)
    assert ("ญี่ปุ่น", "LOCATION") in {(e.text, e.label_) for e in ents}  # the CRF glued role and country
    # counter-example: after the role, a body (no known place) is not made a place
    ents = load()("ออท.กระทรวงการต่างประเทศ เข้าร่วม").ents
    assert not any(e.label_ == "LOCATION" for e in ents)
    # counter-example: a person's name after a role stays a person, without the role
    ents = {(e.text, e.label_) for e in load()("รมว.ชัยวุฒิ ประธานการประชุม").ents}
    assert ("ชัยวุฒิ", "PERSON") in ents


def test_money_needs_a_digit_or_a_currency_word():
    assert false_alarm("ออท.สหรัฐฯ/ไทย เข้าเยี่ยม", 4, 14, "MONEY") == "not_money"
    assert false_alarm("มูลค่าแสนล้านบาท", 6, 16, "MONEY") is None
    assert false_alarm("มูลค่า 500 ล้าน", 7, 15, "MONEY") is None


def test_a_building_named_in_latin_script_is_a_place():
    assert ("อาคาร True IDC", "latin_facility") in found("บีโอไอ ร่วมพิธีเปิดอาคาร True IDC พร้อมมอบบัตร")
    # counter-examples: the company itself, and a building known by a number
    assert not [f for f in found("ผู้บริหารบริษัท True IDC กล่าว") if f[1] == "latin_facility"]
    assert not [f for f in found("ณ ห้องประชุม อาคาร 606 สำนักพระราชวัง") if f[1] == "latin_facility"]


def test_a_full_name_before_or_and_a_known_short_name():
    known = {"บีโอไอ"}.__contains__
    text = "นายนฤตม์ รองเลขาธิการคณะกรรมการส่งเสริมการลงทุน หรือ บีโอไอ กล่าว"
    assert ("คณะกรรมการส่งเสริมการลงทุน", "aliased_body") in found(text, is_known=known)
    # counter-examples: no head word before the link, or an unknown word after it
    assert not [f for f in found("ให้ความรู้แก่ประชาชนในพื้นที่ หรือ บีโอไอ", is_known=known) if f[1] == "aliased_body"]
    text = "คณะกรรมการส่งเสริมการลงทุน หรือ ใครก็ได้"
    assert not [f for f in found(text, is_known=known) if f[1] == "aliased_body"]


def test_a_body_that_is_a_whole_hashtag_is_kept_but_a_place_inside_a_slogan_hashtag_is_not():
    text = "#กระทรวงดิจิทัล #กระทรวงดีอี\n#สื่อสารรัฐบาลไทย #ไทยคู่ฟ้า"
    start = text.index("กระทรวงดีอี")
    assert false_alarm(text, start, start + len("กระทรวงดีอี"), "ORGANIZATION") is None
    start = text.index("ไทย #")
    assert false_alarm(text, start, start + 3, "LOCATION") == "programme"
    start = text.index("ไทยคู่ฟ้า")
    assert false_alarm(text, start, start + len("ไทยคู่ฟ้า"), "ORGANIZATION") == "programme"


def test_a_province_that_is_an_everyday_word_needs_more_than_the_gazetteer():
    from pipeline.language import load

    doc = load()("ไม่รู้สึกกังวลใจเลยว่าน้ำจะท่วม")
    assert not any(e.label_ == "LOCATION" for e in doc.ents)
    # counter-example: with its province word it is the province
    ents = {(e.text, e.label_) for e in load()("เดินทางไปจังหวัดเลย และ จ.เลย").ents}
    assert {("จังหวัดเลย", "LOCATION"), ("จ.เลย", "LOCATION")} <= ents


def test_a_titled_name_wins_over_a_crf_name_that_stops_inside_it():
    from pipeline.entities.components import _cuts_short
    from pipeline.language import load

    nlp = load()
    doc = nlp.make_doc("ประชุม นายเหลยซื่อเชียน ผู้อำนวยการ")
    rule = doc.char_span(7, 23, label="PERSON")
    crf = [doc.char_span(7, 14, label="PERSON")]
    assert _cuts_short(rule, crf, [s.start for s in crf])
    # counter-example: the rest begins with a function word (the rule ran on into a verb)
    doc = nlp.make_doc("นายสมชายกล่าวว่า ผู้อำนวยการ")
    rule = doc.char_span(0, 16, label="PERSON")
    crf = [doc.char_span(0, 8, label="PERSON")]
    assert not _cuts_short(rule, crf, [s.start for s in crf])
