"""The pages in Swedish (AppTest): `?lang=sv`, or the sidebar's Språk / Language choice, turns the converted
pages' words, numbers and chart titles Swedish (exact strings, from the crafted portfolio of app_fixtures);
English stays as it was (the other page tests are the English check)."""

from __future__ import annotations

import app_fixtures as fx
from test_app_pages import app, heatmap, run

NBSP = "\u00a0"


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_portfolio_in_swedish(filled):
    at = app("portfolio", query={"lang": "sv"})
    assert at.title[0].value == "Portfölj"
    assert tiles(at) == {
        "Kunder": "4",
        "Sålda licenser": "410",
        "Tilldelade": "saknas",
        "Aktiva användare": "333",
        "Distribution %": "saknas",
        "Användning %": f"81,2{NBSP}%",  # 333 / 410, as the English test counts by hand
        "Oanvända licenser": "92",
    }
    spec, _cells = heatmap(at)
    assert spec["title"]["text"] == "Portfölj: Användning %"
    assert spec["title"]["subtitle"] == [  # in lines that fit the narrowest window (charts.subtitle_lines)
        "senaste perioden · kunder 1–4 av 4, sämst användning först",
        "klicka på en cell för att öppna kunden",
    ]
    assert at.subheader[0].value == "Kunder"
    assert at.selectbox(key="sort").options == [
        "Sämst användning först",
        "Flest oanvända licenser",
        "Flest platser",
        "Namn",
        "Lägst hälsa först",
    ]
    assert [b.label for b in at.get("download_button")][:2] == ["PNG", "SVG"]
    csv_labels = [b.label for b in at.get("download_button") if b.label.startswith("CSV")]
    # md_text escapes the parentheses; Streamlit draws them plain
    assert csv_labels == ["CSV med denna tabell", r"CSV med dessa rader \(en per kund och arbetsbelastning\)"]


def test_the_sidebar_switches_the_language(filled):
    at = app("portfolio")
    assert at.title[0].value == "Portfolio"  # AppTest has no browser language: English
    swedish = run(at.sidebar.segmented_control(key="lang").set_value("sv"))
    assert swedish.title[0].value == "Portfölj"
    assert swedish.query_params["lang"] == "sv"
    assert [link.label for link in swedish.sidebar.get("page_link")] == [
        "Portfölj",
        "Kund",
        "Nästa steg",
        "Ladda upp",
        "Data",
        "Inställningar",
    ]
    assert swedish.sidebar.caption[0].value == r"2 filer · 4 kunder · 2026\-09 till 2026\-10"
    english = run(swedish.sidebar.segmented_control(key="lang").set_value("en"))
    assert english.title[0].value == "Portfolio"


def test_the_customer_page_in_swedish(filled):
    at = app("customer", query={"lang": "sv", "customer": fx.CONTOSO})
    assert at.title[0].value == "Kundinsikter"
    assert [s.value for s in at.subheader][:4] == [
        "Över tid",
        "Supportbelastning",
        "Rekommenderade åtgärder",
        "Kundrapport",
    ]
    assert tiles(at)["Användning %"] == f"75,0{NBSP}%"  # one Office 365 pool: its largest workload, Teams 150 of 200
    assert "**Låg användning, många oanvända licenser**" in [m.value for m in at.markdown]
    assert at.segmented_control(key="report_language").value == "sv"  # the report follows the pages' language
    labels = [b.label for b in at.get("download_button")]
    assert "Åtgärdsplan (utskrivbar)" in labels and "Rapport (PDF, Svenska)" in labels


def test_the_data_page_in_swedish(filled):
    at = app("data", query={"lang": "sv"})
    assert at.title[0].value == "Lagrade data"
    assert tiles(at) == {
        "Filer": "2",
        "Kunder": "4",
        "Behållna rader": "21",  # 16 Insights rows (8 customer-workloads, 2 months) and 5 tickets
        "Avvisade rader": "0",
        "Markerade dubbletter": "0",
    }
    assert "CSV med denna lista" in [b.label for b in at.get("download_button")]


def test_the_upload_page_in_swedish(store_path):
    at = app("upload", query={"lang": "sv"})
    assert at.title[0].value == "Ladda upp exporter"
    assert at.get("download_button")[0].label == "CSV-mall"
    assert at.info[0].value == (
        "Inget uppladdat i den här sessionen ännu. Tills du laddar upp visar portföljen det medföljande exemplet."
    )


def test_next_steps_in_swedish(filled):
    at = app("next_steps", query={"lang": "sv"})
    assert at.title[0].value == "Nästa steg"
    assert tiles(at) == {
        "Låg användning": "1",
        "Sjunkande": "0",
        "Hög supportlast": "1",
        "Merförsäljning": "2",  # short enough that the Problem pills fit 800 px
    }
    assert [s.value for s in at.subheader][:2] == ["Utskrivbar åtgärdsplan", "Veckans samtalslista"]


