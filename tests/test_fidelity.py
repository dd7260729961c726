"""Every fact the data must hold, each checked against the source line it comes from.

Each test first asserts that the source document says what the test claims (so the test
names its evidence), then that the embedded data holds exactly that.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import DECK, KS_PAGE, fee_table, seed_line
from vikentool.catalog import Catalog, Item


def item(catalog: Catalog, item_id: str) -> Item:
    found = [i for i in catalog.items() if i.id == item_id]
    assert len(found) == 1, item_id
    return found[0]


def record(catalog: Catalog, record_id: str) -> Any:
    found = catalog.record(record_id)
    assert found is not None, record_id
    return found


def test_every_record_names_its_document_and_place(catalog: Catalog) -> None:
    for record_id in catalog.ids():
        rec = record(catalog, record_id)
        source = getattr(rec, "source", None)
        if source is None:  # nested milestones inherit their parent's source via the item
            source = item(catalog, record_id).source
        assert source.document in (DECK, KS_PAGE), record_id
        assert source.location.strip(), record_id


def test_inferred_years_are_flagged_and_written_years_are_not(catalog: Catalog) -> None:
    for i in catalog.items():
        written = i.date.as_written
        has_year = any(str(y) in written for y in (2020, 2021, 2022))
        if i.date.year_inferred:
            assert not has_year, f"{i.id}: year is written, so it is not inferred"
        elif i.date.is_dated:
            assert has_year, f"{i.id}: year not written but not marked inferred"


# --- the deck: schemes with deadlines -----------------------------------------------------


def test_bio_is_one_scheme_with_its_terms(catalog: Catalog) -> None:
    assert "Tilskudd til kompetanseheving og BIO" in seed_line(DECK, 256)
    assert "inntil kr. 700 000" in seed_line(DECK, 273)
    assert "Søknadsfrist 1. mars 2021" in seed_line(DECK, 282)
    assert "Kompetanseheving og bedriftsintern opplæring (for" in seed_line(DECK, 316)
    bio = [s for s in catalog.schemes if "BIO" in s.name or "bedriftsintern" in s.name.lower()]
    assert [s.id for s in bio] == ["bio"], "named twice in the deck, but one scheme"
    scheme = bio[0]
    assert scheme.max_per_applicant is not None and scheme.max_per_applicant.nok == 700_000
    audience = " ".join(scheme.audience)
    assert "Covid-19" in audience and "ansatte" in audience and "Viken" in audience
    assert "Datasikkerhet" in scheme.purposes and len(scheme.purposes) == 6
    deadlines = [i for i in catalog.items() if i.scheme is scheme]
    assert [(d.kind, d.date.earliest) for d in deadlines] == [
        ("application_deadline", date(2021, 3, 1))
    ]
    assert deadlines[0].date.as_written == "Søknadsfrist 1. mars 2021"
    assert not deadlines[0].date.year_inferred


def test_landbruksmidler_1_march(catalog: Catalog) -> None:
    assert "Søknadsfrist 1. mars" in seed_line(DECK, 313)
    assert "Landbruksmidler (RK og RT)" in seed_line(DECK, 314)
    d = item(catalog, "landbruksmidler-soknadsfrist-2021")
    assert d.scheme is not None and d.scheme.name == "Landbruksmidler (RK og RT)"
    assert d.date.day == "2021-03-01" and d.date.year_inferred
    assert "Side 21" in d.source.location


@pytest.mark.parametrize(
    ("scheme_id", "line", "name", "nok"),
    [
        ("naering-og-innovasjon-i-viken", 305, "Næring og innovasjon i Viken", 24_000_000),
        ("kulturarvopplevelser", 307, "KulturArvOpplevelser", 3_600_000),
        (
            "naeringsutvikling-i-distriktskommuner",
            309,
            "Næringsutvikling i distriktskommuner",
            3_000_000,
        ),
    ],
)
def test_the_three_12_april_schemes(
    catalog: Catalog, scheme_id: str, line: int, name: str, nok: int
) -> None:
    assert "Søknadsfrist 12. april" in seed_line(DECK, 304)
    assert name in seed_line(DECK, line)
    scheme = catalog.scheme(scheme_id)
    assert scheme is not None and scheme.name == name
    assert scheme.budget is not None and scheme.budget.nok == nok
    d = item(catalog, f"{scheme_id}-soknadsfrist-2021")
    assert d.kind == "application_deadline"
    assert (d.date.earliest, d.date.latest) == (date(2021, 4, 12), date(2021, 4, 12))


def test_kulturarvopplevelser_announced_1_march_contact_knut(catalog: Catalog) -> None:
    assert "Lyses også ut 1. mars" in seed_line(DECK, 490)
    assert "Knut Fossgard, knutfo@viken.no" in seed_line(DECK, 492)
    announced = item(catalog, "kulturarvopplevelser-utlysning-2021")
    assert announced.kind == "announcement" and announced.date.day == "2021-03-01"
    deadline = item(catalog, "kulturarvopplevelser-soknadsfrist-2021")
    assert [(c.name, c.email) for c in deadline.contacts] == [("Knut Fossgard", "knutfo@viken.no")]


def test_distriktskommuner_only_district_municipalities_contact_mette(catalog: Catalog) -> None:
    assert "Kun" in seed_line(DECK, 477) and "distriktskommunene i Viken" in seed_line(DECK, 479)
    assert "Lyses ut 1. mars" in seed_line(DECK, 481)
    assert "Mette Thielemann, mettethi@viken.no" in seed_line(DECK, 483)
    scheme = catalog.scheme("naeringsutvikling-i-distriktskommuner")
    assert scheme is not None and any("distriktskommunene" in a for a in scheme.audience)
    announced = item(catalog, "naeringsutvikling-i-distriktskommuner-utlysning-2021")
    assert announced.kind == "announcement" and announced.date.day == "2021-03-01"
    deadline = item(catalog, "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021")
    assert [(c.name, c.email) for c in deadline.contacts] == [
        ("Mette Thielemann", "mettethi@viken.no")
    ]


def test_klyngesatsing_span_stays_tentative(catalog: Catalog) -> None:
    assert "Klyngesatsing i Viken (8 mill) – 10.-15.mai ?" in seed_line(DECK, 321)
    scheme = catalog.scheme("klyngesatsing-i-viken")
    assert scheme is not None and scheme.budget is not None and scheme.budget.nok == 8_000_000
    d = item(catalog, "klyngesatsing-i-viken-soknadsfrist-2021")
    assert d.date.as_written == "10.-15.mai ?"
    assert d.date.form == "span" and d.date.tentative
    assert (d.date.earliest, d.date.latest) == (date(2021, 5, 10), date(2021, 5, 15))


def test_forregion_has_no_date(catalog: Catalog) -> None:
    assert "FORREGION (for bedrifter) – knyttet til kompetansemeglere" in seed_line(DECK, 323)
    d = item(catalog, "forregion-soknadsfrist")
    assert d.date.form == "unknown" and d.date.earliest is None and d.date.latest is None
    scheme = catalog.scheme("forregion")
    assert scheme is not None and "bedrifter" in scheme.audience
    assert any("kompetansemeglere" in n for n in scheme.notes)


def test_rff_two_deadlines(catalog: Catalog) -> None:
    assert "Kvalifiseringsprosjekter 1.mai" in seed_line(DECK, 327)
    assert "Hovedprosjekter – til juni eller sept." in seed_line(DECK, 329)
    kval = item(catalog, "rff-kvalifiseringsprosjekter-soknadsfrist-2021")
    assert kval.date.day == "2021-05-01" and kval.date.year_inferred
    hoved = item(catalog, "rff-hovedprosjekter-soknadsfrist-2021")
    assert hoved.date.as_written == "Hovedprosjekter – til juni eller sept."
    assert hoved.date.form == "alternatives"
    assert hoved.date.ranges == (
        (date(2021, 6, 1), date(2021, 6, 30)),
        (date(2021, 9, 1), date(2021, 9, 30)),
    )


def test_reiselivsordningen_passed_1_february(catalog: Catalog) -> None:
    assert "Reiselivsordningen" in seed_line(DECK, 331)
    assert "destinasjonsselskapene er allerede forbi (1.febr.)" in seed_line(DECK, 333)
    d = item(catalog, "reiselivsordningen-soknadsfrist-2021")
    assert d.date.day == "2021-02-01" and d.date.as_written == "allerede forbi (1.febr.)"
    scheme = catalog.scheme("reiselivsordningen")
    assert scheme is not None and "destinasjonsselskapene" in (scheme.description or "")


# --- the deck: announced schemes without a deadline ------------------------------------------


def test_naeringsutvikling_og_innovasjon_lyses_ut_snart(catalog: Catalog) -> None:
    assert "Lyses ut i løpet av kort tid – viken.no/næringsutvikling." in seed_line(DECK, 295)
    scheme = catalog.scheme("stotteordning-naeringsutvikling-og-innovasjon")
    assert scheme is not None and scheme.url == "viken.no/næringsutvikling"
    d = item(catalog, "stotteordning-naeringsutvikling-og-innovasjon-utlysning")
    assert d.date.form == "unknown" and "i løpet av kort tid" in d.date.as_written


def test_klynger_guidelines_in_march(catalog: Catalog) -> None:
    assert "Fylkestinget vil gi nærmere føringer på sitt møte i mars" in seed_line(DECK, 298)
    d = item(catalog, "stotteordning-for-klynger-foringer-2021")
    assert d.date.form == "month" and d.date.month == "2021-03"


def test_bygdemiljopakker_with_link(catalog: Catalog) -> None:
    link = seed_line(DECK, 363)
    scheme = catalog.scheme("bygdemiljopakker")
    assert scheme is not None and scheme.url == link
    assert "Side 24" in scheme.source.location


def test_culture_schemes(catalog: Catalog) -> None:
    assert "idrett, friluftsliv og frivillighet" in seed_line(DECK, 105)
    assert "Arrangementsstøtte til større arrangementer" in seed_line(DECK, 108)
    assert seed_line(DECK, 109).startswith("‒ Regionale tiltak innen fysisk aktivitet")
    for scheme_id in ("arrangementsstotte", "regionale-tiltak-idrett-friluftsliv-frivillighet"):
        scheme = catalog.scheme(scheme_id)
        assert scheme is not None and "frivillighet" in (scheme.description or "")
        d = item(catalog, f"{scheme_id}-utlysning")
        assert d.kind == "announcement" and d.date.form == "unknown"


def test_kompetansepilot(catalog: Catalog) -> None:
    assert "treårig søknadsbasert tilskuddsordning" in seed_line(DECK, 384)
    assert "Prosjektet vil ha 2 arbeidspakker" in seed_line(DECK, 406)
    assert "gamle Buskerud" in seed_line(DECK, 403)
    scheme = catalog.scheme("kompetansepilot")
    assert scheme is not None
    assert "Treårig" in (scheme.description or "") and "KMD" in (scheme.description or "")
    assert sum("Arbeidspakke" in n for n in scheme.notes) == 2
    assert any("gamle Buskerud" in a for a in scheme.audience)


# --- the deck: hearings ---------------------------------------------------------------------


def test_nou_2020_12_reply_sent_is_not_a_deadline(catalog: Catalog) -> None:
    assert "NOU 2020:12" in seed_line(DECK, 343)
    assert "sendt 28. januar" in seed_line(DECK, 344)
    hearing = record(catalog, "nou-2020-12")
    assert hearing.committee == "Distriktsnæringsutvalget"
    d = item(catalog, "nou-2020-12-horingssvar-sendt")
    assert d.kind == "hearing_reply" and d.date.day == "2021-01-28"


def test_nou_2020_15_deadline_26_march(catalog: Catalog) -> None:
    assert "NOU 2020:15 Det handler om Norge" in seed_line(DECK, 347)
    assert "høringsfrist 26. mars" in seed_line(DECK, 349)
    assert record(catalog, "nou-2020-15").committee == "Demografiutvalget"
    d = item(catalog, "nou-2020-15-horingsfrist")
    assert d.kind == "hearing_deadline" and d.date.day == "2021-03-26" and d.date.year_inferred


def test_strategies_input_deadline_1_march(catalog: Catalog) -> None:
    assert "Strategier for småbyer, kyst, fjell og innland" in seed_line(DECK, 351)
    assert "frist for innspill 1. mars" in seed_line(DECK, 352)
    d = item(catalog, "strategier-smabyer-kyst-fjell-innland-innspillsfrist")
    assert d.kind == "hearing_deadline" and d.date.day == "2021-03-01"


# --- the deck: plans --------------------------------------------------------------------------


def test_planstrategi_adopted_18_december_2020(catalog: Catalog) -> None:
    assert "vedtatt" in seed_line(DECK, 16) and "18. desember 2020" in seed_line(DECK, 17)
    d = item(catalog, "regional-planstrategi-vedtatt")
    assert d.date.day == "2020-12-18" and not d.date.year_inferred


def test_one_planprogram_for_three_plans_each_with_handlingsprogram(catalog: Catalog) -> None:
    assert "ett felles planprogram for alle de tre planene" in seed_line(DECK, 62)
    assert seed_line(DECK, 55) == seed_line(DECK, 57) == seed_line(DECK, 59) == "Handlingsprogram"
    programme = record(catalog, "felles-planprogram")
    plans = [record(catalog, pid) for pid in programme.related]
    assert [p.title for p in plans] == [
        "Regional plan for økt livskvalitet, deltakelse og likeverd",
        "Regional plan for kompetanse og verdiskaping",
        "Regional plan for areal og mobilitet",
    ]
    assert all(p.followed_by == "Handlingsprogram" for p in plans)
    assert len(programme.points) == 5 and "Behovet for utredninger" in programme.points


def test_planprogram_to_fylkestinget_then_hearing_june_to_september(catalog: Catalog) -> None:
    assert "politisk behandling" in seed_line(DECK, 67) and "fylkestinget" in seed_line(DECK, 69)
    assert "høring juni til september" in seed_line(DECK, 71)
    council = item(catalog, "felles-planprogram-fylkestinget")
    assert council.date.form == "unknown"
    hearing = item(catalog, "felles-planprogram-horing")
    assert hearing.date.form == "span" and hearing.date.year_inferred
    assert (hearing.date.earliest, hearing.date.latest) == (date(2021, 6, 1), date(2021, 9, 30))


def test_landbruksstrategi(catalog: Catalog) -> None:
    line = seed_line(DECK, 459)
    assert "juni evt. sept." in line and "april-ish" in line
    assert "revideres i 2022" in seed_line(DECK, 461)
    hearing = item(catalog, "landbruksstrategi-horing")
    assert hearing.date.form == "month" and hearing.date.tentative
    assert hearing.date.month == "2021-04" and "april-ish" in hearing.date.as_written
    council = item(catalog, "landbruksstrategi-fylkestinget")
    assert council.date.form == "alternatives" and council.date.either == ["2021-06", "2021-09"]
    strategy = record(catalog, "landbruksstrategi")
    assert strategy.related == ["regional-plan-naeringsutvikling-landbruket"]
    revision = item(catalog, "regional-plan-naeringsutvikling-landbruket-revisjon")
    assert revision.date.form == "year" and revision.date.year == 2022


def test_etablerertjeneste_2022(catalog: Catalog) -> None:
    assert "I 2022 skal det være en regionalisert og harmonisert etablerertjeneste" in seed_line(
        DECK, 426
    )
    d = item(catalog, "etablerertjeneste-i-hele-viken-2022")
    assert d.date.form == "year" and d.date.year == 2022


def test_temastrategier_2021(catalog: Catalog) -> None:
    assert "Det vil i 2021 bli utarbeidet temastrategier for:" in seed_line(DECK, 117)
    topics = [seed_line(DECK, n).split(". ", 1)[1].strip() for n in (118, 119, 120)]
    assert topics == ["Kunst og kultur", "Frivillighet", "Bibliotekutvikling"]
    titles = [p.title for p in catalog.plans if p.kind == "temastrategi"]
    assert titles == [f"Temastrategi for {t.lower()}" for t in topics]


def test_partnership_agreements_sak_19_21(catalog: Catalog) -> None:
    assert "sak 19/21" in seed_line(DECK, 127)
    agreement = record(catalog, "partnerskapsavtaler-kommuneregionene")
    assert agreement.case_number == "sak 19/21" and agreement.kind == "partnerskapsavtale"


@pytest.mark.parametrize(
    ("contact_id", "line", "section_line"),
    [("anne-wold", 174, 171), ("oyvind-michelsen", 202, 200), ("janne-buhaug", 226, 223)],
)
def test_section_leaders(catalog: Catalog, contact_id: str, line: int, section_line: int) -> None:
    contact = catalog.contact(contact_id)
    assert seed_line(DECK, line) == f"Leder: {contact.name}"
    assert contact.section is not None
    assert contact.section.startswith(seed_line(DECK, section_line).strip())


# --- the KS page -------------------------------------------------------------------------------


def test_network_organiser_goal_contact(catalog: Catalog) -> None:
    assert "Gustav Weiberg-Aurdal KS Viken Mob: 93457137 e-post: gwa@ks.no" in seed_line(KS_PAGE, 3)
    assert seed_line(KS_PAGE, 9) == "Administrativ og politisk ledelse i kommuner i Viken"
    assert "Viken fylkeskommune vil være en bidragsyter" in seed_line(KS_PAGE, 32)
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    assert network.organiser == "KS Viken" and network.contributors == ["Viken fylkeskommune"]
    assert network.target_group == seed_line(KS_PAGE, 9)
    assert network.goal and "økt eierskap for næringsutvikling" in network.goal
    gustav = catalog.contact(network.contacts[0])
    assert (gustav.name, gustav.phone, gustav.email) == (
        "Gustav Weiberg-Aurdal",
        "93457137",
        "gwa@ks.no",
    )


def test_four_sessions_first_on_3_march_2022_digital(catalog: Catalog) -> None:
    assert "torsdag 03. mars 2022 kl 09.00 - 12.00" in seed_line(KS_PAGE, 36)
    assert "digitalt" in seed_line(KS_PAGE, 36)
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    assert [s.number for s in network.sessions] == [1, 2, 3, 4]
    first = network.sessions[0]
    assert first.date.day == "2022-03-03" and first.date.times == ("09:00", "12:00")
    assert first.mode == "digitalt"
    assert all(s.date is None for s in network.sessions[1:]), "the others have no date"


def test_session_topics_follow_the_table_columns(catalog: Catalog) -> None:
    assert seed_line(KS_PAGE, 47) == "Samling 1 Samling 2 Samling 3 Samling 4"
    rows = [seed_line(KS_PAGE, n) for n in range(48, 53)]
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    topics = [t for s in network.sessions for t in s.topics]
    assert len(topics) == 5 + 4 + 3 + 2
    flattened = " ".join(" ".join(r.split()) for r in rows)
    for topic in topics:
        assert topic in flattened, topic
    # Each table row holds at most one cell per session, left to right.
    for row in rows:
        cells = [(s.number, t) for s in network.sessions for t in s.topics if t in row]
        positions = [row.index(t) for _, t in cells]
        assert [n for n, _ in cells] == sorted(n for n, _ in cells)
        assert positions == sorted(positions)
        assert len({n for n, _ in cells}) == len(cells)


def test_theme_day_recommended_at_the_start(catalog: Catalog) -> None:
    assert "egen temadag med sine folkevalgte" in seed_line(KS_PAGE, 30)
    theme = record(catalog, "temadag-folkevalgte")
    assert "folkevalgte" in theme.description and "i starten" in (theme.timing or "")


@pytest.mark.parametrize(
    ("line", "low", "high", "fee"),
    [
        (57, 1, 5000, 11625),
        (58, 5001, 7500, 14125),
        (59, 7501, 10000, 21750),
        (60, 10001, 15000, 28250),
        (61, 15001, 20000, 34625),
        (62, 20001, 30000, 42250),
        (63, 30001, 40000, 47375),
        (64, 40001, None, 55000),
    ],
)
def test_fee_brackets(catalog: Catalog, line: int, low: int, high: int | None, fee: int) -> None:
    written = seed_line(KS_PAGE, line).strip()
    assert f"{fee // 1000}.{fee % 1000:03d}" in written
    brackets = fee_table(catalog).brackets
    matching = [b for b in brackets if b.min == low]
    assert len(matching) == 1
    assert (matching[0].max, matching[0].fee_nok, matching[0].as_written) == (high, fee, written)


def test_fee_is_one_off_and_travel_comes_on_top(catalog: Catalog) -> None:
    assert "engangssum" in seed_line(KS_PAGE, 56)
    assert "reise- og oppholdsutgifter" in seed_line(KS_PAGE, 66)
    table = fee_table(catalog)
    assert table.one_off and table.note and "reise- og oppholdsutgifter" in table.note
