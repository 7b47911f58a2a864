"""``python -m workbench.diagnostics.catalog --markdown``: print ``docs/diagnostics.md``."""

from __future__ import annotations

import argparse
import sys

from workbench.diagnostics.catalog.markdown import COMMAND, render_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workbench.diagnostics.catalog",
        description="Print the diagnostic catalogue.",
        epilog=f"example: {COMMAND}",
    )
    parser.add_argument("--markdown", action="store_true", help="print docs/diagnostics.md (the only format so far)")
    args = parser.parse_args(argv)
    if not args.markdown:
        parser.error("choose an output format: --markdown")
    sys.stdout.write(render_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
