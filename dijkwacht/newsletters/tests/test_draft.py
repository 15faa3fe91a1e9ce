"""The draft's text and the editor's Markdown as HTML: pure, no database."""

import datetime

from dijkwacht.newsletters import draft

DAY = datetime.date(2026, 11, 2)


def _digest(**parts):
    return draft.Digest(
        newsletter="Nieuwsbrief",
        number=3,
        since=DAY,
        until=DAY + datetime.timedelta(days=42),
        **parts,
    )


def test_each_kind_of_news_has_its_section_in_order():
    text = draft.compose(
        _digest(
            programmes=[
                draft.ProgrammeChanges(
                    "Plan 2026",
                    [draft.Change("Integriteitsbeleid", "Almelo", "gepland", "in uitvoering")],
                )
            ],
            held=[
                draft.Held(
                    "Workshop",
                    DAY,
                    DAY + datetime.timedelta(days=28),
                    2,
                    31,
                    ["nieuwe medewerkers"],
                )
            ],
            coming=[draft.Coming(DAY + datetime.timedelta(days=50), "Congres", "activiteit")],
            sources=[draft.Source("Vergunningenregister", "Enschede")],
            rounds=[
                draft.RoundThreads(
                    "Zelfscan 2026",
                    DAY,
                    [
                        draft.Thread("Coördinator aangewezen", 7, 12),
                        draft.Thread("Beleid", None, None),
                    ],
                )
            ],
        )
    )
    headings = [line for line in text.splitlines() if line.startswith("# ")]
    assert headings == [
        "# Voortgang van Plan 2026",
        "# Gehouden bijeenkomsten",
        "# Rode draden van Zelfscan 2026",
        "# Nieuwe informatiebronnen",
        "# Wat komt",
    ]
    assert "- **Integriteitsbeleid** (Almelo): gepland → in uitvoering" in text
    assert "2 bijeenkomsten, 31 deelnemers" in text
    assert "1. Coördinator aangewezen: 7 van 12 organisaties voldoen er niet aan" in text
    # A small count is not given, not even as a number.
    assert "1. Beleid: enkele organisaties voldoen er niet aan" in text
    assert str(draft.OPENING) in text
    assert "niets vastgelegd" not in text


def test_names_typed_by_people_stay_names():
    text = draft.compose(
        _digest(sources=[draft.Source("*Bron* [x](javascript:alert(1))\n# kop", "1. Gemeente_A")])
    )
    html = draft.to_html(text.split("# ", 1)[1])
    assert "<em>" not in html and "<a " not in html and "<h2>kop" not in html
    assert "*Bron* [x](javascript:alert(1)) # kop" in html
    assert "(1. Gemeente_A)" in html


def test_a_long_section_is_cut_and_says_how_much_more():
    held = [draft.Held(f"Sessie {n}", DAY, DAY, 1, n) for n in range(draft.MAX_LINES + 5)]
    text = draft.compose(_digest(held=held))
    assert f"Sessie {draft.MAX_LINES - 1}" in text
    assert f"Sessie {draft.MAX_LINES}**" not in text
    assert "en nog 5" in text


def test_an_empty_period_says_so():
    text = draft.compose(_digest())
    assert "Er is sinds het vorige nummer niets vastgelegd in Dijkwacht." in text
    assert "2 november 2026" in text and "14 december 2026" in text


def test_the_editors_markdown_never_runs_html_and_headings_go_one_level_down():
    html = draft.to_html(
        "# Kop\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1)) "
        "[site](https://example.test)\n\n- **vet**\n"
    )
    assert "<h2>Kop</h2>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<a href="https://example.test">site</a>' in html
    assert "<li><strong>vet</strong></li>" in html
