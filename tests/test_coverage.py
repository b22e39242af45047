"""`cagraph coverage` at sentence level: every body sentence of both documents is quoted by a claim
of that document or excluded with a reason (data/coverage-exclusions.tsv)."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cagraph import paths
from cagraph.check.coverage import (
    KEY_LENGTH,
    CoverageReport,
    classify_line,
    coverage,
    document_parts,
    load_exclusions,
    sentence_key,
    split_sentences,
)
from cagraph.errors import InputError

EC = "000_215280f8e709cb5f.txt"
RA = "003_9bcedbd88bf43130.txt"

# body sentences per section: a property of the source text and the splitter only
SENTENCES = {
    EC: {"Abstract": 3, "Introduction": 8, "The Belt And Road Initiative": 22,
         "China's Economic Dominance in Central Asia": 14, "KAZAKHSTAN": 7, "KYRGYZSTAN": 5,
         "UZBEKISTAN": 7, "TAJKISTAN": 8, "TURKMENISTAN": 9,
         "Growing Influence in Military and Diplomacy": 26, "Regional Dynamics": 23, "Conclusion": 21},
    RA: {"Paragraph 1": 6, "Paragraph 2": 3, "Paragraph 3": 6, "Paragraph 4": 2, "Paragraph 5": 7,
         "Paragraph 6": 6, "Paragraph 7": 10, "Paragraph 8": 6},
}
# (sentences, covered, excluded) per document on the shipped graph
TOTALS = {EC: (153, 151, 2), RA: (46, 45, 1)}


@pytest.fixture(scope="module")
def report(graph) -> CoverageReport:
    return coverage(graph=graph)


def _body(report, doc):
    return [s for s in report.sections if s.document == doc and s.part == "sentences"]


# ------------------------------------------------------------------------------ shipped graph


@pytest.mark.parametrize("doc", [EC, RA])
def test_sentences_per_section(report, doc):
    got = {s.section: s.items for s in _body(report, doc)}
    assert got == SENTENCES[doc]


@pytest.mark.parametrize("doc", [EC, RA])
def test_exact_counts_per_document(report, doc):
    body = _body(report, doc)
    got = (sum(s.items for s in body), sum(s.covered for s in body), sum(s.excluded for s in body))
    assert got == TOTALS[doc]


def test_every_body_sentence_is_covered_or_excluded(report):
    assert [g for g in report.gaps if g.kind == "sentence"] == []
    assert all(s.uncovered == 0 for s in report.sections if s.part == "sentences")
    assert report.sentences == report.sentences_covered + report.sentences_excluded == 199


def test_exclusions_stay_under_ten_percent(report):
    for doc in (EC, RA):
        body = _body(report, doc)
        assert sum(s.excluded for s in body) < 0.10 * sum(s.items for s in body), doc


def test_no_stale_exclusions(report):
    """Every exclusion excludes something: a sentence exclusion matches a body sentence of its
    document (by section and key) that no quote covers; figure and entity exclusions too."""
    assert [g for g in report.gaps if g.kind == "stale-exclusion"] == []
    bodies = {doc: document_parts(doc)[0] for doc in (EC, RA)}
    excl = [x for x in load_exclusions() if x[1] == "sentence"]
    assert excl, "the shipped exclusion list has sentence exclusions"
    for doc, _, section, key, reason in excl:
        matches = [s for s in bodies[doc] if s.section == section and s.key == key.rstrip()]
        assert len(matches) == 1, (doc, section, key)
        assert len(key) <= KEY_LENGTH and reason.strip()


def test_no_gaps_at_all(report):
    assert report.gaps == []
    assert "sentences 196/196 covered (3 excluded); 0 gap(s)" in report.summary()


def test_the_helper_exclusion_lists_are_merged():
    assert not (paths.DATA_DIR / "coverage-exclusions-sentences-ec.tsv").exists()
    assert not (paths.DATA_DIR / "coverage-exclusions-sentences-ra.tsv").exists()
    kinds = {x[1] for x in load_exclusions()}
    assert kinds <= {"figure", "entity", "sentence"} and "sentence" in kinds


# ------------------------------------------------------------------------------ what is body text


def test_parts_that_are_not_body_text(report):
    parts = {(s.document, s.section, s.part): s.items for s in report.sections if s.part != "sentences"}
    assert parts[(EC, "Table 1. Six Economic Corridors", "table rows")] == 8  # header, 6 rows, rule
    assert parts[(EC, "Table 1. Six Economic Corridors", "table captions")] == 1
    assert parts[(EC, "Table 1. Six Economic Corridors", "source lines")] == 1
    assert parts[(EC, "Table 2. China-Central Asia Military Cooperation: Exercises and Training", "table rows")] == 7
    assert parts[(EC, "The Belt And Road Initiative", "captions")] == 1  # Map 1. BRI Maps
    assert parts[(EC, "The Belt And Road Initiative", "source lines")] == 1
    assert parts[(EC, "Abstract", "keywords")] == 1
    assert sum(n for (d, _, p), n in parts.items() if d == EC and p == "headings") == 12
    assert sum(n for (d, _, p), n in parts.items() if d == EC and p == "front matter") == 24
    assert parts[(RA, "Title", "front matter")] == 3
    assert parts[(RA, "References", "references")] == 36


def test_no_body_sentence_is_a_heading_table_or_reference():
    for doc in (EC, RA):
        for s in document_parts(doc)[0]:
            assert not s.text.startswith(("Source:", "Keywords:", "Table ", "Map ", "#")), s
            assert "\t" not in s.text and "(Accessed on" not in s.text


def test_classify_line():
    assert classify_line("## Introduction") == "headings"
    assert classify_line("**Table 1.** Six Economic Corridors") == "table captions"
    assert classify_line("Source: <https://brixsweden.org/what-is-the-bri/>") == "source lines"
    assert classify_line("Map 1. BRI Maps") == "captions"
    assert classify_line("Keywords: China, Central Asia, Foreign Policy") == "keywords"
    assert classify_line("--\t---") == "table rows"
    assert classify_line("Year\tEvent/Exercise\tLocation") == "table rows"
    assert classify_line("   ") == "blank"
    assert classify_line("China's economic dominance in Central Asia is primarily anchored.") == "body"


# ------------------------------------------------------------------------------ the splitter


def test_pysbd_splits_these_documents_sensibly():
    ec = [s.text for s in document_parts(EC)[0]]
    # a sentence broken by a page break (blank lines in the conversion) is one sentence
    assert ("However, its significance has waned due to geopolitical tensions, economic concerns, "
            "and technological hurdles, demonstrating the complex challenges inherent in China's "
            "global infrastructure and connectivity strategy.") in ec
    # decimals and percentages do not end a sentence
    assert "China represents 14% of Tajikistan's imports." in ec
    assert any(s.startswith("In 2023, the total bilateral trade volume reached 14.033 billion dollars") for s in ec)
    ra = [s.text for s in document_parts(RA)[0]]
    assert "Multiple reasons influenced this trend." in ra
    assert any(s.startswith("During the international financial crisis, SCO poorer countries received up to 10 B/USD$") for s in ra)
    # every sentence ends with a full stop or a question/quotation mark
    for s in ec + ra:
        assert s[-1] in ".?!”\"", s


def test_split_sentences_and_keys():
    assert split_sentences("") == []
    assert split_sentences("One sentence. Another one, with 1.5 percent. A third?") == [
        "One sentence.", "Another one, with 1.5 percent.", "A third?"]
    assert sentence_key("A  [linked](#) sentence " + "x" * 80) == ("A linked sentence " + "x" * 80)[:KEY_LENGTH]


def test_bad_exclusion_kind_is_an_input_error(tmp_path):
    bad = tmp_path / "excl.tsv"
    bad.write_text(f"{EC}\tparagraph\t*\tx\tbecause\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_exclusions(bad)
    with pytest.raises(InputError):
        load_exclusions(tmp_path / "missing.tsv")


# ------------------------------------------------------------------------------ a synthetic graph

SYNTHETIC = f"""
@prefix cag: <https://w3id.org/cagraph/ontology#> .
@prefix cgr: <https://w3id.org/cagraph/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

