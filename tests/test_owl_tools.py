"""OWL that other tools accept as shipped: the ontology and the data, merged as they are (no datatype
rewriting, no clean-up), load in owlready2; HermiT and Pellet find them consistent; and the OWL API's
profile checker finds no OWL 2 DL and no OWL 2 RL violation in the ontology alone or in the merge.

The merged graph is built the plain way: rdflib parses ontology/cagraph.ttl and every data/*.ttl and
serializes the union (N-Triples for owlready2, RDF/XML for the OWL API, which reads RDF/XML with its
own parser and Turtle with its own, not through rdf4j).

Needs Java for HermiT and Pellet (both shipped inside owlready2), and for the profile check a JDK
(javac) and Debian's libowlapi-java (OWL API 5) with its dependencies under /usr/share/java; each
test is skipped, saying which, where they are missing (.ci/run installs them).

Pellet: owlready2 0.51 ships jena-arq-fixed2.10.0.jar with three classes
(org/apache/jena/riot/lang/LangRDFXML*) recompiled for Java 25 (class file version 69), which a
Java 17 runtime (Debian 12's) refuses with UnsupportedClassVersionError before Pellet reads a triple.
Where the runtime is older than those classes, the test runs Pellet from a copy of owlready2's
jars in which those class files carry the runtime's own version number (their bytecode uses nothing
newer), so Pellet itself is unchanged; owlready2's own files are not touched.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from cagraph import paths

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
HERE = Path(__file__).resolve().parent
PROFILE_CHECK = HERE / "owlapi" / "ProfileCheck.java"
JAVA_DIR = Path("/usr/share/java")
# The OWL API (one jar holding all its modules) and the jars of libowlapi-java's dependencies that
# loading and profile checking touch (the rdf4j parsers are loaded as services even when unused).
OWLAPI_JARS = ("owlapi-distribution", "guava", "caffeine", "commons-rdf-api", "slf4j-api", "slf4j-nop",
               "atinject-jsr330-api", "hppcrt", "commons-io", "commons-codec", "xz", "jsr305", "jsonld-java",
               "jackson-core", "jackson-databind", "jackson-annotations", "httpclient", "httpcore",
               "commons-logging")

needs_java = pytest.mark.skipif(shutil.which("java") is None,
                                reason="HermiT and Pellet need Java (apt-get install default-jre-headless)")


def merged_graph(extra=()) -> Graph:
    g = Graph()
    for f in paths.graph_files():
        g.parse(f, format="turtle")
    for t in extra:
        g.add(t)
    return g


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> dict[str, Path]:
    """The ontology and the data merged by rdflib, as N-Triples and as RDF/XML."""
    d = tmp_path_factory.mktemp("merged")
    g = merged_graph()
    out = {"nt": d / "cagraph.nt", "xml": d / "cagraph.owl"}
    g.serialize(out["nt"], format="nt", encoding="utf-8")
    g.serialize(out["xml"], format="xml", encoding="utf-8")
    return out


# ---------------------------------------------------------------- owlready2: HermiT and Pellet

def _java_class_version() -> int:
    """The newest class file version the installed Java runtime runs (61 for Java 17)."""
    run = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True)
    m = re.search(r"java\.class\.version = (\d+)", run.stderr + run.stdout)
    assert m, run.stderr
    return int(m.group(1))


@pytest.fixture(scope="module")
def pellet_classpath(tmp_path_factory) -> str | None:
    """owlready2's Pellet classpath, or a copy of it runnable by this Java (module doc); None: as shipped."""
    import owlready2.reasoning as reasoning

    runtime = _java_class_version()
    jars = reasoning._PELLET_CLASSPATH.split(":")
    too_new = {}
    for jar in jars:
        with zipfile.ZipFile(jar) as z:
            for name in z.namelist():
                if name.endswith(".class"):
                    head = z.read(name)[:8]
                    if int.from_bytes(head[6:8], "big") > runtime:
                        too_new.setdefault(jar, []).append(name)
    if not too_new:
        return None
    d = tmp_path_factory.mktemp("pellet")
    out = []
    for jar in jars:
        target = d / Path(jar).name
        if jar in too_new:
            with zipfile.ZipFile(jar) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    data = src.read(info.filename)
                    if info.filename in too_new[jar]:
                        data = data[:6] + runtime.to_bytes(2, "big") + data[8:]
                    dst.writestr(info, data)
        else:
            shutil.copy(jar, target)
        out.append(str(target))
    return ":".join(out)


def _reason(path: Path, reasoner: str, pellet_cp: str | None, monkeypatch):
    import owlready2
    import owlready2.reasoning as reasoning

    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    if reasoner == "hermit":
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    else:
        if pellet_cp:
            monkeypatch.setattr(reasoning, "_PELLET_CLASSPATH", pellet_cp)
        owlready2.sync_reasoner_pellet(world, infer_property_values=False, infer_data_property_values=False,
                                       debug=0)
    return world


