"""Hostile supplier files made at run time, read in a child process that reports time and peak memory.

`python -m tests.hostile_inputs FOLDER CASE...` writes each case's file into FOLDER
(small on disk: the bombs are deflated), reads it with `read_suppliers` as
`vendorrisk check` and the hook do, and prints one JSON line per case: the outcome
(the rows' names, or the one-line error), the seconds the read took, and the
process's peak resident memory so far. An address-space limit of `MEMORY_CEILING`
keeps a regression from taking the machine down with it.
"""
from __future__ import annotations

import json
import resource
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

MEMORY_CEILING = 2 << 30
_CHUNK = 8 << 20


def _deep(opening: str, closing: str, depth: int = 100_000) -> str:
    return opening * depth + closing * depth


def yaml_alias_bomb(folder: Path) -> Path:
    lines = ['a0: &a0 ["Hikvision Europe B.V.", "Hikvision Europe B.V."]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    lines.append("vendors: [{name: Acme Widgets Ltd, notes: *a29}]")
    return _write(folder / "vendors.yaml", "\n".join(lines) + "\n")


def yaml_deep(folder: Path) -> Path:
    return _write(folder / "vendors.yaml", "vendors: " + _deep("[", "]") + "\n")


def json_deep_arrays(folder: Path) -> Path:
    return _write(folder / "vendors.json", '{"vendors": ' + _deep("[", "]") + "}")


def json_deep_objects(folder: Path) -> Path:
    return _write(folder / "vendors.json", '{"vendors": [{"name": "Acme", "x": ' + '{"a": ' * 100_000 + "1"
                  + "}" * 100_000 + "}]}")


def json_huge_number(folder: Path) -> Path:
    return _write(folder / "vendors.json", '{"vendors": [{"name": "Acme", "id": ' + "9" * 10_000 + "}]}")


def toml_deep(folder: Path) -> Path:
    return _write(folder / "vendors.toml", "[[vendors]]\nname = 'Acme'\nx = " + _deep("[", "]") + "\n")


def toml_huge_number(folder: Path) -> Path:
    return _write(folder / "vendors.toml", "[[vendors]]\nname = 'Acme'\nid = " + "9" * 10_000 + "\n")


def xlsx_whitespace_sheet(folder: Path) -> Path:
    """A workbook whose one sheet is 1.5 GiB of whitespace around its rows (about 7 MB on disk)."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>')
    tail = b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row></sheetData></worksheet>'
    return _workbook_with(folder / "bomb-sheet.xlsx", "xl/worksheets/sheet1.xml", head, b" ", 3 << 29, tail)


def xlsx_huge_shared_strings(folder: Path) -> Path:
    """A workbook with a 1.2 GB shared-strings part (about 5 MB on disk)."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/' \
           b'2006/main" count="1" uniqueCount="1"><si><t>'
    return _workbook_with(folder / "bomb-strings.xlsx", "xl/sharedStrings.xml", head, b"A", 1_200_000_000,
                          b"</t></si></sst>")


def _workbook_with(path: Path, part: str, head: bytes, filler: bytes, size: int, tail: bytes) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["name"])
    book.active.append(["Acme Widgets Ltd"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            if info.filename != part:
                out.writestr(info, source.read(info))
        with out.open(part, "w", force_zip64=True) as target:
            target.write(head)
            chunk = filler * _CHUNK
            for _ in range(size // _CHUNK):
                target.write(chunk)
            target.write(filler * (size % _CHUNK) + tail)
    plain.unlink()
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CASES: dict[str, Callable[[Path], Path]] = {f.__name__: f for f in (
    yaml_alias_bomb, yaml_deep, json_deep_arrays, json_deep_objects, json_huge_number, toml_deep,
    toml_huge_number, xlsx_whitespace_sheet, xlsx_huge_shared_strings)}


def run(folder: Path, case: str) -> dict:
    """Make and read one case: its outcome, the read's seconds and the peak memory so far (MB)."""
    from vendorrisk.errors import VendorRiskError
    from vendorrisk.inputs import read_suppliers

    path = CASES[case](folder)
    start = time.monotonic()
    try:
        outcome = {"names": [getattr(r, "name", None) for r in read_suppliers(path)]}
    except VendorRiskError as exc:
        outcome = {"error": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - the very thing the tests look for
        outcome = {"crash": f"{type(exc).__name__}: {str(exc)[:200]}"}
    seconds = time.monotonic() - start
    path.unlink()
    return {"case": case, **outcome, "seconds": round(seconds, 3), "peak_mb": round(peak_mb(), 1)}


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's VmHWM belongs to the process image, so it starts afresh at exec;
    `ru_maxrss` would still count the memory of the (large) pytest process that
    forked this one.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kilobytes) / 1024


def main(argv: list[str]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))
    folder = Path(argv[0])
    for case in argv[1:]:
        print(json.dumps(run(folder, case)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
