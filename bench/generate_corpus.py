"""Generate a corpus of N realistic pages from the sentences of the sample corpus.

Each page recombines and perturbs sentences of ``corpus/*.txt``:

* sentences are drawn mostly from one seed page (a contiguous run, sometimes
  reordered) and partly from the others, in paragraphs under headings;
* numbers are changed, one factor per sentence so ranges stay ordered and
  formats stay plausible ("50-100 million" -> "35-70 million", "11%" ->
  "16%", "3 months" -> "5 months", "1962" -> "1960");
* negations are added ("is" -> "is not", "can" -> "cannot", "reduces" ->
  "does not reduce"); hedges are added ("Some studies suggest that ...") or
  removed ("may" -> "can");
* pages are about as long as the seeds (0.7-1.3x a seed's words), some get
  page furniture ("Skip to content", "Leave a Reply"), a tenth are HTML pages
  with navigation and footer around the text.

A ``manifest.csv`` gives every page its own URL and a publisher (about five
pages per site). Page ``i`` depends only on the seed and ``i`` (its own
``random.Random``), so the first pages of a large corpus are the pages of a
small one. ``--warc FILE.warc.gz`` also writes the pages as a crawl: one
HTML response record per page (with its request record), plus images,
redirects and 404s that a reader must pass over.

Usage::

    python bench/generate_corpus.py 200 /tmp/corpus-200 --seed 0
    python bench/generate_corpus.py 1000 /tmp/c1k --warc /tmp/c1k.warc.gz
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus"
HTML_SHARE = 0.1
PAGES_PER_SITE = 5
LENGTH = (0.7, 1.3)  # page words relative to its seed page
OWN_SHARE = 0.7  # share of a page's sentences drawn from its seed page
SCALE = (0.5, 2.0)  # number perturbation factors (log-uniform)
P_NUMBERS, P_NEGATE, P_HEDGE, P_UNHEDGE, P_REORDER = 0.35, 0.10, 0.08, 0.30, 0.5

MONTHS = ("January February March April May June July August September October November December").split()
HEDGES = ("Some studies suggest that", "It is possible that", "Preliminary research indicates that",
          "Some experts believe that", "Early evidence suggests that")
PLACES = ("Riverside Summit Lakeside Harbor Cedar Pinecrest Meadow Northgate Westfield Bayview Oakwood "
          "Silverton Highland Granite Maple Sunrise Evergreen Crescent Valley Prairie").split()
KINDS = ("Ketamine Clinic", "Pain Institute", "Wellness Center", "Psychiatry Group", "Infusion Center",
         "Health Partners", "Recovery Clinic", "Medical Associates")
FURNITURE_TOP = ("Skip to content", "Menu")
FURNITURE_END = ("Leave a Reply", "Share this:", "Related posts", "Contact Us Today!")

_NUMBER = re.compile(r"(?<![\w.,])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|-[A-Za-z]|[.,]\d)")
_MONTH_BEFORE = re.compile(r"(?:" + "|".join(MONTHS) + r")\s+$")
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b)")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]|[A-Z][a-z]{1,2}|e\.g|i\.e|al|vs|etc|approx)\.$")
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|does|do|did|will|should|could|would|may|might|"
                        r"(?:has|have)(?= (?:been|\w+ed)\b))\b(?! not\b)")
_CAN = re.compile(r"\bcan\b(?! not\b)")
# Common verbs of the corpus in the 3rd person: "reduces" -> "does not reduce".
_VERBS = re.compile(r"\b(affects|provides|reduces|works|helps|causes|blocks|increases|improves|treats|"
                    r"relieves|offers|acts|binds|leads|targets|requires|allows)\b")
# A sentence a hedge can lead into: a plain first word, a full stop, no heading colon or citation.
_HEDGEABLE = re.compile(r"^[A-Za-z]+\s[^:]*[a-z)]\.$")
_CITATION = re.compile(r"\(\d|\d\)")
_UNHEDGE = ((re.compile(r"\b(may|might|could)\b(?! not\b)"), "can"),
            (re.compile(r"\b(potentially|possibly|likely) "), ""))


@dataclass
class Seed:
    """One corpus page split into its title, headings and sentences."""

    title: str
    headings: list[str]
    sentences: list[str]
    words: int


@dataclass
class Page:
    """One generated page and what was done to make it."""

    file: str
    url: str
    publisher: str
    retrieved: str
    title: str
    lines: list[str]
    html: bool
    changes: Counter = field(default_factory=Counter)

    @property
    def text(self) -> str:
        """The page as a plain-text capture: title, then one paragraph or heading per line."""
        return "\n".join([self.title, *self.lines]) + "\n"

    def to_html(self) -> str:
        """The page as served: navigation, header and footer around the title and paragraphs."""
        body = "\n".join(f"<h2>{html.escape(line[3:])}</h2>" if line.startswith("## ") else
                         f"<p>{html.escape(line)}</p>" for line in self.lines)
        site = html.escape(self.publisher)
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(self.title)}'
                f"</title></head>\n<body><nav><a href=\"/\">Home</a> <a href=\"/services\">Services</a> "
                f"<a href=\"/contact\">Contact</a></nav>\n<header>{site}</header>\n<main><article>\n"
                f"<h1>{html.escape(self.title)}</h1>\n{body}\n</article></main>\n"
                f"<footer>&copy; 2024 {site}. All rights reserved.</footer></body></html>\n")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, by punctuation; abbreviations ("U. S.", "Dr.") do not end one.

    Examples
    --------
    >>> split_sentences("It affects 50 million adults in the U. S. yearly. Dr. Smith agrees! Does it?")
    ['It affects 50 million adults in the U. S. yearly.', 'Dr. Smith agrees!', 'Does it?']
    """
    out, start = [], 0
    for end in _SENTENCE_END.finditer(paragraph):
        if _ABBREVIATION.search(paragraph[start:end.start() + 1]):
            continue
        out.append(paragraph[start:end.end()].strip())
        start = end.end()
    tail = paragraph[start:].strip()
    return out + [tail] if tail else out


