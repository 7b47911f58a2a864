"""Notebook display machinery shared by every result object: the guarded mixin and the HTML table.

This package sits at the bottom of the layers (it imports only the standard library), so any
feature's result type can use it without importing anything above it.
"""

from workbench.display.rich import RichDisplay, display_failed, widget_bundle
from workbench.display.svg import fit_svg
from workbench.display.table import Cell, Html, Row, html_table

__all__ = ["Cell", "Html", "RichDisplay", "Row", "display_failed", "fit_svg", "html_table", "widget_bundle"]
