"""Located diagnostics: spans, source files, findings, and their text/HTML rendering."""

from workbench.diagnostics.diagnostic import (
    Diagnostic,
    Severity,
    error,
    has_errors,
    render_html,
    render_text,
    sort_key,
    warning,
)
from workbench.diagnostics.errors import LoadError, UserError, WorkbenchError
from workbench.diagnostics.source import SourceFile, Span

__all__ = [
    "Diagnostic",
    "LoadError",
    "Severity",
    "SourceFile",
    "Span",
    "UserError",
    "WorkbenchError",
    "error",
    "has_errors",
    "render_html",
    "render_text",
    "sort_key",
    "warning",
]