def read_seeds(source: Path = SOURCE) -> list[Seed]:
    """The seed pages: ``source/*.txt`` in name order, split into title, headings and sentences."""
    seeds = []
    for path in sorted(source.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if not lines:
            continue
        headings, sentences = [], []
        for line in lines[1:]:
            if len(line.split()) <= 12 and not line.endswith((".", "!", ":")):
                headings.append(line)
            else:
                sentences += [s for s in split_sentences(line) if len(s.split()) >= 4]
        seeds.append(Seed(lines[0], headings, sentences, sum(len(line.split()) for line in lines)))
    if not seeds:
        raise SystemExit(f"no .txt seed pages in {source}")
    return seeds


def _format_like(original: str, value: float) -> str:
    """``value`` written as ``original`` was: thousands commas, the same decimals."""
    decimals = len(original.split(".")[1]) if "." in original else 0
    if decimals:
        return f"{value:.{decimals}f}"
    return f"{round(value):,}" if "," in original else str(round(value))


def change_numbers(sentence: str, rng: random.Random) -> str:
    """Scale the sentence's numbers by one factor (years shift a little, percentages stay under 100).

    Examples
    --------
    >>> change_numbers("About 50-100 million adults; 11% of them.", random.Random(1))
    'About 30-60 million adults; 7% of them.'
    """
    factor = math.exp(rng.uniform(math.log(SCALE[0]), math.log(SCALE[1])))
    shift = rng.choice((-4, -3, -2, -1, 1, 2, 3))

    def replace(found: re.Match[str]) -> str:
        original = found.group(1)
        value = float(original.replace(",", ""))
        if _MONTH_BEFORE.search(sentence[:found.start()]):
            return original  # a day of the month
        if "." not in original and "," not in original and 1900 <= value <= 2030:
            return str(int(value) + shift)  # a year
        new = value * factor
        if _PERCENT_AFTER.match(sentence, found.end()):
            new = min(max(new, 1), 99)
        elif "." not in original and value >= 1:
            new = max(new, 1)
        if new == value and value >= 1:
            new = value + 1
        return _format_like(original, new)

    return _NUMBER.sub(replace, sentence)


def negate(sentence: str) -> str | None:
    """The sentence with its first verb negated, or ``None`` when no verb is recognised.

    Examples
    --------
    >>> negate("Ketamine can relieve pain.")
    'Ketamine cannot relieve pain.'
    >>> negate("Ketamine blocks NMDA receptors.")
    'Ketamine does not block NMDA receptors.'
    """
    found = min((m for m in (_AUXILIARY.search(sentence), _CAN.search(sentence), _VERBS.search(sentence)) if m),
                key=lambda m: m.start(), default=None)
    if found is None:
        return None
    word = found.group(0)
    if word == "can":
        new = "cannot"
    elif found.re is _VERBS:
        base = word[:-3] + "y" if word.endswith("ies") else word[:-2] if word.endswith(("sses", "ches")) else word[:-1]
        new = f"does not {base}"
    else:
        new = f"{word} not"
    return sentence[:found.start()] + new + sentence[found.end():]


def hedge(sentence: str, rng: random.Random) -> str:
    """The sentence after a hedging lead-in ("It is possible that ketamine ...")."""
    first = sentence.split(" ", 1)[0]
    keep_case = len(first) > 1 and first[1].isupper()  # an acronym
    return f"{rng.choice(HEDGES)} {sentence if keep_case else sentence[0].lower() + sentence[1:]}"


def unhedge(sentence: str) -> str | None:
    """The sentence with its hedge word made an assertion ("may help" -> "can help"), or ``None``."""
    for pattern, replacement in _UNHEDGE:
        if pattern.search(sentence):
            return pattern.sub(replacement, sentence, count=1)
    return None


def perturb(sentence: str, rng: random.Random, changes: Counter) -> str:
    """One sentence with random perturbations; ``changes`` counts what was done."""
    if _NUMBER.search(sentence) and rng.random() < P_NUMBERS:
        changed = change_numbers(sentence, rng)
        changes["numbers"] += changed != sentence
        sentence = changed
    if rng.random() < P_NEGATE and (negated := negate(sentence)) is not None:
        sentence = negated
        changes["negation"] += 1
    if rng.random() < P_UNHEDGE and (plain := unhedge(sentence)) is not None:
        sentence = plain
        changes["hedge removed"] += 1
    elif rng.random() < P_HEDGE and _HEDGEABLE.match(sentence) and not _CITATION.search(sentence):
        sentence = hedge(sentence, rng)
        changes["hedge added"] += 1
    return sentence


def _site(index: int, seed: int) -> tuple[str, str]:
    """(publisher, domain) of the site page ``index`` belongs to: about PAGES_PER_SITE pages each."""
    site = index // PAGES_PER_SITE
    names = [f"{place} {kind}" for place in PLACES for kind in KINDS]
    random.Random(f"{seed}:sites").shuffle(names)
    name = names[site % len(names)]
    if site >= len(names):  # still distinct on corpora of more sites than names
        name += f" {site // len(names) + 1}"
    return name, re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".example"


def _paragraph(seed_page: Seed, pool: list[str], used: set[int], rng: random.Random, changes: Counter) -> list[str]:
    """2-6 sentences: a run of the seed page not used on this page yet, else any corpus sentences."""
    size = rng.randint(2, 6)
    fresh = [i for i in range(len(seed_page.sentences)) if i not in used]
    if fresh and rng.random() < OWN_SHARE:
        start = rng.choice(fresh)
        run = [i for i in range(start, min(start + size, len(seed_page.sentences))) if i not in used]
        used.update(run)
        picked = [seed_page.sentences[i] for i in run]
    else:
        picked = [rng.choice(pool) for _ in range(size)]
    if len(picked) > 1 and rng.random() < P_REORDER:
        picked = picked[:]
        rng.shuffle(picked)
        changes["reordered"] += 1
    return [perturb(s, rng, changes) for s in picked]


def make_page(index: int, seeds: list[Seed], seed: int = 0, html_share: float = HTML_SHARE) -> Page:
    """Page ``index`` of the corpus made with ``seed`` (independent of how many pages are made)."""
    rng = random.Random(f"{seed}:{index}")
    template = rng.choice(seeds)
    pool = [s for page in seeds for s in page.sentences]
    headings = [h for page in seeds for h in page.headings] or [page.title for page in seeds]
    target = int(template.words * rng.uniform(*LENGTH))
    changes: Counter = Counter()
    title = rng.choice([template.title, *template.headings]) if template.headings else template.title
    publisher, domain = _site(index, seed)
    lines: list[str] = []
    if rng.random() < 0.2:
        lines.append(rng.choice(FURNITURE_TOP))
    retrieved = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.3:
        lines.append(f"Posted on {MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {rng.randint(2015, 2024)}")
    words = len(title.split())
    used: set[int] = set()
    while words < target:
        if lines and rng.random() < 0.25:
            lines.append(rng.choice(headings))
        paragraph = " ".join(_paragraph(template, pool, used, rng, changes))
        lines.append(paragraph)
        words += len(paragraph.split())
    if rng.random() < 0.4:
        lines.append(rng.choice(FURNITURE_END))
    is_html = rng.random() < html_share
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "page"
    file = f"{index:06d}_{slug}.{'html' if is_html else 'txt'}"
    return Page(file, f"https://{domain}/{slug}-{index}", publisher, retrieved, title, lines, is_html, changes)


def generate_pages(n_pages: int, seed: int = 0, source: Path = SOURCE,
                   html_share: float = HTML_SHARE) -> Iterator[Page]:
    """Pages ``0 .. n_pages-1``, one at a time."""
    seeds = read_seeds(source)
    for index in range(n_pages):
        yield make_page(index, seeds, seed, html_share)


def generate_corpus(n_pages: int, out_dir: Path, seed: int = 0, source: Path = SOURCE,
                    html_share: float = HTML_SHARE, warc: Path | None = None) -> dict:
    """Write ``n_pages`` generated pages and a ``manifest.csv`` into ``out_dir``; return what was made.

    Parameters
    ----------
    n_pages
        How many pages.
    out_dir
        Created if missing; pages already there with the same names are overwritten.
    seed
        Seeds every random choice: the same arguments make the same bytes.
    source
        Folder of seed ``.txt`` pages (the sample corpus).
    html_share
        Share of pages written as HTML (navigation and footer around the text).
    warc
        Also write the pages as HTTP responses into this WARC file (gzip when it ends in ``.gz``).

    Returns
    -------
    dict
        ``pages``, ``words`` (whitespace tokens of the page texts), ``html`` pages, ``sites`` and
        ``changes`` (perturbations by kind).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = {"pages": 0, "words": 0, "html": 0, "sites": 0, "changes": Counter()}
    rows = []
    writer = _WarcPages(warc, seed) if warc else None
    try:
        for page in generate_pages(n_pages, seed, source, html_share):
            content = page.to_html() if page.html else page.text
            (out_dir / page.file).write_text(content, encoding="utf-8")
            rows.append((page.file, page.url, page.publisher, page.retrieved))
            made["pages"] += 1
            made["words"] += len(page.text.split())
            made["html"] += page.html
            made["changes"].update(page.changes)
            if writer is not None:
                writer.add(page)
    finally:
        if writer is not None:
            writer.close()
    with open(out_dir / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        table = csv.writer(handle)
        table.writerow(("file", "url", "publisher", "retrieved"))
        table.writerows(rows)
    made["sites"] = len({row[2] for row in rows})
    made["changes"] = dict(sorted(made["changes"].items()))
    return made


class _WarcPages:
    """Pages written as a crawl: warcinfo, then per page a request and a 200 HTML response;
    every tenth page also an image, a redirect and a 404, which readers must pass over."""

    def __init__(self, path: Path, seed: int) -> None:
        from warcio.warcwriter import WARCWriter

        self.handle = open(path, "wb")
        self.writer = WARCWriter(self.handle, gzip=str(path).endswith(".gz"))
        self.writer.write_record(self.writer.create_warcinfo_record(Path(path).name, {
            "software": "kgraph bench/generate_corpus.py", "description": f"generated pages, seed {seed}"}))
        self.count = 0

    def _response(self, url: str, status: str, content_type: str, body: bytes, date: str) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        w = self.writer
        request = StatusAndHeaders(f"GET {url.split('/', 3)[-1] or '/'} HTTP/1.1", [("Host", url.split("/")[2])],
                                   is_http_request=True)
        headers = {"WARC-Date": f"{date}T12:00:00Z"}
        w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request,
                                            warc_headers_dict=headers))
        http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                            warc_headers_dict=headers))

    def add(self, page: Page) -> None:
        self._response(page.url, "200 OK", "text/html; charset=utf-8", page.to_html().encode("utf-8"), page.retrieved)
        if self.count % 10 == 0:
            base = page.url.rsplit("/", 1)[0]
            self._response(base + f"/logo-{self.count}.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                           page.retrieved)
            self._response(base + f"/old-{self.count}", "301 Moved Permanently", "text/html", b"<a>moved</a>",
                           page.retrieved)
            self._response(base + f"/missing-{self.count}", "404 Not Found", "text/html; charset=utf-8",
                           b"<html><body><p>Page not found</p></body></html>", page.retrieved)
        self.count += 1

    def close(self) -> None:
        self.handle.close()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``generate_corpus.py N OUT_DIR [--seed S] [--warc FILE]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", type=int, help="how many pages")
    parser.add_argument("out_dir", type=Path, help="folder for the pages and manifest.csv")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of seed .txt pages (default: corpus/)")
    parser.add_argument("--html-share", type=float, default=HTML_SHARE, help="share of pages written as HTML")
    parser.add_argument("--warc", type=Path, help="also write the pages as a crawl (.warc or .warc.gz)")
    args = parser.parse_args(argv)
    if args.pages < 0 or not 0 <= args.html_share <= 1:
        parser.error("pages must be 0 or more and --html-share between 0 and 1")
    made = generate_corpus(args.pages, args.out_dir, args.seed, args.source, args.html_share, args.warc)
    print(f"{made['pages']} pages ({made['html']} HTML), {made['words']} words, {made['sites']} sites "
          f"in {args.out_dir}" + (f"; WARC {args.warc}" if args.warc else ""))
    print("changes: " + ", ".join(f"{kind} {count}" for kind, count in made["changes"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
