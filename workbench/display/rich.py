"""``RichDisplay``: the one guarded ``_repr_mimebundle_`` every rich result object uses.

A display bug must never turn into a traceback in the user's notebook (the cell that printed a
result would look as if the operation had failed). Modelled on ibis's ``ibis/expr/types/rich.py``:
a subclass supplies the text (``_text``) and the rich parts (``_html``, or ``_rich`` for other MIME
types: SVG, Markdown, a widget's bundle); the mixin assembles the bundle and falls back on any
exception: first to the text alone, and when even the text fails, to one line naming the class and
the error. Nothing here raises.
"""

from __future__ import annotations

from typing import Any

_MAX_REASON = 200


def display_failed(obj: object, exc: BaseException) -> str:
    """``<ClassName: display failed: ErrorType: message>`` on one line, without a traceback."""
    try:
        reason = " ".join(str(exc).split())
    except Exception:  # an exception whose __str__ fails too
        reason = ""
    if len(reason) > _MAX_REASON:
        reason = reason[: _MAX_REASON - 3] + "..."
    what = type(exc).__name__ + (f": {reason}" if reason else "")
    return f"<{type(obj).__name__}: display failed: {what}>"


class RichDisplay:
    """Mixin: ``_repr_mimebundle_`` and ``_repr_html_`` that never raise.

    Subclasses override ``_text`` (default: ``repr(self)``) and ``_html`` (default: no HTML); a
    subclass whose bundle holds more than text and HTML overrides ``_rich`` instead, which returns
    every MIME type besides ``text/plain`` (and may replace ``text/plain`` too, e.g. to append a hint
    to it). When ``_rich`` fails, the bundle is the text alone.
    """

    __slots__ = ()

    def _text(self) -> str:
        """The ``text/plain`` form (what ``print`` and plain consoles show)."""
        return repr(self)

    def _html(self) -> str | None:
        """The ``text/html`` form; ``None`` when the object has none."""
        return None

    def _rich(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Every MIME type of the bundle besides the text (default: ``text/html`` from ``_html``)."""
        body = self._html()
        return {} if body is None else {"text/html": body}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        try:
            text = self._text()
        except Exception as exc:
            return {"text/plain": display_failed(self, exc)}
        try:
            rich = self._rich(include, exclude)
        except Exception:  # display never raises: the text is always there
            return {"text/plain": text}
        return {"text/plain": text, **rich}

    def _repr_html_(self) -> str | None:
        """For front ends that ask for HTML alone; ``None`` (no HTML) rather than an exception."""
        try:
            return self._html()
        except Exception:
            return None


def widget_bundle(widget: Any, include: Any = None, exclude: Any = None) -> dict[str, Any]:
    """An ipywidget's MIME parts (the widget view) for a bundle, without its ``text/plain``.

    Empty when the widget cannot display (closed, no widget front end): the object's own text and
    static HTML still show, so a notebook viewer without live widgets sees something useful.
    """
    try:
        parts = dict(widget._repr_mimebundle_(include=include, exclude=exclude) or {})
    except Exception:
        return {}
    parts.pop("text/plain", None)
    return parts