def test_settings_in_swedish(filled):
    at = app("settings", query={"lang": "sv"})
    assert at.title[0].value == "Inställningar"
    assert at.number_input[0].label == "Bedöm rader med minst så här många licenser"
    assert [s.value for s in at.subheader] == ["Priser", "Var saker finns"]


def test_next_steps_evidence_and_actions_in_swedish(filled):
    """The rules' sentences worded in Swedish (adoption.recommend's templates through the catalogue), numbers in
    Swedish form; the same rows, priorities and order as in English (tests/test_app_pages.py)."""
    at = app("next_steps", query={"lang": "sv"})
    table = at.dataframe[0].value
    rows = table[["problem", "priority", "evidence", "actions"]].values.tolist()
    assert [row[0] for row in rows] == [
        "Merförsäljning",
        "Låg användning",
        "Hög supportlast",
        "Merförsäljning",
    ]
    assert (
        rows[0][2] == f"lägsta användning 95,0{NBSP}%; antal arbetsbelastningar/produkter: 2; 60 licensierade användare"
    )
    assert rows[1][2] == f"Exchange: användning 20,0{NBSP}% (40 aktiva av 200)"
    assert rows[1][3] == (
        "Dela kundcase och kundberättelser om konkreta scenarier för Exchange; "
        "skicka guider, bloggar och videor som visar Exchange i det dagliga arbetet."
    )
    assert rows[2][2] == (
        "4 hjälp-/hur gör jag-ärenden under 30 dagar fram till 2026-10-28 = 8,0 per 100 licensierade användare (50)"
    )
    assert rows[2][3].startswith("Erbjud utbildning (på plats eller online)")


def test_swedish_downloads_have_swedish_names_and_headers(filled, downloads):
    """The file a Swedish user downloads is what they saw: a Swedish name, Swedish headers and problem labels,
    Swedish evidence; still UTF-8 with a BOM, still formula-safe. The printable plan is Swedish too."""
    import csv
    import io

    at = app("next_steps", query={"lang": "sv"})
    raw = downloads("nasta-steg-2026-10-28.csv")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert list(rows[0]) == [
        "Klient-id",
        "Kund",
        "Problem",
        "Prioritet",
        "EUR / månad",
        "Ny",
        "Underlag",
        "Åtgärder",
    ]
    assert [r["Problem"] for r in rows] == ["Merförsäljning", "Låg användning", "Hög supportlast", "Merförsäljning"]
    assert rows[1]["Underlag"] == f"Exchange: användning 20,0{NBSP}% (40 aktiva av 200)"
    run(at.selectbox[0].set_value(fx.FABRIKAM))
    plan = downloads("atgardsplan-fabrikam-ab-2026-10-28.html")
    assert "<h1>Åtgärdsplan: Fabrikam AB</h1>" in plan and "<h2>Hög användning: läge för merförsäljning</h2>" in plan
    assert "<th>Distribution %</th>" in plan and "Evidence" not in plan

    data = app("data", query={"lang": "sv"})
    assert "uppladdningar-default.csv" in downloads.names and "uppladdningar-default.xlsx" in downloads.names
    header = downloads("uppladdningar-default.csv").lstrip("\ufeff").splitlines()[0]
    assert header == (
        "Uppladdningsnummer,Fil,SHA-256,Typ,Perioder,Kunder,Behållna rader,Avvisade rader,"
        "Överhoppade som markerade dubbletter,Uppladdad"
    )
    assert data.title[0].value == "Lagrade data"


def display_values(table) -> dict[str, list]:
    """A table's display values (a Styler's: what the grid shows in place of the numbers), by column."""
    import pyarrow as pa

    styler = table.proto.arrow_data.styler
    return pa.ipc.open_stream(styler.display_values).read_all().to_pydict() if styler.display_values else {}


def test_table_numbers_are_swedish_whatever_the_browser(filled):
    """Streamlit's "localized" follows the browser, so Swedish tables carry Swedish display values (ui.lang.dataframe,
    a pandas Styler; the grid still sorts by the numbers); English tables carry none (the browser formats them)."""
    at = app("portfolio", query={"lang": "sv"})
    shown = display_values(at.dataframe[0])
    assert shown["customer_name"] == ["Contoso Ltd", "Adatum Corp", "Fabrikam AB", "Northwind Traders"]
    assert shown["worst"] == [f"20,0{NBSP}%", f"55,0{NBSP}%", f"90,0{NBSP}%", f"95,0{NBSP}%"]
    assert shown["market"] == ["Sverige"] * 4  # CLDR's Swedish name of the market the store keeps as "Sweden"
    assert at.dataframe[0].value["worst"].tolist() == [20.0, 55.0, 90.0, 95.0]  # the numbers themselves, to sort by
    ranked = app("next_steps", query={"lang": "sv"}).dataframe[0]
    assert display_values(ranked)["priority"] == ["60", "50", "50", "50"]
    assert display_values(app("portfolio").dataframe[0]) == {}  # English: the browser's locale, as before
