"""A run's inputs (:mod:`pipeline.run.inputs`): what is collected from the paths given, and which files
are the same file (linked, or named twice) and so taken once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.errors import NoInputError
from pipeline.run.inputs import RealPaths, collect_inputs


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An archive with linked files and folders, a loop and a link to nowhere; the working folder is
    ``tmp_path``, so that relative paths can be given too.

    ::

        archive/a.txt, archive/b.pdf, archive/notes.doc
        archive/same-as-a.txt -> a.txt            (a linked file: the same as a.txt)
        archive/sub/c.txt
        archive/sub/a-again.txt -> ../a.txt       (the same as a.txt)
        archive/sub/up -> ..                       (a loop: not followed)
        archive/linked -> ../elsewhere             (a linked folder: followed)
        archive/gone.txt -> nowhere.txt            (a link to nowhere)
        elsewhere/d.html, elsewhere/link-to-c.txt -> ../archive/sub/c.txt
    """
    monkeypatch.chdir(tmp_path)
    archive, elsewhere = tmp_path / "archive", tmp_path / "elsewhere"
    (archive / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    for path in (archive / "a.txt", archive / "b.pdf", archive / "notes.doc", archive / "sub" / "c.txt"):
        path.write_text(path.name)
    (elsewhere / "d.html").write_text("d")
    (archive / "same-as-a.txt").symlink_to("a.txt")
    (archive / "sub" / "a-again.txt").symlink_to(Path("..") / "a.txt")
    (archive / "sub" / "up").symlink_to("..", target_is_directory=True)
    (archive / "linked").symlink_to(Path("..") / "elsewhere", target_is_directory=True)
    (archive / "gone.txt").symlink_to("nowhere.txt")
    (elsewhere / "link-to-c.txt").symlink_to(archive / "sub" / "c.txt")
    return tmp_path


def test_resolved_paths_are_those_of_path_resolve(tree: Path) -> None:
    real = RealPaths()
    paths = [
        Path(p)
        for p in (
            "archive/a.txt",
            "archive/same-as-a.txt",
            "archive/sub/a-again.txt",
            "archive/sub/up/a.txt",
            "archive/sub/up/sub/up/sub/c.txt",
            "archive/linked/d.html",
            "archive/linked/link-to-c.txt",
            "archive/gone.txt",
            "archive/missing/x.txt",
            "archive/sub/../b.pdf",
            "archive/./sub",
            "archive/linked/..",
            "elsewhere/../archive/linked",
            ".",
            "..",
            "a.txt",
        )
    ]
    paths += [tree / p for p in paths] + [Path("/"), Path(tree.anchor) / "tmp"]
    for path in paths:
        assert real(path) == path.resolve(), path
    # asked again, from the folders kept: the same
    assert [real(p) for p in paths] == [p.resolve() for p in paths]


def test_a_file_linked_or_named_twice_is_taken_once(tree: Path) -> None:
    found = collect_inputs([Path("archive")], Config(out_dir=tree / "out"))
    # the first of each file in the walk's order; the others (links to it) are left out
    assert [str(p) for p in found.files] == [
        "archive/a.txt",
        "archive/b.pdf",
        "archive/gone.txt",
        "archive/linked/d.html",
        "archive/linked/link-to-c.txt",
    ]
    assert [str(p) for p in found.skipped] == ["archive/notes.doc"]
    assert [str(p) for p in found.loops] == ["archive/sub/up"]


def test_files_named_directly_and_in_folders(tree: Path) -> None:
    archive = tree / "archive"
    given = [
        Path("archive/sub/c.txt"),
        archive / "linked" / "link-to-c.txt",  # the same file, by a link
        Path("elsewhere"),
        Path("archive/sub/../a.txt"),
        Path("archive/sub/a-again.txt"),  # a link to the file before
        archive / "gone.txt",
        Path("archive/gone.txt"),  # the same link to nowhere, spelled another way
        Path("elsewhere/d.html"),  # also found in the folder before
    ]
    found = collect_inputs(given, Config(out_dir=tree / "out"))
    assert found.files == [
        Path("archive/sub/c.txt"),
        Path("elsewhere/d.html"),
        Path("archive/sub/../a.txt"),
        archive / "gone.txt",
    ]


def test_the_output_folder_is_never_read(tree: Path) -> None:
    out = tree / "archive" / "sub"
    (tree / "out-link").symlink_to(out, target_is_directory=True)
    given = [Path("archive"), Path("out-link/c.txt"), Path("archive/linked/../archive/sub/c.txt")]
    found = collect_inputs(given, Config(out_dir=Path("out-link")))
    assert [str(p) for p in found.excluded] == [
        "archive/sub",
        "out-link/c.txt",
        "archive/linked/../archive/sub/c.txt",
    ]
    assert "archive/same-as-a.txt" not in [str(p) for p in found.files]
    assert found.loops == []  # archive/sub/up is in the output folder: not even looked at
    with pytest.raises(NoInputError, match="no report files"):
        collect_inputs([Path("archive/sub")], Config(out_dir=out))


def test_a_folder_named_like_the_output_folder_is_read(tree: Path) -> None:
    """Only the output folder and what is in it are left out: not a folder whose name starts with its
    name (``out2`` beside ``out``), nor one the output folder's name starts with."""
    for name in ("out2", "ou", "out.old"):
        (tree / "archive" / name).mkdir()
        (tree / "archive" / name / f"{name}.txt").write_text(name)
    (tree / "archive" / "out").mkdir()
    (tree / "archive" / "out" / "inside.txt").write_text("no")
    found = collect_inputs([Path("archive")], Config(out_dir=Path("archive/out")))
    names = [p.name for p in found.files]
    assert {"out2.txt", "ou.txt", "out.old.txt"} <= set(names) and "inside.txt" not in names
    assert [str(p) for p in found.excluded] == ["archive/out"]
