"""How long each course notebook takes to run, the way a learner runs it: a fresh kernel, all cells.

    .venv/bin/python tools/notebook_times.py [notebooks/NAME.ipynb ...]   (default: all, in order)

Each notebook runs in a temporary copy of ``notebooks/`` (the repository's files are never
rewritten), with ``WORKBENCH_PG_URL`` pointing at one throwaway PostgreSQL server shared by all of
them (as ``make lab`` does), or at ``$WORKBENCH_PG_URL`` when set. Prints a Markdown table: the
notebook, its title, its wall time (kernel start included) and the load average before it ran,
since this machine is shared. Exit 1 when a notebook raises.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]


def title_of(path: Path) -> str:
    """The text of the notebook's first ``# `` heading."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def run(path: Path, workdir: Path) -> float:
    """Seconds to execute ``path``'s copy in ``workdir`` with a fresh kernel."""
    nb = nbformat.read(workdir / path.name, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    from workbench.db.pgserver import postgres_url

    os.environ["WORKBENCH_PG_URL"] = postgres_url()
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    failed = 0
    print("| notebook | title | run time | load before |")
    print("| --- | --- | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="workbench-nbtimes-") as tmp:
        shutil.copytree(ROOT / "notebooks", Path(tmp) / "notebooks")
        shutil.copytree(ROOT / "sample_schemas", Path(tmp) / "sample_schemas")
        workdir = Path(tmp) / "notebooks"
        for path in paths:
            load = os.getloadavg()[0]
            try:
                seconds = f"{run(path, workdir):.1f} s"
            except CellExecutionError as exc:
                failed += 1
                seconds = "failed: " + str(exc).strip().splitlines()[-1][:80]
            print(f"| `{path.name}` | {title_of(path)} | {seconds} | {load:.2f} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
