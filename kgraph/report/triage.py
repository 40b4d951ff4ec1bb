"""Triage against an earlier report: which findings are new, unchanged, or resolved.

Finding ids are the finding IRIs, which are stable across runs (CONTRACT.md:
derived from the type and the members' anchors), so comparing ids is
comparing findings. A finding whose wording changed on the page gets new
anchors and so a new id: it shows as one resolved and one new finding.
"""

from __future__ import annotations

import json
from pathlib import Path

from kgraph.errors import UsageError

__all__ = ["SUPPORTED_MAJOR", "Triage", "apply_triage", "check_previous", "drop_members", "read_previous"]

SUPPORTED_MAJOR = 1  # report.json schema versions 1.x.y can be compared with


# what triage reads of a previous finding; a cluster keeps its finding's id
_KEPT = ("id", "type", "severity", "explanation", "finding")


def drop_members(item: dict) -> dict:
    """``json`` object hook: a finding or cluster (an object with ``members``) loses its members as it is parsed."""
    return {key: item[key] for key in _KEPT if key in item} if "members" in item else item


def read_previous(path: Path) -> dict:
    """Read a previous ``report.json``, keeping of each finding what triage compares.

    Each finding keeps ``id``, ``type``, ``severity`` and ``explanation``;
    members (and each cluster's) are dropped as they are parsed, so a corpus
    report of hundreds of megabytes does not stay in memory as objects.

    Raises
    ------
    kgraph.errors.UsageError
        When the file cannot be read, is not JSON, or is not a report of schema version 1.x.
    """
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the previous report {path}: {error}") from None
    try:
        data = json.loads(raw, object_hook=drop_members)
    except ValueError as error:
        raise UsageError(f"the previous report {path} is not valid JSON ({error}); give the report.json that an "
                         "earlier `kgraph build` or `kgraph report` wrote") from None
    return check_previous(data, str(path))


def check_previous(data: object, origin: str = "the previous report") -> dict:
    """``data`` if it is a report this version can compare with, else :class:`UsageError`."""
    if not isinstance(data, dict):
        raise UsageError(f"{origin} is a JSON {type(data).__name__}, not a report object")
    version = data.get("schema_version")
    major = str(version).split(".", 1)[0] if isinstance(version, str) else None
    if major != str(SUPPORTED_MAJOR):
        raise UsageError(f"{origin} has schema_version {version!r}; this kgraph compares with reports of "
                         f"schema version {SUPPORTED_MAJOR}.x only; rebuild the previous report with this version")
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(isinstance(f, dict) and isinstance(f.get("id"), str)
                                                  for f in findings):
        raise UsageError(f"{origin} has no 'findings' list of objects with an 'id'")
    return data


class Triage:
    """The comparison with a previous report, made one finding at a time.

    Parameters
    ----------
    previous
        The previous report, or ``None`` (then every status is ``None``).
    previous_path
        Where it came from, shown as ``triage.previous``.

    Raises
    ------
    kgraph.errors.UsageError
        ``previous`` is not a report of schema version 1.x.
    """

    def __init__(self, previous: dict | None, previous_path: str | None) -> None:
        self.previous_path = previous_path
        self._before: dict[str, dict] | None = None
        if previous is not None:
            previous = check_previous(previous, previous_path or "the previous report")
            self._before = {f["id"]: f for f in previous["findings"]}
        self._now: set[str] = set()
        self._counts = {"new": 0, "unchanged": 0}

    def status(self, finding_id: str) -> str | None:
        """``"new"`` or ``"unchanged"`` for a current finding (``None`` without a previous report); counted."""
        if self._before is None:
            return None
        self._now.add(finding_id)
        status = "unchanged" if finding_id in self._before else "new"
        self._counts[status] += 1
        return status

    def summary(self) -> dict:
        """The report's ``triage`` object, once :meth:`status` was asked of every current finding."""
        if self._before is None:
            return {"previous": self.previous_path, "new": 0, "unchanged": 0, "resolved": []}
        order = {"Error": 0, "Warning": 1, "Info": 2}
        resolved = [
            {"id": fid, "type": str(f.get("type", "")), "severity": str(f.get("severity", "")),
             "explanation": str(f.get("explanation", ""))}
            for fid, f in self._before.items() if fid not in self._now
        ]
        resolved.sort(key=lambda r: (order.get(r["severity"], 3), r["type"], r["id"]))
        return {
            "previous": self.previous_path if self.previous_path is not None else "(given in memory)",
            **self._counts,
            "resolved": resolved,
        }


def apply_triage(findings: list[dict], previous: dict | None, previous_path: str | None) -> dict:
    """Set each finding's ``status`` and return the report's ``triage`` object.

    Parameters
    ----------
    findings
        The current findings (their ``status`` is set in place: ``"new"`` or
        ``"unchanged"``; left ``None`` when there is no previous report).
    previous
        The previous report, or ``None``.
    previous_path
        Where it came from, shown as ``triage.previous``.
    """
    triage = Triage(previous, previous_path)
    for finding in findings:
        finding["status"] = triage.status(finding["id"])
    return triage.summary()
