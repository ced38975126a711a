"""Issue 17 §1 and §4: the merge checks bundles in worker processes and ends exactly as a
merge in one process; status counts are stored per version; the report's PDF is the
summary unless the full-text annex (--textos) is asked for; progress is reported."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess

import pytest
from test_bundle_factory import FACTORY_KEY, region_bundle, region_doc, sample_pdf

from sernam_desktop import central as central_mod
from sernam_desktop.bundle import bundle_bytes
from sernam_desktop.central import CentralDB, merge_workers
from sernam_desktop.central_report import Progress, report_basis, report_status, write_report
from sernam_desktop.cli.central_cmds import ProgressLine
from sernam_desktop.cli.main import main
from sernam_desktop.forms import default_form
from sernam_desktop.validation import status_counts


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext no está instalado")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _mixed_folder(folder) -> list[str]:
    """Bundles that exercise every outcome: accepted, duplicate (same file twice and the
    same version in another file), identity conflict, older revision, rejected."""
    folder.mkdir()
    uid = "0b6c2a52-7d0e-4d39-9a0c-5d8f3b7e0a11"
    files = {}
    for i, code in enumerate(f"{n:02d}" for n in range(1, 17)):
        files[f"a{i:02d}.sernam"] = region_bundle(region=code, servicio=f"Servicio {i % 3}")
    r2 = region_bundle(region="05", servicio="Mujer y Equidad", uid=uid, revision=2,
                       tweak="segunda")
    files["b-r2.sernam"] = r2
    files["b-r2-copia.sernam"] = r2  # byte-identical
    files["f-r1.sernam"] = region_bundle(region="05", servicio="Mujer y Equidad", uid=uid,
                                         revision=1, tweak="primera")  # older
    files["c-rival.sernam"] = region_bundle(region="05", servicio="Mujer y Equidad")
    files["d-danado.sernam"] = b"PK\x03\x04 esto no es un zip"
    doc = region_doc(region="09")
    doc["data"]["actividad_1_1"][0]["estado"] = "no-existe"  # a value no choice allows
    files["e-invalido.sernam"] = bundle_bytes(doc, sample_pdf(), signer=FACTORY_KEY)
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    return sorted(files)


def _state(c: CentralDB) -> dict:
    def rows(sql: str) -> list:
        return [tuple(r) for r in c.db.execute(sql).fetchall()]

    return {
        "submissions": rows("SELECT id, instance_uuid, revision, content_hash, servicio, region, "
                            "anio, complete, missing, bundle_name, bundle_sha256, pdf_sha256, "
                            "document, status_counts FROM submissions ORDER BY id"),
        "instances": rows("SELECT uuid, current_submission, active, servicio_key FROM instances "
                          "ORDER BY uuid"),
        "conflicts": rows("SELECT id, kind, submission_a, submission_b, resolved_at IS NULL "
                          "FROM conflicts ORDER BY id"),
        "imports": rows("SELECT file_name, outcome, message, submission_id, anio FROM imports "
                        "ORDER BY id"),
    }


def test_worker_processes_merge_exactly_like_one_process(tmp_path, monkeypatch):
    folder = tmp_path / "envios"
    names = _mixed_folder(folder)
    results = {}
    real = central_mod._Checker._start
    for workers in ("0", "1", "2"):  # no pool; one worker and the writer; two
        monkeypatch.setenv("SERNAM_DESKTOP_MERGE_WORKERS", workers)
        monkeypatch.setattr(central_mod, "PARALLEL_MIN", 2)  # a pool even for a few files
        monkeypatch.setattr(central_mod._Checker, "CHUNK", 3)
        monkeypatch.setattr(central_mod._Checker, "AHEAD", 4)
        monkeypatch.setattr(central_mod, "BATCH", 5)  # several transactions
        started = []

        def start(self, started=started):  # noqa: ANN001, ANN202
            ok = real(self)
            started.append(ok)
            return ok

        monkeypatch.setattr(central_mod._Checker, "_start", start)
        seen = []
        with CentralDB(tmp_path / f"central-{workers}.sqlite3") as c:
            outcomes = c.merge_paths([folder], on_progress=lambda d, t, seen=seen: seen.append((d, t)))
            results[workers] = ([(o.kind, o.name, o.detail) for o in outcomes], _state(c))
            assert [o.name for o in outcomes] == names  # in order of the files
            assert seen[-1] == (len(names), len(names)) and len(seen) > 1
        assert (started == [True]) == (workers != "0"), started  # one pool, started once
    assert results["0"] == results["1"] == results["2"]
    kinds = {k for k, _n, _d in results["2"][0]}
    assert kinds == {"accepted", "duplicate", "older", "conflict", "rejected"}


def test_remerge_of_known_files_starts_no_pool(tmp_path, monkeypatch):
    folder = tmp_path / "envios"
    _mixed_folder(folder)
    monkeypatch.setenv("SERNAM_DESKTOP_MERGE_WORKERS", "2")
    monkeypatch.setattr(central_mod, "PARALLEL_MIN", 2)
    for bad in ("d-danado.sernam", "e-invalido.sernam"):  # a rejected file is checked again
        (folder / bad).unlink()
    with CentralDB(tmp_path / "central.sqlite3") as c:
        c.merge_paths([folder])
        monkeypatch.setattr(central_mod._Checker, "_start",
                            lambda self: pytest.fail("no pool for files already received"))
        again = c.merge_paths([folder])
    assert {o.kind for o in again} == {"duplicate"}


def test_files_hashed_ahead_in_threads_end_as_in_one_process(tmp_path, monkeypatch):
    """issue 17: once files are stored, a merge hashes the next files in threads
    (central._Digests) until it starts worker processes; a new file found that way is
    read again where it is checked.  Every outcome and row is as with no threads, and
    a re-merge reads each file once."""
    folder = tmp_path / "envios"
    _mixed_folder(folder)
    monkeypatch.setattr(central_mod, "BATCH", 5)
    monkeypatch.setattr(central_mod._Digests, "FIRST", 2)
    monkeypatch.setattr(central_mod._Digests, "LARGEST", 4)
    monkeypatch.setattr(central_mod._Digests, "AHEAD", 6)
    reads: list[str] = []
    real_read = central_mod._read_file

    def counted(p):  # noqa: ANN001, ANN202 - threads too: list.append is atomic
        reads.append(os.path.basename(p))
        return real_read(p)

    monkeypatch.setattr(central_mod, "_read_file", counted)
    dbs = {w: CentralDB(tmp_path / f"central-{w}.sqlite3") for w in ("0", "2")}
    try:
        for w, c in dbs.items():
            monkeypatch.setenv("SERNAM_DESKTOP_MERGE_WORKERS", w)
            c.merge_paths([folder])
        # new files at the end (checked here: fewer than PARALLEL_MIN left), one changed
        # in place, one gone; then new files at the start too (a pool starts)
        for i, code in enumerate(("03", "07")):
            (folder / f"z-nuevo-{i}.sernam").write_bytes(
                region_bundle(region=code, servicio=f"Servicio nuevo {i}"))
        (folder / "a03.sernam").write_bytes(region_bundle(region="04", servicio="Cambiado"))
        (folder / "a05.sernam").unlink()
        for pool_min, extra in ((5, None), (2, "0-nuevo.sernam")):
            if extra:
                (folder / extra).write_bytes(region_bundle(region="11", servicio="Al inicio"))
            monkeypatch.setattr(central_mod, "PARALLEL_MIN", pool_min)
            got = {}
            for w, c in dbs.items():
                monkeypatch.setenv("SERNAM_DESKTOP_MERGE_WORKERS", w)
                outcomes = c.merge_paths([folder])
                got[w] = ([(o.kind, o.name, o.detail) for o in outcomes], _state(c))
            assert got["0"] == got["2"]
            kinds = {k for k, _n, _d in got["2"][0]}
            assert {"accepted", "duplicate", "rejected"} <= kinds
        for bad in ("d-danado.sernam", "e-invalido.sernam"):  # checked again: a pool
            (folder / bad).unlink()
        reads.clear()
        monkeypatch.setenv("SERNAM_DESKTOP_MERGE_WORKERS", "2")
        monkeypatch.setattr(central_mod._Checker, "_start",
                            lambda self: pytest.fail("no pool for files already received"))
        again = dbs["2"].merge_paths([folder])
        names = sorted(p.name for p in folder.iterdir())
        assert [o.name for o in again] == names
        assert {o.kind for o in again} == {"duplicate"}
        assert sorted(reads) == names  # each file read once, by the threads but the first
    finally:
        for c in dbs.values():
            c.close()


def test_checkpoints_aside_copy_the_wal_back_in_a_thread(tmp_path):
    """issue 17: during a long merge the WAL is copied back into the database file by a
    thread on its own connection (AppDatabase.checkpoints_aside), not inside each COMMIT;
    on leaving, the connection checkpoints automatically again."""
    path = tmp_path / "central.sqlite3"
    with CentralDB(path) as c:
        setting = c.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        assert setting > 0
        before = path.stat().st_size
        with c.checkpoints_aside() as checkpoint:
            assert c.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
            for _ in range(3):
                with c.writing():
                    c.db.execute("CREATE TABLE IF NOT EXISTS relleno (x BLOB)")
                    c.db.execute("INSERT INTO relleno VALUES (randomblob(300000))")
                checkpoint()
        assert c.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == setting
        # 900 KB: fewer pages than an automatic checkpoint waits for, so only the
        # thread can have put them in the database file itself
        assert path.stat().st_size >= before + 900_000
        assert c.db.execute("SELECT count(*) FROM relleno").fetchone()[0] == 3
    with CentralDB(None) as mem, mem.checkpoints_aside() as checkpoint:  # nothing to do
        checkpoint()


def test_merge_workers_setting(monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_MERGE_WORKERS", "0")
    assert merge_workers() == 0
    monkeypatch.delenv("SERNAM_DESKTOP_MERGE_WORKERS")
    # one per core but the writer's own (which checks too), at most 3
    assert merge_workers() == max(0, min(3, (os.cpu_count() or 1) - 1))


def test_stored_status_counts_equal_the_documents_counts():
    form = default_form()
    rnd = random.Random(17)
    c = CentralDB(None)
    try:
        for code in ("01", "05", "13"):
            doc = region_doc(region=code)
            for sec in form.tables:
                sf = sec.status_field
                if sf is None or sf.choices is None:
                    continue
                for row in doc["data"][sec.key]:
                    row[sf.key] = rnd.choice([*sf.choices.keys(), ""])
            c.merge_bytes(bundle_bytes(doc, sample_pdf(), signer=FACTORY_KEY), f"{code}.sernam")
        cur = c.current()
        stored = c.status_counts(cur)
        for r in cur:
            assert stored[r["id"]] == status_counts(form, c.document(r["id"])["data"])
        # a version without stored counts (a file written before they were): from its document
        c.db.execute("UPDATE submissions SET status_counts=NULL")
        assert c.status_counts(cur) == stored
        basis = report_basis(c)
        per_region = {r["code"]: r["status_counts"] for r in report_status(basis)["regions"]}
        assert per_region["05"] == stored[next(r["id"] for r in cur if r["region"] == "05")]
    finally:
        c.close()


def test_migration_fills_counts_of_an_older_central_file(tmp_path):
    path = tmp_path / "central.sqlite3"
    with CentralDB(path) as c:
        c.merge_bytes(region_bundle(region="05"), "a.sernam")
        want = c.status_counts(c.current())
        # as a central file of the previous version: no column, one migration fewer
        c.db.execute("ALTER TABLE submissions DROP COLUMN status_counts")
        c.db.execute("DELETE FROM _sqlite_migrations WHERE name='m004_status_counts'")
        c.db.execute("PRAGMA user_version=3")
    with CentralDB(path, readonly=True) as ro:  # read-only: not migrated, counted from documents
        assert ro.status_counts(ro.current()) == want
    with CentralDB(path) as c:
        assert c.db.execute("SELECT count(*) FROM submissions WHERE status_counts IS NULL"
                            ).fetchone()[0] == 0
        assert c.status_counts(c.current()) == want


def test_report_pdf_is_the_summary_and_textos_adds_the_annex(tmp_path):
    path = tmp_path / "central.sqlite3"
    with CentralDB(path) as c:
        for code in ("13", "05"):
            c.merge_bytes(region_bundle(region=code, tweak=f"Logro de {code}"), f"{code}.sernam")
        c.merge_bytes(region_bundle(region="05", servicio="Otro servicio", tweak="Logro otro"),
                      "05b.sernam")
        short, full = tmp_path / "resumen.pdf", tmp_path / "completo.pdf"
        steps = []
        write_report(c, pdf_path=short)
        write_report(c, pdf_path=full, textos=True,
                     on_progress=lambda d, t, what: steps.append((d, t, what)))
    s, f = pdf_text(short), pdf_text(full)
    for text in (s, f):
        assert "Todas las regiones" in text and "Resumen por región" in text
        assert "Actividad 1.1 — Resultado de la medición por región" in text
    assert "Logro de 13" not in s and "Textos por región" not in s
    flat = " ".join(f.split())
    # each text led by who wrote it (two services: the service too)
    assert "Metropolitana (Servicio Nacional de la Mujer): Logro de 13" in flat
    assert "Valparaíso (Otro servicio): Logro otro" in flat
    assert f.index("Resumen por región") < f.index("Textos por región")
    # bookmarks: the summary, the annex, each region, each service
    raw = full.read_bytes()
    assert b"/Outlines" in raw
    titles = re.findall(rb"/Title \((Resumen|Textos|Regi|Servicio|Otro)", raw)
    assert len(titles) == 2 + 2 + 3
    pages = re.findall(rb"/Dest \[ (\d+) 0 R", raw)
    # the summary; the annex's title on its first form's first page; each form on its own
    # pages (a region's mark on its first form's)
    assert len(pages) == 7 and len(set(pages)) == 4
    assert pages[1] == pages[2] == pages[3] and pages[5] == pages[6]
    assert len({pages[0], pages[3], pages[4], pages[6]}) == 4
    assert steps and steps[-1][0] == steps[-1][1]
    assert any(what.startswith("Escribiendo los textos") for _d, _t, what in steps)


def test_cli_report_textos_flag(tmp_path, capsys):
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_bytes(region_bundle(region="13", tweak="Logro de 13"), "13.sernam")
    pdf = tmp_path / "informe.pdf"
    assert main(["central", "report", "--central", str(db), "--pdf", str(pdf)]) == 0
    assert "Logro de 13" not in pdf_text(pdf)
    assert main(["central", "report", "--central", str(db), "--pdf", str(pdf), "--textos"]) == 0
    assert "Metropolitana: Logro de 13" in pdf_text(pdf)
    with pytest.raises(SystemExit):
        main(["central", "report", "--help"])
    assert "--textos" in capsys.readouterr().out


def test_progress_line_after_a_second_one_line_per_step():
    out = io.StringIO()
    line = ProgressLine(out)
    line(1, 10, "Escribiendo el PDF")  # under a second: nothing
    assert out.getvalue() == ""
    line.AFTER = 0
    line(1, 10, "Escribiendo el PDF")
    line(2, 10, "Escribiendo el PDF")  # same step: not repeated in a log
    line(0, 1, "Escribiendo los archivos")
    line.end()
    assert out.getvalue().splitlines() == ["Escribiendo el PDF: 1 de 10 (10 %)",
                                           "Escribiendo los archivos…"]


def test_progress_throttles_but_reports_the_end():
    got = []
    p = Progress(lambda d, t, w: got.append(d))
    for i in range(1, 1001):
        p(i, 1000, "x")
    assert got[0] == 1 and got[-1] == 1000 and len(got) < 50


def test_report_xlsx_summary_by_default_rows_and_texts_with_textos(tmp_path):
    from openpyxl import load_workbook

    c = CentralDB(None)
    try:
        c.merge_bytes(region_bundle(region="13", tweak="Logro de 13"), "13.sernam")
        short, full = tmp_path / "resumen.xlsx", tmp_path / "completo.xlsx"
        write_report(c, xlsx_path=short)
        write_report(c, xlsx_path=full, textos=True)
    finally:
        c.close()
    s, f = load_workbook(short), load_workbook(full)
    assert "Resumen por región" in s.sheetnames and "Textos por región" not in s.sheetnames
    assert not any("1.1" in n for n in s.sheetnames)
    assert "Resumen por región" in f.sheetnames and "Textos por región" in f.sheetnames
    assert any("1.1" in n for n in f.sheetnames)
    texts = [c.value for row in f["Textos por región"].iter_rows() for c in row]
    assert "Logro de 13" in texts


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                    reason="symbolic links need privileges on Windows")
def test_folder_listing_finds_what_rglob_finds(tmp_path):
    """expand_paths lists folders with os.scandir (issue 17: a re-merge of 3,200 files);
    it finds exactly what ``sorted(rglob("*.sernam"))`` of regular files found before."""
    from sernam_desktop.central import expand_paths

    root = tmp_path / "envios"
    for rel in ("a.sernam", "b-z.sernam", "b/c.sernam", "b/d/e.sernam", ".oculto.sernam",
                "MAYUS.SERNAM", "notas.txt", "b-a/f.sernam", "b.sernam/g.sernam"):
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x")
    (root / "carpeta.sernam").mkdir()
    outside = tmp_path / "fuera"
    outside.mkdir()
    (outside / "h.sernam").write_bytes(b"y")
    os.symlink(outside, root / "enlace-carpeta")  # a linked folder is not entered
    os.symlink(outside / "h.sernam", root / "enlace.sernam")  # a linked file is
    os.symlink(root / "a.sernam", root / "b" / "otra-vez.sernam")  # the same file twice
    os.symlink(tmp_path / "no-existe", root / "roto.sernam")
    before = sorted(q for q in root.rglob("*.sernam") if q.is_file())
    got = expand_paths([root])
    unique = [q for i, q in enumerate(before)
              if q.resolve() not in {p.resolve() for p in before[:i]}]
    assert got == unique
    assert root / "b" / "otra-vez.sernam" not in got and root / "enlace.sernam" in got
    assert expand_paths([root, root / "a.sernam", outside / "h.sernam"]) == unique


def test_plain_cases_written_in_bulk_end_exactly_as_one_by_one(tmp_path, monkeypatch):
    """issue 17: new forms and files already received are written a batch at a time
    (CentralDB._apply_batch); every table ends as with one bundle at a time."""
    folder = tmp_path / "envios"
    _mixed_folder(folder)
    # two new forms of one servicio/región/año side by side (an identity conflict
    # inside a run of new forms), and a new revision of a form of the first batch
    for name in ("g1.sernam", "g2.sernam"):
        (folder / name).write_bytes(region_bundle(region="07", servicio="Rival Doble"))
    # the same office's next year, signed with another key, then unsigned: held both
    # times (the first key was pinned a moment before, inside the same run)
    from sernam_desktop.signing import KeyPair

    (folder / "h1.sernam").write_bytes(region_bundle(region="07", servicio="Rival Doble",
                                                     anio="2027", signer=KeyPair.generate()))
    (folder / "h2.sernam").write_bytes(region_bundle(region="07", servicio="Rival Doble",
                                                     anio="2028", signer=None))
    monkeypatch.setattr(central_mod, "BATCH", 5)
    results = {}
    for how in ("bulk", "one-by-one"):
        if how == "one-by-one":
            monkeypatch.setattr(central_mod.CentralDB, "_apply_batch",
                                lambda self, batch: [self._apply_prepared(x) for x in batch])
        with CentralDB(tmp_path / f"central-{how}.sqlite3") as c:
            first = c.merge_paths([folder])
            again = c.merge_paths([folder, folder / sorted(os.listdir(folder))[0]])
            receipts = c.db.execute("SELECT seq, outcome, submission_id, instance_uuid, "
                                    "revision, region, servicio, anio, bundle_sha256 FROM "
                                    "receipts ORDER BY seq").fetchall()
            others = [c.db.execute(sql).fetchall() for sql in (
                "SELECT id, region, servicio_key, servicio, public_key, fingerprint, how, "
                "replaced_at IS NULL FROM pinned_keys ORDER BY id",
                "SELECT submission_id, fingerprint FROM submission_signatures ORDER BY 1",
                "SELECT id, file_name, reason, released_at IS NULL FROM held_bundles ORDER BY id",
                "SELECT submission_id, content_hash FROM ancestors ORDER BY 1, 2",
                "SELECT uuid, servicio, servicio_key, region, anio, current_submission, active "
                "FROM instances ORDER BY uuid")]
            results[how] = ([(o.kind, o.name, o.detail, o.submission_id) for o in first + again],
                            _state(c), receipts, others)
    assert results["bulk"] == results["one-by-one"]
    kinds = [k for k, *_ in results["bulk"][0]]
    assert kinds.count("held") >= 2 and "conflict" in kinds and "duplicate" in kinds
