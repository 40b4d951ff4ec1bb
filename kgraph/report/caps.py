"""How much of a large report the human-facing pages show.

``report.html`` and ``report.md`` are read by people; a corpus of thousands
of pages has tens of thousands of findings, and a page listing all of them
would not open. Both show at most these many items of each kind, most urgent
(or largest) first, each cut announced with the true total; the HTML page also
shows at most :data:`MAX_DOCUMENTS_SHOWN` pages in its per-document view (a
corpus of thousands of pages made it most of the file) and
:data:`MAX_LINT_SHOWN` lint entries. ``report.json``
and ``findings.csv`` always list everything. Every cap is above what the
bundled sample needs (largest group 78 findings, 37 clusters, largest cluster
36 quotes, busiest page 77 findings), so a small report is shown whole.
"""

from __future__ import annotations

__all__ = ["COMPLETE_OUTPUTS", "MAX_CLUSTERS_SHOWN", "MAX_DOCUMENTS_SHOWN", "MAX_LINT_SHOWN", "MAX_LISTED_PER_DOCUMENT",
           "MAX_MEMBERS_SHOWN", "MAX_SHOWN_PER_GROUP"]

COMPLETE_OUTPUTS = "report.json and findings.csv"  # where the notices send the reader for everything
MAX_SHOWN_PER_GROUP = 200  # findings shown per (severity, finding type), most urgent first
MAX_CLUSTERS_SHOWN = 100  # paraphrase clusters shown, largest first
MAX_MEMBERS_SHOWN = 50  # quotes shown per cluster and per finding
MAX_LISTED_PER_DOCUMENT = 100  # findings listed under one document in the HTML per-document view
MAX_DOCUMENTS_SHOWN = 500  # pages in the HTML per-document view; beyond it, those with the most findings
MAX_LINT_SHOWN = 1000  # lint entries in the HTML lint section, in page order
