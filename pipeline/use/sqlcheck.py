"""Which statements ``raingan sql`` runs: one read query, as DuckDB's own parser types it.

This check is the first of two walls. It is the one that can say *why* a query is refused in words (a
COPY writes files, an INSTALL fetches an extension), before anything runs. The second is the locked-down
connection (:func:`pipeline.use.sql.lock_down`): DuckDB itself refuses any file outside the tables, so
whatever this check lets through still reads nothing else.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from pipeline.errors import QueryRefused
from schemas.records import OUTPUT_TABLES

#: Statement types that only read. DuckDB types WITH, FROM-first, VALUES, SHOW, DESCRIBE, SUMMARIZE and a
#: PIVOT with its IN list as SELECT. EXPLAIN reads when what it explains does (EXPLAIN ANALYZE runs it);
#: PRAGMA when it is one of :data:`READ_PRAGMAS`.
READ_TYPES = frozenset({"SELECT", "EXPLAIN", "PRAGMA"})

#: PRAGMAs that only describe the views and DuckDB. The others change a setting (enable_profiling, threads,
#: disable_optimizer …) or read and write database files (import_database, copy_database); a PRAGMA that
#: assigns (``PRAGMA memory_limit = '1GB'``) is typed SET.
READ_PRAGMAS = frozenset(
    {
        "table_info",
        "show",
        "show_tables",
        "show_tables_expanded",
        "show_databases",
        "database_list",
        "database_size",
        "functions",
        "collations",
        "version",
        "platform",
        "user_agent",
        "extension_versions",
    }
)

#: What a refused statement type would do, for the message.
WOULD = {
    "COPY": "reads or writes files",
    "COPY_DATABASE": "copies a database to a file",
    "EXPORT": "writes files",
    "ATTACH": "opens another database",
    "DETACH": "closes a database",
    "LOAD": "installs or loads a DuckDB extension",
    "SET": "changes a setting",
    "VARIABLE_SET": "sets a variable",
    "CREATE": "creates something in the database",
    "CREATE_FUNC": "creates a function",
    "INSERT": "changes the database",
    "UPDATE": "changes the database",
    "DELETE": "changes the database",
    "MERGE_INTO": "changes the database",
    "ALTER": "changes the database",
    "DROP": "changes the database",
    "VACUUM": "changes the database",
    "ANALYZE": "changes the database",
    "TRANSACTION": "starts or ends a transaction",
    "PREPARE": "prepares a statement for later",
    "EXECUTE": "runs a prepared statement",
    "CALL": "calls a procedure (a table function reads as SELECT * FROM function(...))",
    "MULTI": "runs several statements (a PIVOT without an IN list does, to find its columns first: name "
    "them, PIVOT documents ON form IN ('kpi_report', 'unknown') USING count(*))",
}

HINT = (
    "raingan sql runs one read query (SELECT, WITH, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN, PRAGMA table_info …) "
    "over the tables of the output folder only, the views "
    + ", ".join(model.table for model in OUTPUT_TABLES)
    + "; to keep the results, use --format csv or json and redirect them to a file"
)


class Word(NamedTuple):
    """A token of the query other than a comment: where it starts and its text."""

    start: int
    text: str


def read_statement(db: duckdb.DuckDBPyConnection, query: str) -> duckdb.Statement:
    """The one statement of ``query``, when it only reads. A query DuckDB cannot parse raises DuckDB's
    own error (the query failed, said as DuckDB says it); anything else refused raises
    :class:`QueryRefused` with what was refused and why."""
    statements = db.extract_statements(query)
    if not statements:
        raise QueryRefused("the query was refused: it holds no statement", HINT)
    if len(statements) > 1:
        raise QueryRefused(
            f"the query was refused: it holds {len(statements)} statements; raingan sql runs one per call",
            HINT,
        )
    why = why_not_a_read(db, statements[0])
    if why is not None:
        raise QueryRefused(f"the query was refused: {why}; raingan sql only reads the tables", HINT)
    return statements[0]


def why_not_a_read(db: duckdb.DuckDBPyConnection, statement: duckdb.Statement) -> str | None:
    """None when ``statement`` only reads, else what it would do."""
    words = _words(statement.query)
    first = words[0].text.upper() if words else "the statement"
    kind = _type_name(statement)
    if kind == "PRAGMA":
        name = words[1].text.strip('"').lower() if len(words) > 1 else ""
        if name in READ_PRAGMAS:
            return None
        return (
            f"PRAGMA {name} is not one of the pragmas that only describe ({', '.join(sorted(READ_PRAGMAS))})"
        )
    if kind == "EXPLAIN":
        return (
            None
            if _explains_a_read(db, statement.query, words)
            else f"{first} explains a statement that is not a read"
        )
    if kind in READ_TYPES:
        return None
    return f"{first} {WOULD.get(kind, 'is not a read query')}"


def _type_name(statement: duckdb.Statement) -> str:
    """The statement's type by name; a type DuckDB's Python client cannot name (it raises ValueError for
    statements newer than its enum, such as UPDATE EXTENSIONS) is no read."""
    try:
        return statement.type.name
    except ValueError:
        return "UNKNOWN"


def _explains_a_read(db: duckdb.DuckDBPyConnection, query: str, words: list[Word]) -> bool:
    """Whether the statement after ``EXPLAIN [ANALYZE] [(options)]`` is one read. The tokenizer cannot
    tell ``EXPLAIN (FORMAT json) SELECT …`` from ``EXPLAIN (SELECT …)``, so both readings are tried."""
    at = 1
    if len(words) > at and words[at].text.upper() in {"ANALYZE", "ANALYSE"}:
        at += 1
    if len(words) <= at:
        return False
    candidates = [query[words[at].start :]]
    if words[at].text == "(":
        depth = 0
        for index in range(at, len(words)):
            depth += words[index].text.count("(") - words[index].text.count(")")
            if depth == 0:
                if index + 1 < len(words):
                    candidates.append(query[words[index + 1].start :])
                break
    for candidate in candidates:
        try:
            inner = db.extract_statements(candidate)
        except duckdb.Error:
            continue
        if len(inner) == 1 and why_not_a_read(db, inner[0]) is None:
            return True
    return False


def _words(query: str) -> list[Word]:
    """The tokens of ``query`` without its comments, by DuckDB's tokenizer."""
    tokens = duckdb.tokenize(query)
    ends = [start for start, _ in tokens[1:]] + [len(query)]
    return [
        Word(start, query[start:end].strip())
        for (start, kind), end in zip(tokens, ends, strict=True)
        if kind != duckdb.token_type.comment
    ]
