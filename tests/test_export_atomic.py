"""A multi-file export replaces the output set as a whole (#12 item 6).

A real `workbench export` process is SIGKILLed at exact points (``WORKBENCH_TEST_KILL_EXPORT``
makes it kill itself after N files of a phase) and at a moment found by watching the disk; the
output folder must then hold the complete old set, or, once the journal is replayed, the
complete new set: never a mix. Stale files, the user's own files and concurrent runs are covered
too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.needs import unavailable
from workbench.emit.manifest import MANIFEST
from workbench.fileset import KILL_HOOK, FolderSwap, recover, staging_dir
from workbench.fsio import write_atomic

ROOT = Path(__file__).resolve().parent.parent
BLOG = (ROOT / "sample_schemas" / "blog.prisma").read_text()
EXTRA = """
/// Added in version 2: an audit trail.
model Audit {
  id     Int    @id @default(autoincrement())
  action String
}
"""
V2 = BLOG.replace("  name      String?\n", "  name      String?\n  nickname  String?\n", 1) + EXTRA


def export(schema: Path, out: Path, target: str = "trpc", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "export", str(schema), "--to", target, "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def sets(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """(schema file, output folder, old snapshot, new snapshot): the folder holds the old set plus a user file."""
    schema, out = tmp_path / "schema.prisma", tmp_path / "out"
    schema.write_text(V2)
    reference = tmp_path / "reference"
    assert export(schema, reference).returncode == 0
    schema.write_text(BLOG)
    assert export(schema, out).returncode == 0
    (out / "README.md").write_text("my notes\n")  # the user's file: never touched
    old = snapshot(out)
    schema.write_text(V2)
    new = {**snapshot(reference), "README.md": b"my notes\n"}
    assert old != new and "trpc/routers/audit.ts" in new and "trpc/routers/audit.ts" not in old
    changed = [p for p in old if p in new and old[p] != new[p]]
    assert len(changed) >= 3  # several files differ, so a mix would show
    return schema, out, old, new


def test_kill_while_staging_leaves_the_old_set(sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]) -> None:
    schema, out, old, _ = sets
    r = export(schema, out, **{KILL_HOOK: "stage:3"})
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert snapshot(out) == old  # the folder was never touched
    assert staging_dir(out).exists()  # the dead run's leftovers...
    assert recover(out) == "rolled back"  # ...are removed on the next run
    assert not staging_dir(out).exists() and snapshot(out) == old


def test_kill_mid_swap_is_rolled_forward(sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]) -> None:
    schema, out, old, new = sets
    r = export(schema, out, **{KILL_HOOK: "swap:3"})
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert snapshot(out) not in (old, new)  # the kill really landed inside the swap
    assert (staging_dir(out) / "journal.json").exists()  # committed: the journal finishes it
    assert recover(out) == "rolled forward"
    assert snapshot(out) == new
    assert not staging_dir(out).exists()


def test_next_export_repairs_a_killed_one_first(sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]) -> None:
    schema, out, old, _ = sets
    assert export(schema, out, **{KILL_HOOK: "swap:2"}).returncode == -signal.SIGKILL
    schema.write_text(BLOG)  # the user goes back to version 1 and exports again
    r = export(schema, out)
    assert r.returncode == 0, r.stderr
    assert snapshot(out) == old  # v2 was completed, then replaced as a whole; audit.ts is gone again
    assert "removed 1 stale file" in r.stderr and "audit.ts" in r.stderr


def test_kill_at_a_moment_seen_on_disk(tmp_path: Path) -> None:
    """No hook: kill as soon as writing starts (a staging folder, or a temp file of a per-file write)."""
    models = "\n".join(f"model M{i} {{\n  id Int @id\n  name String\n  v{i % 7} Int\n}}\n" for i in range(150))
    schema, out = tmp_path / "big.prisma", tmp_path / "out"
    schema.write_text('datasource db {\n  provider = "postgresql"\n}\n' + models)
    assert export(schema, out).returncode == 0
    old = snapshot(out)
    schema.write_text(schema.read_text().replace("name String", "name String?"))
    reference = tmp_path / "reference"
    assert export(schema, reference).returncode == 0
    new = snapshot(reference)
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "export", str(schema), "--to", "trpc", "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stage = staging_dir(out)
    folders = [out, out / "trpc", out / "trpc" / "routers"]
    deadline = time.monotonic() + 120

    def writing() -> bool:
        return stage.exists() or any(n.endswith(".tmp") for f in folders for n in os.listdir(f))

    while not writing() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0005)
    assert proc.poll() is None, "the export finished before it was seen writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = snapshot(out)
    assert after in (old, new) or (stage / "journal.json").exists()
    recover(out)
    assert snapshot(out) in (old, new)


def test_stale_files_removed_edited_ones_kept(tmp_path: Path) -> None:
    schema, out = tmp_path / "schema.prisma", tmp_path / "out"
    schema.write_text(V2)
    assert export(schema, out).returncode == 0
    audit_router = out / "trpc" / "routers" / "audit.ts"
    assert audit_router.exists()
    (out / "notes.ts").write_text("// mine\n")
    schema.write_text(BLOG)
    r = export(schema, out)
    assert r.returncode == 0, r.stderr
    assert not audit_router.exists()  # the model is gone, so is its router
    assert (out / "notes.ts").read_text() == "// mine\n"  # never written by an export: kept
    schema.write_text(V2)
    assert export(schema, out).returncode == 0
    audit_router.write_text(audit_router.read_text() + "// my change\n")
    schema.write_text(BLOG)
    r = export(schema, out)
    assert r.returncode == 0, r.stderr
    assert audit_router.read_text().endswith("// my change\n")  # a hand edit is never lost
    assert "kept" in r.stderr and "audit.ts" in r.stderr


def test_other_targets_files_are_not_stale(tmp_path: Path) -> None:
    """Two targets into one folder: exporting one never removes the other's files."""
    schema, out = tmp_path / "schema.prisma", tmp_path / "out"
    schema.write_text(BLOG)
    assert export(schema, out, target="zod").returncode == 0
    zod_files = snapshot(out)
    assert export(schema, out, target="drizzle").returncode == 0
    assert export(schema, out, target="drizzle").returncode == 0
    after = snapshot(out)
    assert all(after[p] == data for p, data in zod_files.items() if p != MANIFEST)