cgr:doc-synthetic a cag:SourceDocument ; rdfs:label "synthetic"@en ; cag:sourceFile "{RA}" .
cgr:q-synthetic a cag:Quote ; oa:hasSource cgr:doc-synthetic ; oa:hasSelector cgr:q-synthetic-text .
cgr:q-synthetic-text a oa:TextQuoteSelector ;
    oa:exact "China also started to reconsider its relations with neighbors located on its western borders by signing economic agreements in their infrastructure projects. Multiple reasons influenced this trend." .
cgr:c-synthetic a cag:Claim ; cag:statedIn cgr:doc-synthetic ; cag:evidence cgr:q-synthetic .
"""


def _cagraph(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("cagraph") or str(Path(sys.executable).parent / "cagraph")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=300, env=os.environ.copy())


def test_uncovered_sentence_is_reported_with_exit_1(tmp_path):
    """Through the installed console script: a graph whose one claim quotes two sentences of
    Paragraph 3 leaves the others uncovered; each is a 'sentence' gap keyed by its first 60
    characters, and the exit code is 1."""
    ttl = tmp_path / "synthetic.ttl"
    ttl.write_text(SYNTHETIC, encoding="utf-8")
    empty = tmp_path / "none.tsv"
    empty.write_text("# no exclusions\n", encoding="utf-8")
    p = _cagraph("coverage", "--data", str(ttl), "--exclusions", str(empty), "-f", "csv")
    assert p.returncode == 1, p.stderr
    rows = list(csv.reader(io.StringIO(p.stdout)))
    assert rows[0] == ["document", "kind", "section", "text", "context"]
    gaps = [r for r in rows[1:] if r[0] == RA and r[1] == "sentence"]
    assert len(gaps) == 46 - 2
    firstly = "Firstly, the vicinity of Central Asia with the Muslim province of Xingjian poses"
    assert [RA, "sentence", "Paragraph 3", firstly[:KEY_LENGTH]] in [r[:4] for r in gaps]
    assert next(r[4] for r in gaps if r[3] == firstly[:KEY_LENGTH]).startswith(firstly)
    assert not any("Multiple reasons influenced" in r[4] or r[4].startswith("China also started") for r in gaps)
    assert "sentences 2/46 covered (0 excluded)" in p.stderr

    p = _cagraph("coverage", "--data", str(ttl), "--exclusions", str(empty), "--sentences", "-f", "csv")
    assert p.returncode == 1
    assert f"{RA},Paragraph 3,sentences,6,2,0,4" in p.stdout.splitlines()
    assert f"{RA},*,sentences,46,2,0,44" in p.stdout.splitlines()


def test_excluding_the_sentence_and_stale_exclusions(tmp_path):
    """An exclusion removes the gap; one that matches no sentence is itself a gap."""
    ttl = tmp_path / "synthetic.ttl"
    ttl.write_text(SYNTHETIC, encoding="utf-8")
    from cagraph.io.load import load_graph

    g = load_graph([paths.ONTOLOGY_FILE, ttl])
    body = [s for s in document_parts(RA)[0] if s.section == "Paragraph 4"]
    excl = tmp_path / "excl.tsv"
    excl.write_text("".join(f"{RA}\tsentence\tParagraph 4\t{s.key}\ttest\n" for s in body)
                    + f"{RA}\tsentence\tParagraph 4\tNo such sentence\ttest\n", encoding="utf-8")
    r = coverage(graph=g, exclusions=excl)
    p4 = next(s for s in r.sections if s.section == "Paragraph 4" and s.part == "sentences")
    assert (p4.items, p4.covered, p4.excluded, p4.uncovered) == (2, 0, 2, 0)
    assert not [x for x in r.gaps if x.kind == "sentence" and x.section == "Paragraph 4"]
    stale = [x for x in r.gaps if x.kind == "stale-exclusion"]
    assert [(x.section, x.text) for x in stale] == [("Paragraph 4", "No such sentence")]
