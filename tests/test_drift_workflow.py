"""The drift workflow's decisions, made by scripts: update_spec's outcome outputs and the failure issue's body."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import drift_failure, update_spec


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def github_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(path))
    return path


def run_main(monkeypatch: pytest.MonkeyPatch, result: str | Exception, tmp_path: Path) -> int:
    def fake_update(*args: object, **kwargs: object) -> str:
        if isinstance(result, Exception):
            raise result
        return result

    monkeypatch.setattr(update_spec, "update", fake_update)
    return update_spec.main(["--root", str(tmp_path)])


def test_a_quiet_week_says_no_change_and_opens_nothing(monkeypatch, tmp_path, github_output):
    assert run_main(monkeypatch, "# API drift: no change\n", tmp_path) == 0
    assert outputs(github_output) == {"outcome": "no-change", "changed": "false", "breaking": "false", "report": ""}


@pytest.mark.parametrize(("title", "breaking"), [("changes", "false"), ("breaking changes", "true")])
def test_a_changed_run_names_its_report_and_whether_it_breaks(monkeypatch, tmp_path, github_output, title, breaking):
    assert run_main(monkeypatch, f"# API drift: {title}\n", tmp_path) == 0
    assert outputs(github_output) == {
        "outcome": "changed",
        "changed": "true",
        "breaking": breaking,
        "report": str(tmp_path / "openapi" / "CHANGES.md"),
    }


@pytest.mark.parametrize(
    "error", [update_spec.UpdateError("https://x/p.md: HTTP 503"), RuntimeError("a bug"), OSError(28, "No space")]
)
def test_a_failed_run_exits_1_with_one_line_and_says_failed(monkeypatch, tmp_path, github_output, capsys, error):
    assert run_main(monkeypatch, error, tmp_path) == 1
    assert outputs(github_output)["outcome"] == "failed"
    assert outputs(github_output)["changed"] == "false"
    err = capsys.readouterr().err
    assert err.startswith("update_spec: error: ")
    assert "Traceback" not in err


def test_without_github_output_nothing_is_written(monkeypatch, tmp_path):
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    assert run_main(monkeypatch, "# API drift: changes\n", tmp_path) == 0
    assert list(tmp_path.iterdir()) == []


def test_the_failure_issue_quotes_the_log_inertly():
    log = "\n".join(f"line {n}" for n in range(100)) + (
        "\nupdate_spec: error: https://elevenlabs.io/p.md: HTTP 403 @octocat <script>x</script>\n```\n@team"
    )
    body = drift_failure.body(log, "https://github.com/o/r/actions/runs/1")
    assert "**Why:** update_spec: error: https&#58;//elevenlabs.io/p.md: HTTP 403 &#64;octocat &lt;script&gt;" in body
    assert "line 62" not in body
    assert "line 63" in body
    fence = "````"  # longer than the log's own ``` line
    assert body.count(fence + "text\n") == 1
    assert "Run: https://github.com/o/r/actions/runs/1" in body
    before_fence = body.split(fence, 1)[0]
    assert "@" not in before_fence
    assert "<" not in before_fence


def test_the_failure_issue_without_a_log(tmp_path, capsys):
    assert drift_failure.main(["--log", str(tmp_path / "missing.log")]) == 0
    assert "(no log: No such file or directory)" in capsys.readouterr().out
