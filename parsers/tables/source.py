"""The tables a source holds itself (Word tables, Excel sheets: :class:`~parsers.document.inputs.TableInput`)
as drafts over the document's normalised text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from parsers.document.doctext import DocText
from parsers.document.pages import PreparedPage
from parsers.tables.model import CellDraft, TableDraft


def source_tables(doc: DocText, pages: Sequence[PreparedPage]) -> list[TableDraft]:
    """Every table the pages' sources hold, in page order; cell spans moved from each page's raw text to
    the document's normalised text."""
    drafts: list[TableDraft] = []
    for index, page in enumerate(pages):
        if not page.tables:
            continue
        mapped, base = page.normalized.mapped, doc.offsets[index]
        for table in page.tables:
            cells = []
            for c in table.cells:
                start, end = mapped.text_span(c.start, c.end)
                cells.append(
                    CellDraft(
                        c.row,
                        c.col,
                        base + start,
                        base + end,
                        c.row_span,
                        c.col_span,
                        c.header,
                        c.number,
                        None if c.day is None else date.fromisoformat(c.day),
                    )
                )
            drafts.append(
                TableDraft(
                    table.method,
                    index,
                    index,
                    table.n_rows,
                    table.n_cols,
                    tuple(cells),
                    caption_text=table.caption,
                )
            )
    return drafts
