"""``workbench export`` ends like ``check``: from the command line the process stops once its
output is flushed (no interpreter teardown), and every file it wrote is complete on disk by then.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbench.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
BLOG = str(ROOT / "sample_schemas" / "blog.prisma")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_writes_every_file_before_the_quick_exit(tmp_path: Path) -> None:
    quick, slow = tmp_path / "quick", tmp_path / "slow"
    argv = ["export", BLOG, "--to", "drizzle,zod,rest,trpc", "-o"]
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys\nsys.argv = {['workbench', *argv, str(quick)]!r}\n"
            "from workbench.cli.main import main\nmain()\nprint('after main')\n",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert r.returncode == 0, r
    assert "after main" not in r.stdout, r  # the process ended with the command
    assert "wrote " in r.stderr  # its report was flushed first
    assert main([*argv, str(slow)]) == 0  # in-process: returns normally
    written = _files(quick)
    assert len(written) > 10 and written == _files(slow)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quick", "slow"]  # no staging folder left behind
