"""Saved web pages to plain text: the text a reader sees, one rendered line per line.

Also the HTML knowledge the reader needs before decoding: :func:`declared_charset` (the
``<meta charset>`` label), :func:`codec_for_label`, :func:`looks_like_page` and :func:`has_markup`.

Rules (what :func:`html_to_text` keeps and drops, and why):

* Dropped with their content: ``script``, ``style``, ``noscript``, ``template``, ``head`` (so also
  ``title``), ``title`` anywhere, ``iframe``, ``datalist``, ``noembed``, ``noframes``, comments,
  ``<!DOCTYPE>``, CDATA and processing instructions. The ``<title>`` is dropped because a browser
  does not show it in the page: the text export of the same page does not contain it either, and
  both should parse the same.
* Kept although a browser may hide it: elements with ``hidden`` or ``style="display:none"``.
  Saved report pages hide whole quarters in tabs and collapsed panels that way; losing report data
  is worse than keeping a little page chrome.
* Whitespace collapses as in a browser (a run of spaces, tabs, newlines and ``&nbsp;`` becomes one
  space) except inside ``pre``/``textarea``/``listing``/``xmp``/``plaintext``, which keep theirs.
  No line has leading spaces (outside ``pre``) or trailing spaces.
* Block elements (``div``, ``p``, ``tr``, ``li``, ``h1``–``h6``, ``table``, ``hr`` …) start and end
  a line; ``p`` and ``h1``–``h6`` leave one blank line around them; ``<br>`` ends the line where it
  stands (so ``<br><br>`` leaves a blank line). Runs of blank lines collapse to one; the text has no
  leading or trailing blank line and no final newline.
* Table cells (``td``, ``th``) of one row are joined by ONE SPACE, so a report row
  ``<td>ค่าเป้าหมาย คะแนน :</td><td>10</td>`` reads ``ค่าเป้าหมาย คะแนน : 10``, exactly as the text
  exports of the same pages do. The price: cell boundaries are not marked.
* ``<select>`` shows only its selected option (else its first one), as a browser does, so a fiscal
  year picker yields ``2564``, not the list of every year on offer.
* Entities are decoded (``&#3585;`` → ``ก``). Malformed markup never raises: stray end tags are
  ignored and unclosed elements end with the document.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Final

#: elements whose content is never shown
_HIDDEN: Final = frozenset(
    {"datalist", "head", "iframe", "noembed", "noframes", "noscript", "script", "style", "template", "title"}
)
#: elements allowed inside <head>; any other start tag means the (unclosed) head has ended
_HEAD_CONTENT: Final = frozenset(
    {"base", "basefont", "bgsound", "link", "meta", "noscript", "script", "style", "template", "title"}
)
#: elements that clear the previous one of the same name instead of nesting in it
_AUTO_CLOSED: Final = frozenset({"dd", "dt", "li", "option", "p", "td", "th", "tr"})
_PREFORMATTED: Final = frozenset({"listing", "plaintext", "pre", "textarea", "xmp"})
_PARAGRAPHS: Final = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS: Final = _PARAGRAPHS | frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol",
        "plaintext", "pre", "section", "summary", "table", "tbody", "textarea", "tfoot", "thead",
        "tr", "ul", "xmp",
    }
)  # fmt: skip
_CELLS: Final = frozenset({"td", "th"})
#: HTML collapses ASCII whitespace; &nbsp; is collapsed too so that padding never splits a "label : value"
_COLLAPSIBLE: Final = re.compile(r"[ \t\n\r\f\xa0]+")

#: how far into the file a <meta charset> is looked for (browsers use 1 KiB; saved pages put long
#: "saved from" comments and inline styles first)
PRESCAN_BYTES: Final = 8192
_META_CHARSET: Final = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_THAI_LABELS: Final = frozenset(
    {"windows-874", "x-windows-874", "cp874", "ms874", "dos-874", "ibm874", "tis-620", "tis620"}
    | {"iso-8859-11", "iso8859-11", "iso_8859-11"}
)
# WHATWG: a <meta> readable as ASCII cannot be UTF-16, so browsers take these labels as UTF-8
_UTF8_LABELS: Final = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be"})
# WHATWG: browsers read all of these as windows-1252
_LATIN_LABELS: Final = frozenset(
    {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "l1", "windows-1252", "cp1252"}
)
_PAGE_START: Final = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_MARKUP: Final = re.compile(r"<[A-Za-z!/?]")


def looks_like_page(data: bytes) -> bool:
    """True when the bytes open like a web page (``<!DOCTYPE html>`` or ``<html>``, maybe after comments)."""
    return _PAGE_START.match(data[:PRESCAN_BYTES]) is not None


def has_markup(text: str) -> bool:
    """True when ``text`` holds anything that looks like a tag, a comment or a declaration."""
    return _MARKUP.search(text) is not None


def codec_for_label(label: str) -> str | None:
    """The Python codec for a page's charset label, or None for a label we do not read.

    Only Unicode, Thai and Western labels are known: a Bangkok report page uses nothing else, and
    an unknown label is safer ignored (the bytes decide) than trusted. Thai labels all map to cp874.

    >>> codec_for_label("tis-620")
    'cp874'
    """
    if label in _THAI_LABELS:
        return "cp874"
    if label in _UTF8_LABELS:
        return "utf-8"
    return "cp1252" if label in _LATIN_LABELS else None


def declared_charset(data: bytes) -> str | None:
    """The charset label a page declares in a ``<meta>`` near its start, lower-cased, or None.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-874">')
    'windows-874'
    """
    found = _META_CHARSET.search(data[:PRESCAN_BYTES])
    return found.group(1).decode("ascii").lower() if found else None


class _Lines:
    """Lays text out line by line the way a browser renders inline text between blocks."""

    def __init__(self) -> None:
        self._done: list[str] = []
        self._line = ""
        self._space = False  # a collapsed space is owed before the next word on this line
        self._breaks = 0  # line breaks owed before the next text: 1 = new line, 2 = blank line

    def text(self, data: str) -> None:
        """Flowing text: whitespace runs collapse to one space."""
        collapsed = _COLLAPSIBLE.sub(" ", data)
        if not collapsed:
            return
        if collapsed[0] == " ":
            self._space = True
        core = collapsed.strip(" ")
        if core:
            self._put(core)
            self._space = collapsed[-1] == " "

    def preformatted(self, data: str) -> None:
        """Text of a ``<pre>``: spaces and newlines are kept."""
        first, *rest = data.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")
        self._put(first)
        for piece in rest:
            self._end_line()
            self._line = piece

    def space(self) -> None:
        """A word boundary with no character of its own (between table cells)."""
        if self._line:
            self._space = True

    def block(self, breaks: int) -> None:
        """A block boundary: the next text starts on a new line, after a blank one if ``breaks`` is 2."""
        self._breaks = max(self._breaks, breaks)
        self._space = False

    def br(self) -> None:
        """A ``<br>``: ends the current line even when it is empty."""
        self._pay_breaks()
        self._end_line()

    def finish(self) -> str:
        """The text laid out so far, blank-line runs collapsed, no blank line at either end."""
        if self._line:
            self._end_line()
        lines: list[str] = []
        for line in self._done:
            if line or (lines and lines[-1]):
                lines.append(line)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def _put(self, chunk: str) -> None:
        self._pay_breaks()
        if self._space and self._line and chunk:
            self._line += " "
        self._line += chunk
        self._space = False

    def _pay_breaks(self) -> None:
        # breaks owed before any text at all are dropped: the text never starts with a blank line
        if self._breaks and (self._done or self._line):
            if self._line:
                self._end_line()
            if self._breaks == 2 and self._done and self._done[-1]:
                self._done.append("")
        self._breaks = 0

    def _end_line(self) -> None:
        self._done.append(self._line.rstrip())
        self._line = ""
        self._space = False


class _VisibleText(HTMLParser):
    """Feeds the parser's events to :class:`_Lines`, skipping what a browser does not show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = _Lines()
        self._skip: str | None = None  # the hidden element being skipped …
        self._skip_depth = 0  # … and how deep the same element is nested in itself
        self._pre_depth = 0
        self._pre_fresh = False  # right after <pre>: a first newline is not content
        self._options: list[tuple[bool, list[str]]] | None = None  # inside a <select>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is not None:
            if self._skip == "head" and tag not in _HEAD_CONTENT:
                self._skip = None  # an unclosed <head> ends where the body's first element starts
            elif tag == self._skip and tag not in _AUTO_CLOSED:
                self._skip_depth += 1
                return
            else:
                return
        if tag in _HIDDEN:
            self._skip, self._skip_depth = tag, 1
        elif self._options is not None:
            if tag == "option":
                self._options.append((any(name == "selected" for name, _ in attrs), []))
        elif tag == "select":
            self._options = []
        elif tag == "br":
            self.lines.br()
        elif tag in _CELLS:
            self.lines.space()
        elif tag in _BLOCKS:
            self.lines.block(2 if tag in _PARAGRAPHS else 1)
            if tag in _PREFORMATTED:
                self._pre_depth += 1
                self._pre_fresh = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<br/>" is one break; any other "<x/>" is an empty element (so "<script/>" hides nothing)
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip = None
            return
        if self._options is not None:
            if tag == "select":
                self._close_select()
            return
        if tag == "br":
            self.lines.br()  # browsers read a stray "</br>" as "<br>"
        elif tag in _CELLS:
            self.lines.space()
        elif tag in _BLOCKS:
            self.lines.block(2 if tag in _PARAGRAPHS else 1)
            if tag in _PREFORMATTED and self._pre_depth:
                self._pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip is not None:
            return
        if self._options is not None:
            if self._options:
                self._options[-1][1].append(data)
            return
        if self._pre_depth:
            if self._pre_fresh:
                data = data.removeprefix("\r\n").removeprefix("\n")
            self._pre_fresh = False
            self.lines.preformatted(data)
        else:
            self.lines.text(data)

    def close(self) -> None:
        super().close()
        if self._options is not None:
            self._close_select()  # a <select> left open at the end of the file

    def _close_select(self) -> None:
        options = self._options or []
        self._options = None
        chosen = next((parts for selected, parts in options if selected), options[0][1] if options else [])
        self.lines.space()
        self.lines.text("".join(chosen))
        self.lines.space()


def html_to_text(html: str) -> str:
    """The visible text of a page, one rendered line per line (rules in the module docstring).

    >>> html_to_text("<tr><td>ค่าเป้าหมาย คะแนน :</td><td>10</td></tr><p>ผลงาน&nbsp;&#3585;</p>")
    'ค่าเป้าหมาย คะแนน : 10\\n\\nผลงาน ก'
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.lines.finish()
