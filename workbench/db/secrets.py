"""Passwords never leave the process: URLs are shown masked, driver messages are scrubbed.

``redact_url`` is what every display, header, log line and error uses to name a database; the
real URL is only ever handed to the driver. ``scrub`` removes a URL's password (raw and
percent-decoded) from any text, for driver error messages that quote the connection string.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "****"

# scheme://[user[:password]@]rest  (the password may hold anything but '@' before the host part;
# the last '@' before the first '/' after the authority start ends the userinfo)
_AUTHORITY = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<authority>[^/?#]*)(?P<rest>.*)$", re.DOTALL)


def _split_userinfo(authority: str) -> tuple[str | None, str | None, str]:
    """``(user, password, hostport)``; password None when the URL has none."""
    if "@" not in authority:
        return None, None, authority
    userinfo, _, hostport = authority.rpartition("@")
    user, sep, password = userinfo.partition(":")
    return user, (password if sep else None), hostport


def password_of(url: str) -> str | None:
    """The URL's password as written (maybe percent-encoded), or None. Also reads ``password=`` in
    a query string or a libpq ``key=value`` string."""
    m = _AUTHORITY.match(url)
    if m:
        _, password, _ = _split_userinfo(m.group("authority"))
        if password:
            return password
    q = re.search(r"(?:^|[?&\s])password=([^&\s]*)", url)
    return q.group(1) if q and q.group(1) else None


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ``****`` (user, host, port, database kept)."""
    m = _AUTHORITY.match(url)
    out = url
    if m:
        user, password, hostport = _split_userinfo(m.group("authority"))
        if password is not None:
            out = f"{m.group('scheme')}{user}:{MASK}@{hostport}{m.group('rest')}"
    return re.sub(r"((?:^|[?&\s])password=)[^&\s]*", rf"\g<1>{MASK}", out)


def scrub(text: str, url: str | None) -> str:
    """``text`` with ``url``'s password (as written and percent-decoded) and the URL itself masked."""
    if not url:
        return text
    password = password_of(url)
    text = text.replace(url, redact_url(url))
    if password:
        for secret in {password, unquote(password)}:
            if secret:
                text = text.replace(secret, MASK)
    return text
