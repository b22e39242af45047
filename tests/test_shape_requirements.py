"""Every property that every instance of a class carries is either required by the shapes of that
class (sh:minCount / sh:qualifiedMinCount >= 1 on a property shape of a node shape targeting the
class or one of its superclasses), or a shape that covers it says why it is optional (its
sh:description names the property and says "optional"). Classes with fewer than two instances are
not judged: one instance says nothing about what all instances carry."""
from __future__ import annotations

import re
from collections import defaultdict

from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from cagraph import paths

SH = Namespace("http://www.w3.org/ns/shacl#")
IGNORED = {RDF.type}


def _shapes() -> Graph:
    return Graph().parse(paths.SHAPES_FILE)


def _superclasses(ont: Graph, c: URIRef) -> set:
    return set(ont.transitive_objects(c, RDFS.subClassOf))


def _required_and_explained(shapes: Graph, classes: set, common: set) -> tuple[set, str]:
    """Paths required by the shapes that apply to every instance: those targeting the class or a
    superclass, and those targeting the subjects of a property every instance has."""
    required, text = set(), []
    targets = [(s, o) for s, o in shapes.subject_objects(SH.targetClass) if o in classes]
    targets += [(s, o) for s, o in shapes.subject_objects(SH.targetSubjectsOf) if o in common]
    for shape, _ in targets:
        text.append(str(shapes.value(shape, SH.description) or ""))
        for ps in shapes.objects(shape, SH.property):
            path = shapes.value(ps, SH.path)
            text.append(str(shapes.value(ps, SH.description) or ""))
            for key in (SH.minCount, SH.qualifiedMinCount):
                v = shapes.value(ps, key)
                if v is not None and int(v) >= 1 and isinstance(path, URIRef):
                    required.add(path)
    return required, "\n".join(text)


def test_common_properties_are_required_or_explained(graph):
    shapes = _shapes()
    by_class = defaultdict(set)
    for s, c in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(s).startswith(paths_cgr()):
            by_class[c].add(s)
    problems = []
    for cls in sorted(c for c in by_class if (None, SH.targetClass, c) in shapes):
        inst = by_class[cls]
        if len(inst) < 2:
            continue
        common = set.intersection(*(set(graph.predicates(s)) for s in inst)) - IGNORED
        required, text = _required_and_explained(shapes, _superclasses(graph, cls) | {cls}, common)
        for p in sorted(common - required):
            local = graph.namespace_manager.normalizeUri(p)
            if re.search(rf"(?i)optional[^.]*{re.escape(local)}|{re.escape(local)}[^.]*optional", text):
                continue
            problems.append(f"{graph.namespace_manager.normalizeUri(cls)}: every instance ({len(inst)}) has {local}")
    assert not problems, "\n".join(problems)


def paths_cgr() -> str:
    from cagraph.ns import PREFIXES

    return PREFIXES["cgr"]
