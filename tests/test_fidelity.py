"""Every fact the data must hold, and the source line it comes from.

Each fact has two tests side by side:

- ``test_<fact>`` checks the embedded data against the fact itself (its dates, amounts and
  names) and against the document's own wording in ``as_written``. It runs from any clone.
- ``test_<fact>_source`` checks that the source document says what the first one claims, so
  each fact names its evidence, and compares the data with that line where the data copies
  it. It reads the documents from the folder ``$VIKEN_SOURCES`` names; unset, it is skipped
  (set but wrong, it fails). See ``source_line`` in conftest.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import DECK, KS_PAGE, fee_table, source_document, source_line
from vikentool.domain.catalog import Catalog, Item


def item(catalog: Catalog, item_id: str) -> Item:
    found = [i for i in catalog.items if i.id == item_id]
    assert len(found) == 1, item_id
    return found[0]


def record(catalog: Catalog, record_id: str) -> Any:
    found = catalog.record(record_id)
    assert found is not None, record_id
    return found


def test_the_source_documents_are_there() -> None:
    for document in (DECK, KS_PAGE):
        assert source_document(document), f"{document} is empty"


def test_every_record_names_its_document_and_place(catalog: Catalog) -> None:
    for record_id in catalog.ids():
        rec = record(catalog, record_id)
        if record_id in {d.id for d in catalog.documents}:
            assert rec.file in (DECK, KS_PAGE), record_id
            continue
        source = getattr(rec, "source", None)
        if source is None:  # nested milestones inherit their parent's source via the item
            source = item(catalog, record_id).source
        document = catalog.document(source.document)
        assert document is not None and document.file in (DECK, KS_PAGE), record_id
        assert source.location.strip(), record_id


def test_every_dated_item_names_its_line(catalog: Catalog) -> None:
    # viken extract's recall and precision are measured against these lines.
    assert catalog.items
    for i in catalog.items:
        assert i.source.line is not None, f"{i.id}: no source line"


def test_each_items_line_holds_its_words(catalog: Catalog) -> None:
    """The words of each item's date stand on its source line or just around it; a heading
    whose date governs a list stands above its items, at most six lines up in the deck."""
    from vikentool.query.text import fold

    for i in catalog.items:
        document = catalog.document(i.source.document)
        assert document is not None and document.file and i.source.line
        lines = source_document(document.file)
        start = max(0, i.source.line - 7)
        around = fold(" ".join(" ".join(lines[start : i.source.line + 3]).split()))
        words = fold(" ".join(i.date.as_written.split())).rstrip(".…")
        assert words in around, (i.id, i.source.line, words)


def test_inferred_years_are_flagged_and_written_years_are_not(catalog: Catalog) -> None:
    for i in catalog.items:
        written = i.date.as_written
        has_year = any(str(y) in written for y in (2020, 2021, 2022))
        if i.date.year_inferred:
            assert not has_year, f"{i.id}: year is written, so it is not inferred"
        elif i.date.is_dated:
            assert has_year, f"{i.id}: year not written but not marked inferred"


# --- the deck: schemes with deadlines -----------------------------------------------------


def test_bio_is_one_scheme_with_its_terms(catalog: Catalog) -> None:
    bio = [s for s in catalog.schemes if "BIO" in s.name or "bedriftsintern" in s.name.lower()]
    assert [s.id for s in bio] == ["bio"], "named twice in the deck, but one scheme"
    scheme = bio[0]
    assert scheme.max_per_applicant is not None and scheme.max_per_applicant.nok == 700_000
    assert scheme.max_per_applicant.as_written == "inntil kr. 700 000,-"
    audience = " ".join(scheme.audience)
    assert "Covid-19" in audience and "ansatte" in audience and "Viken" in audience
    assert "Datasikkerhet" in scheme.purposes and len(scheme.purposes) == 6
    deadlines = [i for i in catalog.items if i.scheme is scheme]
    assert [(d.kind, d.date.earliest) for d in deadlines] == [
        ("application_deadline", date(2021, 3, 1))
    ]
    assert deadlines[0].date.as_written == "Søknadsfrist 1. mars 2021"
    assert not deadlines[0].date.year_inferred


def test_bio_is_one_scheme_with_its_terms_source() -> None:
    assert "Tilskudd til kompetanseheving og BIO" in source_line(DECK, 256)
    assert "inntil kr. 700 000" in source_line(DECK, 273)
    assert "Søknadsfrist 1. mars 2021" in source_line(DECK, 282)
    assert "Kompetanseheving og bedriftsintern opplæring (for" in source_line(DECK, 316)


def test_landbruksmidler_1_march(catalog: Catalog) -> None:
    d = item(catalog, "landbruksmidler-soknadsfrist-2021")
    assert d.scheme is not None and d.scheme.name == "Landbruksmidler (RK og RT)"
    assert d.date.day == "2021-03-01" and d.date.year_inferred
    assert d.date.as_written == "Søknadsfrist 1. mars"
    assert "Side 21" in d.source.location


def test_landbruksmidler_1_march_source() -> None:
    assert "Søknadsfrist 1. mars" in source_line(DECK, 313)
    assert "Landbruksmidler (RK og RT)" in source_line(DECK, 314)


@pytest.mark.parametrize(
    ("scheme_id", "name", "nok"),
    [
        ("naering-og-innovasjon-i-viken", "Næring og innovasjon i Viken", 24_000_000),
        ("kulturarvopplevelser", "KulturArvOpplevelser", 3_600_000),
        (
            "naeringsutvikling-i-distriktskommuner",
            "Næringsutvikling i distriktskommuner",
            3_000_000,
        ),
    ],
)
def test_the_three_12_april_schemes(catalog: Catalog, scheme_id: str, name: str, nok: int) -> None:
    scheme = catalog.scheme(scheme_id)
    assert scheme is not None and scheme.name == name
    assert scheme.budget is not None and scheme.budget.nok == nok
    d = item(catalog, f"{scheme_id}-soknadsfrist-2021")
    assert d.kind == "application_deadline"
    assert (d.date.earliest, d.date.latest) == (date(2021, 4, 12), date(2021, 4, 12))
    assert d.date.as_written == "Søknadsfrist 12. april"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (305, "Næring og innovasjon i Viken"),
        (307, "KulturArvOpplevelser"),
        (309, "Næringsutvikling i distriktskommuner"),
    ],
)
def test_the_three_12_april_schemes_source(line: int, name: str) -> None:
    assert "Søknadsfrist 12. april" in source_line(DECK, 304)
    assert name in source_line(DECK, line)


def test_kulturarvopplevelser_announced_1_march_contact_knut(catalog: Catalog) -> None:
    announced = item(catalog, "kulturarvopplevelser-utlysning-2021")
    assert announced.kind == "announcement" and announced.date.day == "2021-03-01"
    assert announced.date.as_written == "Lyses også ut 1. mars."
    deadline = item(catalog, "kulturarvopplevelser-soknadsfrist-2021")
    assert [(c.name, c.email) for c in deadline.contacts] == [("Knut Fossgard", "knutfo@viken.no")]


def test_kulturarvopplevelser_announced_1_march_contact_knut_source() -> None:
    assert "Lyses også ut 1. mars" in source_line(DECK, 490)
    assert "Knut Fossgard, knutfo@viken.no" in source_line(DECK, 492)


def test_distriktskommuner_only_district_municipalities_contact_mette(catalog: Catalog) -> None:
    scheme = catalog.scheme("naeringsutvikling-i-distriktskommuner")
    assert scheme is not None and any("distriktskommunene" in a for a in scheme.audience)
    announced = item(catalog, "naeringsutvikling-i-distriktskommuner-utlysning-2021")
    assert announced.kind == "announcement" and announced.date.day == "2021-03-01"
    assert announced.date.as_written == "Lyses ut 1. mars sammen med andre ordninger"
    deadline = item(catalog, "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021")
    assert [(c.name, c.email) for c in deadline.contacts] == [
        ("Mette Thielemann", "mettethi@viken.no")
    ]


def test_distriktskommuner_only_district_municipalities_contact_mette_source() -> None:
    assert "Kun" in source_line(DECK, 477)
    assert "distriktskommunene i Viken" in source_line(DECK, 479)
    assert "Lyses ut 1. mars" in source_line(DECK, 481)
    assert "Mette Thielemann, mettethi@viken.no" in source_line(DECK, 483)


def test_klyngesatsing_span_stays_tentative(catalog: Catalog) -> None:
    scheme = catalog.scheme("klyngesatsing-i-viken")
    assert scheme is not None and scheme.budget is not None and scheme.budget.nok == 8_000_000
    assert scheme.budget.as_written == "8 mill"
    d = item(catalog, "klyngesatsing-i-viken-soknadsfrist-2021")
    assert d.date.as_written == "10.-15.mai ?"
    assert d.date.form == "span" and d.date.tentative
    assert (d.date.earliest, d.date.latest) == (date(2021, 5, 10), date(2021, 5, 15))


def test_klyngesatsing_span_stays_tentative_source() -> None:
    assert "Klyngesatsing i Viken (8 mill) – 10.-15.mai ?" in source_line(DECK, 321)


def test_forregion_has_no_date(catalog: Catalog) -> None:
    d = item(catalog, "forregion-soknadsfrist")
    assert d.date.form == "unknown" and d.date.earliest is None and d.date.latest is None
    assert d.date.as_written == "FORREGION (for bedrifter) – knyttet til kompetansemeglere"
    scheme = catalog.scheme("forregion")
    assert scheme is not None and any("(for bedrifter)" in a for a in scheme.audience)
    assert any("kompetansemeglere" in n for n in scheme.notes)


def test_forregion_has_no_date_source() -> None:
    assert "FORREGION (for bedrifter) – knyttet til kompetansemeglere" in source_line(DECK, 323)


def test_rff_two_deadlines(catalog: Catalog) -> None:
    kval = item(catalog, "rff-kvalifiseringsprosjekter-soknadsfrist-2021")
    assert kval.date.day == "2021-05-01" and kval.date.year_inferred
    assert kval.date.as_written == "Kvalifiseringsprosjekter 1.mai"
    hoved = item(catalog, "rff-hovedprosjekter-soknadsfrist-2021")
    assert hoved.date.as_written == "Hovedprosjekter – til juni eller sept."
    assert hoved.date.form == "alternatives"
    assert hoved.date.ranges == (
        (date(2021, 6, 1), date(2021, 6, 30)),
        (date(2021, 9, 1), date(2021, 9, 30)),
    )


def test_rff_two_deadlines_source() -> None:
    assert "Kvalifiseringsprosjekter 1.mai" in source_line(DECK, 327)
    assert "Hovedprosjekter – til juni eller sept." in source_line(DECK, 329)


def test_reiselivsordningen_passed_1_february(catalog: Catalog) -> None:
    d = item(catalog, "reiselivsordningen-soknadsfrist-2021")
    assert d.date.day == "2021-02-01" and d.date.as_written == "allerede forbi (1.febr.)"
    scheme = catalog.scheme("reiselivsordningen")
    assert scheme is not None and "destinasjonsselskapene" in (scheme.description or "")


def test_reiselivsordningen_passed_1_february_source() -> None:
    assert "Reiselivsordningen" in source_line(DECK, 331)
    assert "destinasjonsselskapene er allerede forbi (1.febr.)" in source_line(DECK, 333)


# --- the deck: announced schemes without a deadline ------------------------------------------


def test_naeringsutvikling_og_innovasjon_lyses_ut_snart(catalog: Catalog) -> None:
    scheme = catalog.scheme("stotteordning-naeringsutvikling-og-innovasjon")
    assert scheme is not None and scheme.url == "viken.no/næringsutvikling"
    d = item(catalog, "stotteordning-naeringsutvikling-og-innovasjon-utlysning")
    assert d.date.form == "unknown" and "i løpet av kort tid" in d.date.as_written


def test_naeringsutvikling_og_innovasjon_lyses_ut_snart_source() -> None:
    assert "Lyses ut i løpet av kort tid – viken.no/næringsutvikling." in source_line(DECK, 295)


def test_klynger_guidelines_in_march(catalog: Catalog) -> None:
    d = item(catalog, "stotteordning-for-klynger-foringer-2021")
    assert d.date.form == "month" and d.date.month == "2021-03"
    assert d.date.as_written == "Fylkestinget vil gi nærmere føringer på sitt møte i mars"


def test_klynger_guidelines_in_march_source() -> None:
    assert "Fylkestinget vil gi nærmere føringer på sitt møte i mars" in source_line(DECK, 298)


BYGDEMILJOPAKKER_LINK = (
    "https://viken.no/aktuelt/oppstart-for-bygdemiljopakkene-onsker-tre-pilotkommuner.90087.aspx"
    "?fbclid=IwAR2M5wcylbiIM3dYg-1u2H1AOzgpIaALItGsv9he0uBOkcJTK5BQ71wdhco"
)


def test_bygdemiljopakker_with_link(catalog: Catalog) -> None:
    scheme = catalog.scheme("bygdemiljopakker")
    assert scheme is not None and scheme.url == BYGDEMILJOPAKKER_LINK
    assert "Side 24" in scheme.source.location


def test_bygdemiljopakker_with_link_source(catalog: Catalog) -> None:
    link = source_line(DECK, 363)
    assert link == BYGDEMILJOPAKKER_LINK
    scheme = catalog.scheme("bygdemiljopakker")
    assert scheme is not None and scheme.url == link


def test_culture_schemes(catalog: Catalog) -> None:
    for scheme_id in ("arrangementsstotte", "regionale-tiltak-idrett-friluftsliv-frivillighet"):
        scheme = catalog.scheme(scheme_id)
        assert scheme is not None and "frivillighet" in (scheme.description or "")
        d = item(catalog, f"{scheme_id}-utlysning")
        assert d.kind == "announcement" and d.date.form == "unknown"
        assert "idrett, friluftsliv og frivillighet" in d.date.as_written


def test_culture_schemes_source() -> None:
    assert "idrett, friluftsliv og frivillighet" in source_line(DECK, 105)
    assert "Arrangementsstøtte til større arrangementer" in source_line(DECK, 108)
    assert source_line(DECK, 109).startswith("‒ Regionale tiltak innen fysisk aktivitet")


def test_kompetansepilot(catalog: Catalog) -> None:
    scheme = catalog.scheme("kompetansepilot")
    assert scheme is not None
    assert "Treårig" in (scheme.description or "") and "KMD" in (scheme.description or "")
    assert sum("Arbeidspakke" in n for n in scheme.notes) == 2
    assert any("gamle Buskerud" in a for a in scheme.audience)


def test_kompetansepilot_source() -> None:
    assert "treårig søknadsbasert tilskuddsordning" in source_line(DECK, 384)
    assert "Prosjektet vil ha 2 arbeidspakker" in source_line(DECK, 406)
    assert "gamle Buskerud" in source_line(DECK, 403)


# --- the deck: hearings ---------------------------------------------------------------------


def test_nou_2020_12_reply_sent_is_not_a_deadline(catalog: Catalog) -> None:
    hearing = record(catalog, "nou-2020-12")
    assert hearing.committee == "Distriktsnæringsutvalget"
    d = item(catalog, "nou-2020-12-horingssvar-sendt")
    assert d.kind == "hearing_reply" and d.date.day == "2021-01-28"
    assert d.date.as_written == "Høringssvar fra Viken fylkeskommune sendt 28. januar 2021"


def test_nou_2020_12_reply_sent_is_not_a_deadline_source() -> None:
    assert "NOU 2020:12" in source_line(DECK, 343)
    assert "sendt 28. januar" in source_line(DECK, 344)


def test_nou_2020_15_deadline_26_march(catalog: Catalog) -> None:
    assert record(catalog, "nou-2020-15").committee == "Demografiutvalget"
    d = item(catalog, "nou-2020-15-horingsfrist")
    assert d.kind == "hearing_deadline" and d.date.day == "2021-03-26" and d.date.year_inferred
    assert d.date.as_written == "Pågående arbeid - høringsfrist 26. mars"


def test_nou_2020_15_deadline_26_march_source() -> None:
    assert "NOU 2020:15 Det handler om Norge" in source_line(DECK, 347)
    assert "høringsfrist 26. mars" in source_line(DECK, 349)


def test_strategies_input_deadline_1_march(catalog: Catalog) -> None:
    d = item(catalog, "strategier-smabyer-kyst-fjell-innland-innspillsfrist")
    assert d.kind == "hearing_deadline" and d.date.day == "2021-03-01"
    assert d.date.as_written == "Pågående arbeid – frist for innspill 1. mars"


def test_strategies_input_deadline_1_march_source() -> None:
    assert "Strategier for småbyer, kyst, fjell og innland" in source_line(DECK, 351)
    assert "frist for innspill 1. mars" in source_line(DECK, 352)


# --- the deck: plans --------------------------------------------------------------------------


def test_planstrategi_adopted_18_december_2020(catalog: Catalog) -> None:
    d = item(catalog, "regional-planstrategi-vedtatt")
    assert d.date.day == "2020-12-18" and not d.date.year_inferred
    assert d.date.as_written == "Den regionale planstrategien ble vedtatt 18. desember 2020"


def test_planstrategi_adopted_18_december_2020_source() -> None:
    assert "vedtatt" in source_line(DECK, 16) and "18. desember 2020" in source_line(DECK, 17)


def test_one_planprogram_for_three_plans_each_with_handlingsprogram(catalog: Catalog) -> None:
    programme = record(catalog, "felles-planprogram")
    plans = [record(catalog, pid) for pid in programme.related]
    assert [p.title for p in plans] == [
        "Regional plan for økt livskvalitet, deltakelse og likeverd",
        "Regional plan for kompetanse og verdiskaping",
        "Regional plan for areal og mobilitet",
    ]
    assert all(p.followed_by == "Handlingsprogram" for p in plans)
    assert len(programme.points) == 5 and "Behovet for utredninger" in programme.points


def test_one_planprogram_for_three_plans_each_with_handlingsprogram_source() -> None:
    assert "ett felles planprogram for alle de tre planene" in source_line(DECK, 62)
    assert (
        source_line(DECK, 55)
        == source_line(DECK, 57)
        == source_line(DECK, 59)
        == "Handlingsprogram"
    )


def test_planprogram_to_fylkestinget_then_hearing_june_to_september(catalog: Catalog) -> None:
    council = item(catalog, "felles-planprogram-fylkestinget")
    assert council.date.form == "unknown"
    assert council.date.as_written == (
        "Fylkesrådet ønsker politisk behandling av planprogrammet i fylkestinget"
    )
    hearing = item(catalog, "felles-planprogram-horing")
    assert hearing.date.form == "span" and hearing.date.year_inferred
    assert (hearing.date.earliest, hearing.date.latest) == (date(2021, 6, 1), date(2021, 9, 30))
    assert hearing.date.as_written == "Det betyr høring juni til september"


def test_planprogram_to_fylkestinget_then_hearing_june_to_september_source() -> None:
    assert "politisk behandling" in source_line(DECK, 67)
    assert "fylkestinget" in source_line(DECK, 69)
    assert "høring juni til september" in source_line(DECK, 71)


def test_landbruksstrategi(catalog: Catalog) -> None:
    hearing = item(catalog, "landbruksstrategi-horing")
    assert hearing.date.form == "month" and hearing.date.tentative
    assert hearing.date.month == "2021-04" and "april-ish" in hearing.date.as_written
    council = item(catalog, "landbruksstrategi-fylkestinget")
    assert council.date.form == "alternatives" and council.date.either == ["2021-06", "2021-09"]
    assert "juni evt. sept." in council.date.as_written
    strategy = record(catalog, "landbruksstrategi")
    assert strategy.related == ("regional-plan-naeringsutvikling-landbruket",)
    revision = item(catalog, "regional-plan-naeringsutvikling-landbruket-revisjon")
    assert revision.date.form == "year" and revision.date.year == 2022
    assert revision.date.as_written == "revideres i 2022"


def test_landbruksstrategi_source() -> None:
    line = source_line(DECK, 459)
    assert "juni evt. sept." in line and "april-ish" in line
    assert "revideres i 2022" in source_line(DECK, 461)


def test_etablerertjeneste_2022(catalog: Catalog) -> None:
    d = item(catalog, "etablerertjeneste-i-hele-viken-2022")
    assert d.date.form == "year" and d.date.year == 2022
    assert d.date.as_written.startswith(
        "I 2022 skal det være en regionalisert og harmonisert etablerertjeneste"
    )


def test_etablerertjeneste_2022_source() -> None:
    assert "I 2022 skal det være en regionalisert og harmonisert etablerertjeneste" in source_line(
        DECK, 426
    )


TEMASTRATEGI_TOPICS = ["Kunst og kultur", "Frivillighet", "Bibliotekutvikling"]


def test_temastrategier_2021(catalog: Catalog) -> None:
    titles = [p.title for p in catalog.plans if p.kind == "temastrategi"]
    assert titles == [f"Temastrategi for {t.lower()}" for t in TEMASTRATEGI_TOPICS]
    # The date is quoted from its one line of the deck; the topic is in the title, not
    # stitched onto the quote from the next line.
    for topic in TEMASTRATEGI_TOPICS:
        [item] = [
            i for i in catalog.items if i.title.startswith(f"Temastrategi for {topic.lower()}")
        ]
        assert item.date.form == "year" and item.date.year == 2021
        assert item.date.as_written == "Det vil i 2021 bli utarbeidet temastrategier for:"


def test_temastrategier_2021_source(catalog: Catalog) -> None:
    assert "Det vil i 2021 bli utarbeidet temastrategier for:" in source_line(DECK, 117)
    topics = [source_line(DECK, n).split(". ", 1)[1].strip() for n in (118, 119, 120)]
    assert topics == TEMASTRATEGI_TOPICS
    titles = [p.title for p in catalog.plans if p.kind == "temastrategi"]
    assert titles == [f"Temastrategi for {t.lower()}" for t in topics]


def test_partnership_agreements_sak_19_21(catalog: Catalog) -> None:
    agreement = record(catalog, "partnerskapsavtaler-kommuneregionene")
    assert agreement.case_number == "sak 19/21" and agreement.kind == "partnerskapsavtale"


def test_partnership_agreements_sak_19_21_source() -> None:
    assert "sak 19/21" in source_line(DECK, 127)


@pytest.mark.parametrize(
    ("contact_id", "name", "section"),
    [
        ("anne-wold", "Anne Wold", "Entreprenørskap og næringsrettet kompetanse"),
        ("oyvind-michelsen", "Øyvind Michelsen", "Forskning og innovasjon"),
        ("janne-buhaug", "Janne Buhaug", "Distrikts- og regional næringsutvikling"),
    ],
)
def test_section_leaders(catalog: Catalog, contact_id: str, name: str, section: str) -> None:
    contact = catalog.contact(contact_id)
    assert contact.name == name
    assert contact.section == section


@pytest.mark.parametrize(
    ("contact_id", "line", "section_line"),
    [("anne-wold", 174, 171), ("oyvind-michelsen", 202, 200), ("janne-buhaug", 226, 223)],
)
def test_section_leaders_source(
    catalog: Catalog, contact_id: str, line: int, section_line: int
) -> None:
    contact = catalog.contact(contact_id)
    assert source_line(DECK, line) == f"Leder: {contact.name}"
    assert contact.section is not None
    assert contact.section.startswith(source_line(DECK, section_line).strip())


# --- the KS page -------------------------------------------------------------------------------

TARGET_GROUP = "Administrativ og politisk ledelse i kommuner i Viken"


def test_network_organiser_goal_contact(catalog: Catalog) -> None:
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    assert network.organiser == "KS Viken" and network.contributors == ("Viken fylkeskommune",)
    assert network.target_group == TARGET_GROUP
    assert network.goal and "økt eierskap for næringsutvikling" in network.goal
    gustav = catalog.contact(network.contacts[0])
    assert (gustav.name, gustav.phone, gustav.email) == (
        "Gustav Weiberg-Aurdal",
        "93457137",
        "gwa@ks.no",
    )


def test_network_organiser_goal_contact_source(catalog: Catalog) -> None:
    assert "Gustav Weiberg-Aurdal KS Viken Mob: 93457137 e-post: gwa@ks.no" in source_line(
        KS_PAGE, 3
    )
    assert source_line(KS_PAGE, 9) == TARGET_GROUP
    assert "Viken fylkeskommune vil være en bidragsyter" in source_line(KS_PAGE, 32)
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    assert network.target_group == source_line(KS_PAGE, 9)


def test_four_sessions_first_on_3_march_2022_digital(catalog: Catalog) -> None:
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    assert [s.number for s in network.sessions] == [1, 2, 3, 4]
    first = network.sessions[0]
    assert first.date.day == "2022-03-03" and first.date.times == ("09:00", "12:00")
    assert "torsdag 03. mars 2022 kl 09.00 - 12.00" in first.date.as_written
    assert first.mode == "digitalt"
    assert all(s.date is None for s in network.sessions[1:]), "the others have no date"


def test_four_sessions_first_on_3_march_2022_digital_source() -> None:
    assert "torsdag 03. mars 2022 kl 09.00 - 12.00" in source_line(KS_PAGE, 36)
    assert "digitalt" in source_line(KS_PAGE, 36)


def test_session_topics_four_sessions_fourteen_topics(catalog: Catalog) -> None:
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    assert [len(s.topics) for s in network.sessions] == [5, 4, 3, 2]


def test_session_topics_follow_the_table_columns_source(catalog: Catalog) -> None:
    assert source_line(KS_PAGE, 47) == "Samling 1 Samling 2 Samling 3 Samling 4"
    rows = [source_line(KS_PAGE, n) for n in range(48, 53)]
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
    theme = record(catalog, "temadag-folkevalgte")
    assert "folkevalgte" in theme.description and "i starten" in (theme.timing or "")


def test_theme_day_recommended_at_the_start_source() -> None:
    assert "egen temadag med sine folkevalgte" in source_line(KS_PAGE, 30)


FEE_BRACKETS = [
    (57, 1, 5000, 11625),
    (58, 5001, 7500, 14125),
    (59, 7501, 10000, 21750),
    (60, 10001, 15000, 28250),
    (61, 15001, 20000, 34625),
    (62, 20001, 30000, 42250),
    (63, 30001, 40000, 47375),
    (64, 40001, None, 55000),
]


def written_fee(fee: int) -> str:
    """A fee as the page writes it: 11625 -> "11.625"."""
    return f"{fee // 1000}.{fee % 1000:03d}"


@pytest.mark.parametrize(("line", "low", "high", "fee"), FEE_BRACKETS)
def test_fee_brackets(catalog: Catalog, line: int, low: int, high: int | None, fee: int) -> None:
    brackets = fee_table(catalog).brackets
    matching = [b for b in brackets if b.min == low]
    assert len(matching) == 1
    assert (matching[0].max, matching[0].fee_nok) == (high, fee)
    assert f"kr: {written_fee(fee)}" in matching[0].as_written


@pytest.mark.parametrize(("line", "low", "high", "fee"), FEE_BRACKETS)
def test_fee_brackets_source(
    catalog: Catalog, line: int, low: int, high: int | None, fee: int
) -> None:
    written = source_line(KS_PAGE, line).strip()
    assert written_fee(fee) in written
    brackets = fee_table(catalog).brackets
    matching = [b for b in brackets if b.min == low]
    assert len(matching) == 1
    assert (matching[0].max, matching[0].fee_nok, matching[0].as_written) == (high, fee, written)


def test_fee_is_one_off_and_travel_comes_on_top(catalog: Catalog) -> None:
    table = fee_table(catalog)
    assert table.one_off and table.note and "reise- og oppholdsutgifter" in table.note


def test_fee_is_one_off_and_travel_comes_on_top_source() -> None:
    assert "engangssum" in source_line(KS_PAGE, 56)
    assert "reise- og oppholdsutgifter" in source_line(KS_PAGE, 66)


def test_corrections_of_the_second_reading(catalog: Catalog) -> None:
    landbruk = catalog.record("regional-plan-naeringsutvikling-landbruket")
    assert (
        landbruk is not None and landbruk.title == "Regional Plan for Næringsutvikling i Landbruket"
    )
    tiltak = item(catalog, "regionale-tiltak-idrett-friluftsliv-frivillighet-utlysning")
    assert "og midler til universell tilrettelegging" in tiltak.title
    session = catalog.record("samling-1")
    assert session is not None and "inference" in (session.source.note or "")
    network = record(catalog, "omstillingsdyktig-naeringsliv")
    assert network.notes == (
        "Oversikten er ikke fullstendig og relevante tema vil legges inn etter hvert.",
    )
    kmd = item(catalog, "nytt-innspill-kmd-2022")
    assert kmd.date.form == "year" and kmd.date.tentative
    assert kmd.date.as_written == "nytt innspill til KMD for 2022…"
    twins = {s.id: [link.scheme for link in s.possibly_same_as] for s in catalog.schemes}
    assert twins["stotteordning-for-klynger"] == ["klyngesatsing-i-viken"]
    assert twins["stotteordning-naeringsutvikling-og-innovasjon"] == [
        "naering-og-innovasjon-i-viken"
    ]
    assert sum(len(v) for v in twins.values()) == 2  # linked, never merged


def test_corrections_of_the_second_reading_source() -> None:
    assert "Regional Plan for Næringsutvikling i Landbruket" in source_line(DECK, 461)
    assert "midler til universell tilrettelegging" in source_line(DECK, 109)
    assert source_line(DECK, 372).startswith("nytt innspill til KMD for 2022")
    assert "Oversikten er ikke fullstendig" in source_line(KS_PAGE, 45)
    assert source_line(KS_PAGE, 36).startswith("Oppstart av nettverket er torsdag 03. mars 2022")
