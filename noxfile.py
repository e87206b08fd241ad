"""`make test-all`: the pytest suite on every Python 3.11+ this machine has.

Each session installs the package with its `testing` extra and the pinned development tools
(requirements/dev.txt), then runs pytest.  `make test` (Python 3.11, plus make check and lint)
stays the command CI runs; this one is for checking the other Pythons before a release.
"""

from __future__ import annotations

import nox

nox.options.reuse_existing_virtualenvs = True


@nox.session(python=["3.11", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    """Install the pinned tools and the package, then run pytest."""
    session.install("-r", "requirements/dev.txt")
    session.install("--no-deps", "-e", ".")
    session.run("pytest", "-q", "-p", "no:cacheprovider", *session.posargs)
