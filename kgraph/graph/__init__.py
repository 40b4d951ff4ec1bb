"""The graph stage: extraction records into an rdflib graph, written and validated.

- :mod:`kgraph.graph.build`: documents, mentions, quantities, concepts, provenance;
- :mod:`kgraph.graph.anchors`: W3C Web Annotation targets and selectors;
- :mod:`kgraph.graph.serialize`: deterministic bytes, atomic writes;
- :mod:`kgraph.graph.validate`: SHACL validation with pyshacl.
"""