def test_manifest_cannot_point_outside_the_folder(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    schema, out = tmp_path / "schema.prisma", tmp_path / "out"
    schema.write_text(BLOG)
    assert export(schema, out, target="zod").returncode == 0
    import hashlib
    import json

    digest = "sha256:" + hashlib.sha256(b"keep me\n").hexdigest()
    (out / MANIFEST).write_text(json.dumps({"targets": {"zod": {"../victim.txt": digest, "/etc/hostname": digest}}}))
    r = export(schema, out, target="zod")
    assert r.returncode == 0, r.stderr
    assert victim.read_text() == "keep me\n"


def test_a_second_writer_is_refused_while_one_runs(tmp_path: Path) -> None:
    schema, out = tmp_path / "schema.prisma", tmp_path / "out"
    schema.write_text(BLOG)
    assert export(schema, out, target="zod").returncode == 0
    before = snapshot(out)
    with FolderSwap(out):
        r = export(schema, out, target="drizzle")
    assert r.returncode == 1
    message = f"error: another workbench process is writing into {out}; wait for it and try again"
    assert r.stderr.strip().splitlines() == [message]
    assert snapshot(out) == before


def test_a_folder_in_the_way_fails_before_anything_changes(tmp_path: Path) -> None:
    schema, out = tmp_path / "schema.prisma", tmp_path / "out"
    schema.write_text(BLOG)
    assert export(schema, out).returncode == 0
    (out / "trpc" / "routers" / "tag.ts").unlink()
    (out / "trpc" / "routers" / "tag.ts").mkdir()
    before = snapshot(out)
    r = export(schema, out)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "tag.ts" in r.stderr and "Traceback" not in r.stderr
    assert snapshot(out) == before and not staging_dir(out).exists()


def test_first_export_that_fails_leaves_no_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    schema = tmp_path / "schema.prisma"
    schema.write_text(BLOG)
    r = export(schema, blocker / "out")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr and str(blocker) in r.stderr


def test_write_atomic_keeps_symlinks_and_writes_through_fifos(tmp_path: Path) -> None:
    real = tmp_path / "real.sql"
    real.write_text("old\n")
    link = tmp_path / "link.sql"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = subprocess.run(
        [sys.executable, "-m", "workbench", "export", str(ROOT / "sample_schemas" / "blog.prisma"), "--to", "sql",
         "-o", str(fifo)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    reader.join(timeout=60)
    assert r.returncode == 0, r.stderr
    assert b"CREATE TABLE" in got[0]
    assert fifo.is_fifo()  # still a pipe, not replaced by a regular file


def test_write_atomic_keeps_the_file_mode(tmp_path: Path) -> None:
    f = tmp_path / "run.sh"
    f.write_text("old")
    f.chmod(0o750)
    write_atomic(f, "new")
    assert f.stat().st_mode & 0o777 == 0o750


NAMESPACE_SCRIPT = """
set -e
mount -t tmpfs -o size=96k tmpfs "$MNT"
run() { "$PY" -m workbench "$@" 2>&1; echo "rc=$?"; }
echo "== mount point"; run export "$SCHEMA" --to zod -o "$MNT"
ls -A "$MNT"
echo "== fill"; cat /dev/zero > "$MNT/fill" 2>/dev/null || true
echo "== full"; run export "$SCHEMA" --to trpc -o "$MNT/t" || true
ls -A "$MNT"
echo "== full sql"; run export "$SCHEMA" --to sql -o "$MNT/validation.ts" || true
ls -A "$MNT"; head -c 40 "$MNT/validation.ts"; echo
"""


def test_mount_point_and_full_disk(tmp_path: Path) -> None:
    """A folder that is a mount point stages inside itself (renames cannot cross file systems), and
    a full disk is one line with nothing changed. A private tmpfs needs a user+mount namespace."""
    import shutil

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    schema = tmp_path / "schema.prisma"
    schema.write_text(BLOG)
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True)
    if unshare is None or probe.returncode != 0:
        unavailable("needs `unshare --user --mount` (util-linux) to mount a private tmpfs")
    env = {**os.environ, "MNT": str(mnt), "PY": sys.executable, "SCHEMA": str(schema)}
    r = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "bash", "-c", NAMESPACE_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    out = r.stdout
    assert r.returncode == 0, out + r.stderr
    mount_point, full, full_sql = out.split("== mount point")[1], out.split("== full\n")[1], out.split("== full sql")[1]
    assert "rc=0" in mount_point.split("== fill")[0]
    assert ".workbench-export.json\nvalidation.ts\n" in mount_point.split("== fill")[0]  # no staging left behind
    full_lines = full.split("== full sql")[0].splitlines()
    assert full_lines[0].startswith("error: cannot write") and "no space left" in full_lines[0], out
    assert full_lines[1] == "rc=1"
    assert full_lines[2:] == [".workbench-export.json", "fill", "validation.ts"]  # nothing added, no staging
    sql_lines = full_sql.splitlines()
    assert "no space left" in sql_lines[1] and sql_lines[2] == "rc=1", out
    assert sql_lines[3:6] == [".workbench-export.json", "fill", "validation.ts"]
    assert sql_lines[6].startswith("// Generated by workbench")  # the old file is intact
