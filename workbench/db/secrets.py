"""Passwords never leave the process: URLs are shown masked, driver messages are scrubbed.

``redact_url`` is what every display, header, log line and error uses to name a database; the
real URL is only ever handed to the driver. ``scrub`` removes a URL's password (raw and
percent-decoded) from any text, for driver error messages that quote the connection string.

Users paste passwords into URLs without percent-encoding them, so a password may hold ``/``,
``?``, ``#`` or ``@``, and sometimes forget the scheme. Masking errs on the side of hiding: the
userinfo ends at the *last* ``@`` before the host, even when an unencoded ``/``, ``?`` or ``#``
sits in the password, and ``user:password@host`` without a scheme is masked too.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "****"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_KEYWORD_PASSWORD = re.compile(r"((?:^|[?&\s])password=)('(?:[^'\\]|\\.)*'|[^&\s]*)")


def _password_span(url: str) -> tuple[int, int] | None:
    """Start and end of the password in ``scheme://user:password@host...``, or None.

    The standard case: the authority runs to the first ``/``, ``?`` or ``#`` and the userinfo
    to its last ``@``. When the authority holds no ``@`` but one comes later, the password may
    hold an unencoded ``/``, ``?`` or ``#``: then the userinfo runs to the last ``@`` of the URL,
    unless what follows ``user:`` is a port number (``host:5432/db?opt=a@b`` has no password).
    """
    m = _SCHEME.match(url)
    if not m:
        # a URL without its scheme (``user:password@host/db``, a common slip): the password runs
        # from the first ``:`` to the last ``@`` when no ``/`` or space comes before that ``:``
        at, colon = url.rfind("@"), url.find(":")
        if 0 < colon < at and not re.search(r"[/\s]", url[:colon]):
            return colon + 1, at
        return None
    start = m.end()
    end_authority = len(url)
    for sep in "/?#":
        i = url.find(sep, start)
        if i != -1:
            end_authority = min(end_authority, i)
    at = url.rfind("@", start, end_authority)
    if at == -1:
        at = url.rfind("@", start)
        if at == -1:
            return None
        colon = url.find(":", start, at)
        if colon == -1 or colon > end_authority or url[colon + 1 : end_authority].isdigit():
            return None
    else:
        colon = url.find(":", start, at)
        if colon == -1:
            return None
    return colon + 1, at


def password_of(url: str) -> str | None:
    """The URL's password as written (maybe percent-encoded), or None. Also reads ``password=`` in
    a query string or a libpq ``key=value`` string."""
    span = _password_span(url)
    if span and span[1] > span[0]:
        return url[span[0] : span[1]]
    q = _KEYWORD_PASSWORD.search(url)
    if q and q.group(2):
        value = q.group(2)
        return value[1:-1] if value.startswith("'") and value.endswith("'") and len(value) > 1 else value
    return None


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ``****`` (user, host, port, database kept)."""
    span = _password_span(url)
    out = url if span is None else f"{url[: span[0]]}{MASK}{url[span[1] :]}"
    return _KEYWORD_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}", out)


def scrub(text: str, url: str | None) -> str:
    """``text`` with ``url``'s password (as written and percent-decoded) and the URL itself masked."""
    if not url:
        return text
    password = password_of(url)
    text = text.replace(url, redact_url(url))
    if password:
        for secret in sorted({password, unquote(password)}, key=len, reverse=True):
            if secret:
                text = text.replace(secret, MASK)
    return text
