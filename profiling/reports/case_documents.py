"""A recruitment round's case documents as PDFs - one file per document, as a case system (ESDH) files them: the
minutes, the declarations of (dis)qualification, each scorecard with its notes, each reference, each hearing
letter and answer, each answer sent to an applicant - and the zip files made of them: an applicant's own case
(partsaktindsigt) and the whole case with its metadata for filing (journalisering).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from profiling import formatting
from profiling.domain.text import Language
from profiling.i18n import translate
from profiling.reports.pdf import Report


@dataclass(frozen=True)
class Document:
    """One case document: what it is, about whom (None: the whole round), when, and the PDF."""

    kind: str  # minutes, declarations, scorecard, reference, hearing_letter, hearing_answer, answer
    title: str
    dated: date
    filename: str
    content: bytes
    person_id: int | None = None


@dataclass(frozen=True)
class Entry:
    """One line of a document: a label (bold) and text under it."""

    label: str
    text: str = ""


@dataclass
class Sheet:
    """What a document says, in order, before it is drawn."""

    title: str
    meta: str
    entries: list[Entry] = field(default_factory=list)


def render(sheet: Sheet, language: Language) -> bytes:
    """A document as a PDF: its title, a line of facts, then each entry (user text drawn literally)."""
    pdf = Report(sheet.title, language)
    pdf.heading(sheet.title, 14)
    pdf.paragraph(sheet.meta, 8.5)
    pdf.ln(2)
    for entry in sheet.entries:
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.multi_cell(0, 4.8, entry.label, new_x="LMARGIN", new_y="NEXT")
        if entry.text:
            pdf.paragraph(entry.text, 9)
        pdf.ln(1)
    return bytes(pdf.output())


def document(kind: str, sheet: Sheet, dated: date | datetime, number: int, language: Language,
             person_id: int | None = None) -> Document:
    """The sheet drawn as a PDF, filed under a name that sorts by number and says what it is."""
    day = dated.date() if isinstance(dated, datetime) else dated
    slug = "".join(c if c.isalnum() else "-" for c in translate(f"case.kind.{kind}", language).lower()).strip("-")
    return Document(kind=kind, title=sheet.title, dated=day, filename=f"{number:02d}-{slug}.pdf",
                    content=render(sheet, language), person_id=person_id)


def package(documents: Sequence[Document], extra: dict[str, bytes] | None = None) -> bytes:
    """A zip of the documents (and any extra files by name)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in documents:
            archive.writestr(doc.filename, doc.content)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


@dataclass(frozen=True)
class CaseMetadata:
    """What a case system needs to file the case."""

    title: str
    kle: str
    opened_on: date
    closed_on: date | None
    owner: str
    parties: Sequence[tuple[int, str]]  # (person id, name) of the applicants


def metadata_files(case: CaseMetadata, documents: Sequence[Document], names: dict[int, str]) -> dict[str, bytes]:
    """metadata.json and metadata.csv (one row per document, for import tools) of a case file."""
    listed = [
        {"file": d.filename, "kind": d.kind, "title": d.title, "date": d.dated.isoformat(),
         "party": names.get(d.person_id, "") if d.person_id is not None else ""}
        for d in documents
    ]
    document_json = {
        "case": {
            "title": case.title, "kle": case.kle, "opened_on": case.opened_on.isoformat(),
            "closed_on": case.closed_on.isoformat() if case.closed_on else None, "responsible": case.owner,
            "parties": [{"id": pid, "name": name, "role": "applicant"} for pid, name in case.parties],
        },
        "documents": listed,
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["file", "kind", "title", "date", "party", "case_title", "kle"],
                            delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in listed:
        writer.writerow({**row, "case_title": case.title, "kle": case.kle})
    return {
        "metadata.json": json.dumps(document_json, ensure_ascii=False, indent=2).encode("utf-8"),
        "metadata.csv": out.getvalue().encode("utf-8-sig"),
    }


def meta_line(language: Language, *parts: str) -> str:
    return " · ".join(p for p in parts if p)


def when(value: date | datetime | None, language: Language) -> str:
    return formatting.day(value, language) if value is not None else formatting.DASH
