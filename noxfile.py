"""`make test-all`: the pytest suite on every Python 3.11+ this machine has.

Each session installs the package with its `testing` extra and the pinned development tools
(requirements/dev.txt) and fills that Python's wheelhouse (tests/test_wheel.py), then runs pytest.
CI runs `make test` on 3.11, 3.12 and 3.13 (.github/workflows/ci.yml); this is the same check on
this machine's Pythons before a push.
"""

from __future__ import annotations

import nox

nox.options.reuse_existing_virtualenvs = True


@nox.session(python=["3.11", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    """Install the pinned tools and the package, then run pytest."""
    session.install("-r", "requirements/dev.txt")
    session.install("--no-deps", "-e", ".")
    version = session.run("python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])", silent=True)
    wheelhouse = f".wheelhouse/py{str(version).strip()}"
    session.run(
        "pip", "download", "-q", "-d", wheelhouse, "-c", "requirements/dev.txt", "--no-build-isolation", ".[testing]"
    )
    session.run("pytest", "-q", "-p", "no:cacheprovider", *session.posargs)
