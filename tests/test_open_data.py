"""The open-data files beside each report: iati-activity.xml (IATI 2.03) and
activities.hxl.csv (HXL), built through the public command from the sample content.

The IATI file is validated with lxml against the official IATI 2.03 schema,
vendored in tests/data/iati-2.03 (see its README); the HXL file is read with
libhxl, as HXL tools read it. Their figures are compared with what the report
itself prints: report.html's progress table and activities table.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import hxl
import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from support import REPO, copy_sample, edit, run_build

pytestmark = pytest.mark.slow

SCHEMA = Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd"
PERIOD = "2023-Q2"
PERIODS = {"2023-Q2": "2023-04-01", "2023-Q3": "2023-07-01"}  # the sample's quarters, and their first days
EPOCH = "1700000000"
# the sample's one co-funded activity, given shares here: each report counts its part
SHARED = ("SINLEC22CA0031;SSITIP20GR0006,training,26,",
          "SINLEC22CA0031:40;SSITIP20GR0006:60,training,26,")


def _root(work: Path) -> Path:
    root = copy_sample(work / "root")
    edit(root, "content/activities.csv", *SHARED)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("open-data")
    root = _root(work)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for period in PERIODS:
            done = run_build("reports", "--period", period, "--root", root, "--out", work / "out")
            assert done.returncode == 0, done.stderr
            # the sample's consents hold two photos back from donor reports (test_consent_outputs)
            assert [line for line in done.stderr.splitlines() if "warning" in line
                    and "is left out of" not in line] == [], done.stderr
    everything = sorted((work / "out" / "reports").glob("*/2023-Q*"))
    return {"root": root, "work": work, "all": {f"{f.parent.name}/{f.name}": f for f in everything},
            "folders": {f.parent.name: f for f in everything if f.name == PERIOD}}


def _html(folder: Path) -> BeautifulSoup:
    return BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")


def _hxl_rows(folder: Path) -> list:
    # the csv module reads the file, libhxl its hashtag row and columns: libhxl opening the
    # file itself leaves it open (a ResourceWarning, an error here)
    with open(folder / "activities.hxl.csv", encoding="utf-8", newline="") as stream:
        return list(hxl.data(list(csv.reader(stream))))


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("\u202f", "").replace("\u00a0", ""))


def test_every_report_has_both_files(built):
    assert len(built["folders"]) == 5 and len(built["all"]) > 5
    for folder in built["all"].values():
        assert (folder / "iati-activity.xml").is_file() and (folder / "activities.hxl.csv").is_file()


def test_every_iati_file_is_valid_against_the_iati_2_03_schema(built):
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    for award, folder in built["all"].items():
        document = etree.parse(str(folder / "iati-activity.xml"))
        assert schema.validate(document), (award, str(schema.error_log))
        assert document.getroot().get("version") == "2.03"


def test_the_schema_check_can_fail(built):
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(built["folders"]["SSITIP20GR0006"] / "iati-activity.xml"))
    activity = document.getroot()[0]
    activity.remove(activity.find("reporting-org"))
    assert not schema.validate(document)


def test_identifier_organisations_and_dates_come_from_the_content(built):
    awards = yaml.safe_load((REPO / "content" / "awards.yaml").read_text(encoding="utf-8"))
    for name, folder in built["all"].items():
        award = name.split("/")[0]
        activity = etree.parse(str(folder / "iati-activity.xml")).getroot()[0]
        assert activity.findtext("iati-identifier") == f"XM-DAC-47066-{award}"
        reporting = activity.find("reporting-org")
        assert (reporting.get("ref"), reporting.get("type")) == ("XM-DAC-47066", "40")
        project = awards[award]["project"]  # a title in several languages: the report's (English)
        assert activity.findtext("title/narrative") == (project["en"] if isinstance(project, dict) else project)
        dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
        assert dates["1"] == str(awards[award]["start"]) and dates["3"] == str(awards[award]["end"])
        roles = {o.get("role"): o for o in activity.findall("participating-org")}
        assert roles["4"].get("ref") == "XM-DAC-47066"
    netherlands = etree.parse(str(built["folders"]["NL-MHP-2022-017"] / "iati-activity.xml")).getroot()[0]
    funder = netherlands.find("participating-org[@role='1']")
    assert (funder.get("ref"), funder.findtext("narrative")) == ("XM-DAC-7", "Government of the Netherlands")
    # the sample's site.yaml maps the theme health to DAC 12220, and Maseru to LS-A
    assert netherlands.find("sector").get("code") == "12220"
    tip = etree.parse(str(built["folders"]["SSITIP20GR0006"] / "iati-activity.xml")).getroot()[0]
    assert tip.find("sector").get("code") == "15190"
    places = {loc.findtext("name/narrative"): loc.find("administrative").get("code")
              for loc in tip.findall("location")}
    assert places["Maseru"] == "LS-A" and places["Berea"] == "LS-D"
    # the first activity to date of the award, as activities.csv has it
    assert {d.get("type"): d.get("iso-date") for d in tip.findall("activity-date")}["2"] == "2023-04-04"


def _progress_table(page: BeautifulSoup) -> dict[str, dict]:
    """indicator id -> baseline, target, this period, and the split sentence under its row."""
    rows = {}
    for tr in page.select("table.progress-table tr.indicator"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        split = tr.find_next_sibling("tr")
        note = split.get_text(" ", strip=True) if split and "split" in split.get("class", []) else ""
        rows[cells[0].split()[0]] = {"baseline": cells[1], "target": cells[2], "period": cells[3],
                                     "note": note}
    return rows


def test_iati_results_equal_the_reports_progress_table(built):
    compared = 0
    for award, folder in built["all"].items():
        table = _progress_table(_html(folder))
        activity = etree.parse(str(folder / "iati-activity.xml")).getroot()[0]
        indicators = {i.find("reference").get("code"): i for i in activity.iter("indicator")}
        assert set(indicators) == set(table), award
        for code, row in table.items():
            indicator = indicators[code]
            assert _number(indicator.find("baseline").get("value")) == _number(row["baseline"])
            period = indicator.find("period")
            assert period.find("period-start").get("iso-date") == PERIODS[folder.name]
            assert _number(period.find("target").get("value")) == _number(row["target"])
            actuals = period.findall("actual")
            if row["period"] == "not reported":
                assert actuals == []
                continue
            total = [a for a in actuals if a.find("dimension") is None]
            assert [_number(a.get("value")) for a in total] == [_number(row["period"])]
            by_sex = {a.find("dimension").get("value"): a.get("value") for a in actuals
                      if a.find("dimension") is not None}
            this_period = row["note"].split("This period:")[-1].split("To date:")[0]
            for sex, words in (("female", "women and girls"), ("male", "men and boys")):
                if words in this_period:
                    figure = this_period.split(words)[1].split("·")[0].strip(" .")
                    assert _number(by_sex.pop(sex)) == _number(figure), (code, sex)
            assert by_sex == {}, code
            compared += 1
    # both sample frameworks, in both quarters, with a split by sex among them
    assert compared >= 16


def test_hxl_files_parse_with_libhxl_and_add_up_to_the_reports_totals(built):
    for award, folder in built["all"].items():
        rows = _hxl_rows(folder)
        page = _html(folder)
        totals = page.find("th", string=lambda s: s and s.startswith("Total,")).parent
        people, female, male = (_number(td.get_text(strip=True)) for td in totals.find_all("td"))
        assert sum(_number(r.get("#reached+total") or "0") for r in rows) == people, award
        assert sum(_number(r.get("#reached+f") or "0") for r in rows) == female, award
        assert sum(_number(r.get("#reached+m") or "0") for r in rows) == male, award
        listed = [tr.find("td").get_text(strip=True)
                  for tr in page.select("section#activities table.data tbody tr") if tr.find("td")]
        assert [r.get("#activity+id") for r in rows] == listed, award
        assert {r.get("#org+funder") for r in rows} and all(r.get("#date+start") for r in rows)


def test_a_co_funded_activity_counts_its_share_in_each_award(built):
    parts = {}
    for award in ("SSITIP20GR0006", "SINLEC22CA0031"):
        row = next(r for r in _hxl_rows(built["folders"][award]) if r.get("#activity+id") == "BRD-2023-007")
        parts[award] = (row.get("#indicator+share+pct"), _number(row.get("#reached+total")))
        assert row.get("#adm1+name") == "Maseru" and row.get("#adm1+code") == "LS-A"
    assert parts["SSITIP20GR0006"][0] == "60" and parts["SINLEC22CA0031"][0] == "40"
    # 26 people: the parts add up to the whole, as the two reports count them
    assert parts["SSITIP20GR0006"][1] + parts["SINLEC22CA0031"][1] == 26
    assert parts["SSITIP20GR0006"][1] > parts["SINLEC22CA0031"][1]


def test_a_rebuild_is_byte_identical_and_names_no_machine_path(built):
    out = built["work"] / "again"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        done = run_build("report", "--award", "SSITIP20GR0006", "--period", PERIOD, "--root",
                         built["root"], "--out", out, "--final")
    assert done.returncode == 0, done.stderr
    first, again = built["folders"]["SSITIP20GR0006"], out / "reports" / "SSITIP20GR0006" / PERIOD
    machine = [str(built["root"].resolve()), str(REPO), str(Path.home()), str(built["work"])]
    for name in ("iati-activity.xml", "activities.hxl.csv"):
        # the donor copy and the review copy carry the same open data
        assert (again / name).read_bytes() == (first / name).read_bytes(), name
        text = (again / name).read_text(encoding="utf-8")
        assert not [path for path in machine if path in text], name
    stamp = etree.parse(str(again / "iati-activity.xml")).getroot()[0].get("last-updated-datetime")
    assert stamp == "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH


def test_without_the_offices_iati_keys_no_iati_file_and_one_warning(built):
    root = built["root"]
    site = (root / "content" / "site.yaml").read_text(encoding="utf-8")
    (root / "content" / "site.yaml").write_text(site[:site.index("iati:")], encoding="utf-8")
    try:
        out = built["work"] / "no-iati"
        shutil.copytree(built["work"] / "out", out)  # an earlier build's file is withdrawn too
        done = run_build("report", "--award", "NL-MHP-2022-017", "--period", PERIOD, "--root", root,
                         "--out", out)
        assert done.returncode == 0, done.stderr
        folder = out / "reports" / "NL-MHP-2022-017" / PERIOD
        assert not (folder / "iati-activity.xml").exists()
        assert (folder / "activities.hxl.csv").is_file()
        warnings = [line for line in done.stderr.splitlines() if "warning" in line]
        assert len(warnings) == 1, done.stderr
        assert warnings[0].startswith("content/donors.yaml:")
        assert "iati-activity.xml" in warnings[0] and "content/site.yaml" in warnings[0]
        assert "`iati: {prefix: XM-DAC-47066, type: 40}`" in warnings[0]
    finally:
        (root / "content" / "site.yaml").write_text(site, encoding="utf-8")