def _pellet_reason(path: Path, pellet_cp: str | None) -> str:
    """Pellet's one-line reason for an inconsistency ("Individual ... is forced to belong to ...")."""
    import owlready2.reasoning as reasoning

    run = subprocess.run(["java", "-cp", pellet_cp or reasoning._PELLET_CLASSPATH, "pellet.Pellet", "consistency",
                          "--loader", "Jena", "--input-format", "N-Triples", "--ignore-imports", str(path)],
                         capture_output=True, text=True, timeout=600)
    return "\n".join(line for line in run.stdout.splitlines() if line.startswith(("Consistent", "Reason")))


def _nothing_members(world) -> list:
    import owlready2

    return list(world.inconsistent_classes()) + list(world.search(type=owlready2.Nothing))


@needs_java
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_reasoner_finds_the_graph_consistent(merged, reasoner, pellet_classpath, monkeypatch):
    import owlready2

    start = time.perf_counter()
    try:
        world = _reason(merged["nt"], reasoner, pellet_classpath, monkeypatch)
    except owlready2.OwlReadyInconsistentOntologyError:
        pytest.fail(f"{reasoner}: the ontology + data are inconsistent. {_pellet_reason(merged['nt'], pellet_classpath)}")
    assert not _nothing_members(world), _nothing_members(world)
    print(f"{reasoner}: consistent in {time.perf_counter() - start:.1f} s")


@needs_java
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_reasoner_detects_inconsistency(tmp_path, reasoner, pellet_classpath, monkeypatch):
    """A negative control, so that the test above cannot pass vacuously: a state that is a person."""
    import owlready2

    path = tmp_path / "broken.nt"
    merged_graph(extra=[(CGR.china, RDF.type, CAG.Person)]).serialize(path, format="nt", encoding="utf-8")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(path, reasoner, pellet_classpath, monkeypatch)


# ---------------------------------------------------------------- OWL API: OWL 2 DL and RL profiles

@pytest.fixture(scope="module")
def profile_check(tmp_path_factory) -> list[str]:
    """The java command that runs tests/owlapi/ProfileCheck.java, compiled into a temporary directory."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("the OWL API profile check needs a JDK with javac (apt-get install default-jdk-headless)")
    jars = [JAVA_DIR / f"{name}.jar" for name in OWLAPI_JARS]
    jars += sorted(p for p in JAVA_DIR.glob("rdf4j-*.jar") if not re.search(r"-\d[\d.]*\.jar$", p.name))
    missing = [j.name for j in jars if not j.exists()]
    if missing or not any("rdf4j" in j.name for j in jars):
        pytest.skip(f"the OWL API profile check needs Debian's libowlapi-java (apt-get install libowlapi-java); "
                    f"missing under {JAVA_DIR}: {', '.join(missing) or 'rdf4j-*.jar'}")
    classes = tmp_path_factory.mktemp("owlapi")
    cp = ":".join(str(j) for j in jars)
    run = subprocess.run(["javac", "-d", str(classes), "-cp", cp, str(PROFILE_CHECK)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return ["java", "-cp", f"{cp}:{classes}", "ProfileCheck"]


def _violations(command: list[str], path: Path) -> dict[str, list[str]]:
    run = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"the OWL API did not load {path.name}:\n{run.stderr[-3000:]}"
    axioms = re.search(r"^AXIOMS (\d+)$", run.stdout, re.M)
    assert axioms and int(axioms.group(1)) > 1000, run.stdout[:2000]
    found: dict[str, list[str]] = {}
    for profile in ("OWL2_DL", "OWL2_RL"):
        lines = [line.split("\t", 1)[1] for line in run.stdout.splitlines() if line.startswith(profile + "\t")]
        count = re.search(rf"^COUNT {profile} (\d+)$", run.stdout, re.M)
        assert count and int(count.group(1)) == len(lines), run.stdout[-2000:]
        found[profile] = lines
    return found


@pytest.mark.parametrize("profile", ["OWL2_DL", "OWL2_RL"])
@pytest.mark.parametrize("what", ["ontology", "ontology+data"])
def test_owlapi_profile(profile_check, merged, what, profile):
    path = paths.ONTOLOGY_FILE if what == "ontology" else merged["xml"]
    bad = _profile_results(profile_check, path)[profile]
    assert not bad, f"{len(bad)} {profile} violations in the {what}:\n" + "\n".join(bad[:40])


_RESULTS: dict[Path, dict[str, list[str]]] = {}


def _profile_results(command: list[str], path: Path) -> dict[str, list[str]]:
    """One OWL API run per file, shared by the DL and the RL test."""
    if path not in _RESULTS:
        _RESULTS[path] = _violations(command, path)
    return _RESULTS[path]


def test_owlapi_sees_a_violation(profile_check, tmp_path):
    """A negative control for the profile check: owl:Thing as a range is outside OWL 2 RL, and an
    object property used with a literal is outside OWL 2 DL."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(paths.ONTOLOGY_FILE.read_text(encoding="utf-8") + """
cag:testOnlyProperty a owl:ObjectProperty ; rdfs:domain cag:Agent ; rdfs:range owl:Thing .
<https://w3id.org/cagraph/id/china> cag:testOnlyProperty "a literal" .
""", encoding="utf-8")
    found = _violations(profile_check, bad)
    assert any("owl:Thing" in v for v in found["OWL2_RL"]), found["OWL2_RL"]
    assert found["OWL2_DL"], "an object property with a literal value should be outside OWL 2 DL"
