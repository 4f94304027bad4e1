"""``raingan sql`` reads the tables and nothing else: one read statement, no file, setting or extension
outside them; a refusal is a usage error (exit code 2) that says what was refused and why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.cells import cell_len

from pipeline.cli import main
from pipeline.config import Config
from pipeline.errors import ExitCode
from pipeline.run.serial import run_serial
from pipeline.use.sql import connect
from pipeline.use.sqlcheck import read_statement

REPO = Path(__file__).resolve().parents[1]
FILES = [
    REPO / "data" / "raw" / "kpi_report_chatuchak_fy2565.txt",
    REPO / "data" / "raw" / "project_progress_dindaeng_fy2565.txt",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sql") / "out"
    run = run_serial(FILES, Config(out_dir=folder, show_progress=False))
    assert len(run.results) == len(FILES)
    return folder


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder outside OUT holding a Parquet file, that is also the working folder and HOME (where DuckDB
    would spill, install extensions and keep secrets): the tests check nothing appears in it."""
    table = pa.table({"secret": ["outside"]})
    pq.write_table(table, tmp_path / "outside.parquet")
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def raingan_sql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``raingan sql ARGS`` in this process, through the entry point that turns errors into exit codes."""
    monkeypatch.setattr(sys, "argv", ["raingan", "sql", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    captured = capsys.readouterr()
    code = stopped.value.code
    assert isinstance(code, int)
    return code, captured.out, captured.err


def flat(text: str) -> str:
    """``text`` without whitespace: the console wraps long messages (and long paths) at its width."""
    return "".join(text.split())


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder`` (links not followed) with its size and modification time."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        stat = path.lstat()
        found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


def test_read_queries_return_the_rows(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = pq.read_table(out / "documents.parquet").to_pylist()
    entries = pq.read_table(out / "entries.parquet").to_pylist()
    assert len(documents) == 2 and len(entries) > 5

    def rows(query: str) -> list[str]:
        code, stdout, stderr = raingan_sql(monkeypatch, capsys, query, "--out", str(out), "--format", "csv")
        assert code == ExitCode.OK, stderr
        assert stdout.startswith("\ufeff")  # the byte-order mark: Excel reads the Thai as UTF-8
        return stdout.removeprefix("\ufeff").splitlines()

    assert rows("SELECT count(*) AS n FROM documents") == ["n", "2"]
    assert rows("SELECT count(*) AS n FROM entries JOIN documents USING (doc_id)") == ["n", str(len(entries))]
    by_form = Counter(doc["form"] for doc in documents)
    assert rows("SELECT form, count(*) AS n FROM documents GROUP BY form ORDER BY form") == [
        "form,n",
        *(f"{form},{n}" for form, n in sorted(by_form.items())),
    ]
    per_doc = Counter(entry["doc_id"] for entry in entries)
    assert rows(
        "WITH e AS (SELECT doc_id, count(*) AS n FROM entries GROUP BY doc_id) "
        "SELECT d.doc_id, e.n FROM documents d JOIN e USING (doc_id) ORDER BY d.doc_id"
    ) == ["doc_id,n", *(f"{doc_id},{n}" for doc_id, n in sorted(per_doc.items()))]
    # a table's own files, named as the README's DuckDB example names them, are part of the tables
    glob = str(out / "documents.parquet" / "*.parquet")
    assert rows(f"SELECT count(*) AS n FROM read_parquet('{glob}')") == ["n", "2"]
    assert "entries" in rows("SHOW TABLES")
    assert any(line.startswith("doc_id,") for line in rows("DESCRIBE documents"))
    assert rows("SELECT name FROM pragma_table_info('documents') LIMIT 1") == ["name", "doc_id"]
    assert len(rows("PRAGMA table_info('entries')")) > 5
    assert rows("EXPLAIN SELECT count(*) FROM documents")[0] == "explain_key,explain_value"


#: (query, what the message says): {out} is the output folder, {tmp} a folder outside it
REFUSED = [
    (
        "SELECT * FROM read_csv('/etc/passwd')",
        'reaches outside the tables of {out} (Cannot access file "/etc/passwd"',
    ),
    (
        "SELECT * FROM read_text('/etc/passwd')",
        'reaches outside the tables of {out} (Cannot access file "/etc/passwd"',
    ),
    ("SELECT * FROM read_parquet('{tmp}/outside.parquet')", "reaches outside the tables"),
    # up from a table's folder to the root (where `..` stays), then down to the file outside
    (
        "SELECT * FROM read_parquet('{out}/documents.parquet" + "/.." * 30 + "{tmp}/outside.parquet')",
        "reaches outside",
    ),
    ("SELECT * FROM read_blob('{out}/.raingan/state.sqlite')", "reaches outside the tables"),
    ("SELECT * FROM read_text('{out}/logs/*.jsonl')", "reaches outside the tables"),
    ("SELECT * FROM glob('/etc/*')", "reaches outside the tables"),
    ("SELECT * FROM read_parquet('https://example.com/x.parquet')", "reaches outside the tables"),
    ("COPY documents TO '{tmp}/x.csv'", "COPY reads or writes files"),
    ("COPY (SELECT * FROM entries) TO '{tmp}/x.csv' (FORMAT csv)", "COPY reads or writes files"),
    ("EXPORT DATABASE '{tmp}/export'", "EXPORT writes files"),
    ("ATTACH '{tmp}/x.db'", "ATTACH opens another database"),
    ("INSTALL httpfs", "INSTALL installs or loads a DuckDB extension"),
    ("LOAD httpfs", "LOAD installs or loads a DuckDB extension"),
    ("SET enable_external_access = true", "SET changes a setting"),
    ("RESET lock_configuration", "RESET changes a setting"),
    ("PRAGMA memory_limit = '1GB'", "PRAGMA changes a setting"),
    ("PRAGMA enable_profiling", "PRAGMA enable_profiling is not one of the pragmas that only describe"),
    ("PRAGMA import_database('{tmp}')", "PRAGMA import_database is not one of the pragmas"),
    ("SELECT 1; SELECT 2", "it holds 2 statements; raingan sql runs one per call"),
    ("SELECT count(*) FROM documents; COPY documents TO '{tmp}/x.csv'", "it holds 2 statements"),
    ("CREATE TABLE t AS SELECT 1", "CREATE creates something in the database"),
    ("DROP VIEW documents", "DROP changes the database"),
    ("EXPLAIN ANALYZE COPY documents TO '{tmp}/x.csv'", "EXPLAIN explains a statement that is not a read"),
    ("CALL pragma_table_info('documents')", "CALL calls a procedure"),
    ("   -- nothing but a comment", "it holds no statement"),
]


@pytest.mark.parametrize(("query", "said"), REFUSED, ids=[q for q, _ in REFUSED])
def test_refused_with_exit_code_2_and_why(
    out: Path,
    sandbox: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    query: str,
    said: str,
) -> None:
    before, tables_before = snapshot(sandbox), snapshot(out)
    code, stdout, stderr = raingan_sql(
        monkeypatch, capsys, query.format(out=out, tmp=sandbox), "--out", str(out)
    )
    assert code == ExitCode.USAGE == 2
    assert stdout == ""
    message = flat(stderr)
    assert message.startswith(flat("error: the query was refused:")), stderr
    assert flat(said.format(out=out, tmp=sandbox)) in message, stderr
    assert flat("what to do: raingan sql runs one read query") in message
    assert flat("the views documents, entries, metrics") in message
    assert "Traceback" not in stderr
    # nothing written: not the COPY's file, not the attached database, not DuckDB's spill folder or
    # extensions in the working folder and HOME, not the tables
    assert snapshot(sandbox) == before
    assert snapshot(out) == tables_before
    assert not (sandbox / "x.csv").exists() and not (sandbox / "x.db").exists()


def test_the_connection_refuses_by_itself(out: Path, sandbox: Path) -> None:
    """The second wall: the locked-down connection refuses with DuckDB's own errors what the statement check
    would have stopped first, and still reads its views."""
    before = snapshot(sandbox)
    db = connect(out)
    try:
        settings = dict(
            db.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
                "'lock_configuration', 'autoload_known_extensions', 'autoinstall_known_extensions', "
                "'temp_directory', 'python_enable_replacements')"
            ).fetchall()
        )
        assert settings == {
            "enable_external_access": "false",
            "lock_configuration": "true",
            "autoload_known_extensions": "false",
            "autoinstall_known_extensions": "false",
            "temp_directory": "",
            "python_enable_replacements": "false",
        }
        for statement in [
            f"COPY documents TO '{sandbox}/x.csv'",
            f"ATTACH '{sandbox}/x.db'",
            "INSTALL httpfs",
            "LOAD httpfs",
            f"SELECT * FROM read_parquet('{sandbox}/outside.parquet')",
            "SELECT * FROM read_csv('/etc/passwd')",
        ]:
            with pytest.raises(duckdb.PermissionException):
                db.execute(statement)
        for statement in [
            "SET enable_external_access = true",
            "SET lock_configuration = false",
            f"SET allowed_directories = ['{sandbox}/']",
            "SET autoinstall_known_extensions = true",
            "PRAGMA memory_limit = '1GB'",
        ]:
            with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
                db.execute(statement)
        assert db.execute("SELECT count(*) FROM documents").fetchall() == [(2,)]
    finally:
        db.close()
    assert snapshot(sandbox) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT 1",
        "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
        "FROM range(3)",
        "VALUES (1), (2)",
        "SHOW TABLES",
        "DESCRIBE SELECT 1",
        "SUMMARIZE SELECT 1 AS a",
        "EXPLAIN SELECT 1",
        "EXPLAIN ANALYZE SELECT 1",
        "EXPLAIN (FORMAT json) SELECT 1",
        "EXPLAIN (SELECT 1)",
        "/* a comment */ PRAGMA show_tables",
        "PRAGMA version",
        "PIVOT (SELECT 'a' AS f) ON f IN ('a', 'b') USING count(*)",
        "SELECT 1;",
    ],
)
def test_read_statements_allowed(query: str) -> None:
    db = duckdb.connect()
    try:
        statement = read_statement(db, query)
        db.execute(statement).fetchall()
    finally:
        db.close()


def test_refusal_from_a_real_process(out: Path, tmp_path: Path) -> None:
    """The installed entry point end to end: exit code 2 and the message on stderr, no traceback."""

    def raingan(query: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "sql", query, "--out", str(out)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
            env={**os.environ, "COLUMNS": "300", "HOME": str(tmp_path)},
        )

    copy = raingan("COPY documents TO 'x.csv'")
    assert copy.returncode == 2, copy.stderr
    assert (
        "the query was refused: COPY reads or writes files" in copy.stderr and "Traceback" not in copy.stderr
    )
    passwd = raingan("SELECT * FROM read_csv('/etc/passwd')")
    assert passwd.returncode == 2, passwd.stderr
    assert "reaches outside the tables" in passwd.stderr and "Traceback" not in passwd.stderr
    assert list(tmp_path.iterdir()) == []
    ok = raingan("SELECT count(*) FROM documents")
    assert ok.returncode == 0 and "2" in ok.stdout, ok.stderr


def test_an_output_folder_whose_name_looks_like_a_pattern(out: Path, tmp_path: Path) -> None:
    """``[``, ``*`` and ``?`` in the output folder's path are names, not a glob DuckDB would expand; a file
    dropped into a table's folder by hand is not one of its rows."""
    odd = tmp_path / "out [fy2565] *?"
    shutil.copytree(out, odd, symlinks=True)
    stray = odd / "documents.parquet" / "stray.parquet"
    shutil.copy(next((odd / "documents.parquet").glob("fy*.parquet")), stray)
    with connect(odd) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchall() == [(len(FILES),)]
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 0  # type: ignore[index]


# -- for people: the formats, NULL, rounding, records, the schema -------------------------------------


def test_json_is_an_array_and_jsonl_lines(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT form, n_entries, NULL AS nothing FROM documents ORDER BY form"
    code, stdout, stderr = raingan_sql(monkeypatch, capsys, query, "--out", str(out), "--format", "json")
    assert code == ExitCode.OK, stderr
    documents = sorted(pq.read_table(out / "documents.parquet").to_pylist(), key=lambda d: d["form"])
    expected = [{"form": d["form"], "n_entries": d["n_entries"], "nothing": None} for d in documents]
    assert json.loads(stdout) == expected
    code, stdout, stderr = raingan_sql(monkeypatch, capsys, query, "--out", str(out), "--format", "jsonl")
    assert [json.loads(line) for line in stdout.splitlines()] == expected


def test_csv_neutralises_formulas(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT '=1+1' AS f, '- ร้อยละ 80' AS bullet, '-5' AS number, 'ร้อยละ' AS thai"
    code, stdout, _ = raingan_sql(monkeypatch, capsys, query, "--out", str(out), "--format", "csv")
    assert code == ExitCode.OK
    assert stdout.removeprefix("\ufeff").splitlines() == [
        "f,bullet,number,thai",
        "'=1+1,'- ร้อยละ 80,-5,ร้อยละ",
    ]


def test_table_shows_null_and_rounds_floats_for_display_only(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT NULL AS nothing, 2.0/3 AS third, 'NULL' AS word, 12.5 AS half"
    code, stdout, _ = raingan_sql(monkeypatch, capsys, query, "--out", str(out))
    assert code == ExitCode.OK
    row = next(line for line in stdout.splitlines() if "0.6667" in line)
    assert [c.strip() for c in row.strip("│ ").split("│")] == ["NULL", "0.6667", "NULL", "12.5"]
    code, stdout, _ = raingan_sql(monkeypatch, capsys, query, "--out", str(out), "--format", "csv")
    assert stdout.removeprefix("\ufeff").splitlines()[1] == ",0.6666666666666666,NULL,12.5"


def test_wide_rows_become_records_with_whole_headers(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline import cli

    monkeypatch.setattr(cli.console, "_width", 80)
    code, stdout, _ = raingan_sql(monkeypatch, capsys, "SELECT * FROM documents", "--out", str(out))
    assert code == ExitCode.OK
    assert "a block per row" in stdout and "── row 1 " in stdout and "── row 2 " in stdout
    names = pq.read_schema(next((out / "documents.parquet").glob("*.parquet"))).names
    lines = stdout.splitlines()
    for name in names:  # every column's name whole, at the start of its line
        assert any(line.startswith(name + " ") for line in lines), name
    assert all(cell_len(line) <= 80 for line in lines)  # Thai marks take no cell
    # a narrow query stays a table
    code, stdout, _ = raingan_sql(monkeypatch, capsys, "SELECT form FROM documents", "--out", str(out))
    assert "┃ form" in stdout and "── row" not in stdout
    code, stdout, _ = raingan_sql(
        monkeypatch, capsys, "SELECT form FROM documents", "--out", str(out), "--format", "records"
    )
    assert "── row 1 " in stdout


def test_schema_lists_tables_columns_and_meanings(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline import cli

    monkeypatch.setattr(cli.console, "_width", 160)
    code, stdout, _ = raingan_sql(monkeypatch, capsys, "--schema", "--out", str(out))
    assert code == ExitCode.OK
    assert "documents  (2 rows)" in stdout and "entries  (" in stdout
    assert "sha256 of the file bytes" in stdout
    assert "SHOW TABLES" in stdout and "DESCRIBE" in stdout
    code, _, stderr = raingan_sql(monkeypatch, capsys, "--out", str(out))
    assert code == 2 and "--schema" in stderr
