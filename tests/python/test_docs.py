"""The examples of docs/python.md (the README's "Python" section) run."""

import os
import re

import pytest


def examples(source_dir):
    path = os.path.join(source_dir, "docs", "python.md")
    text = open(path).read()
    section = text.split("\n## Examples", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_every_example_runs(source_dir, capsys):
    blocks = examples(source_dir)
    assert len(blocks) >= 5
    namespace = {}
    for k, code in enumerate(blocks):
        try:
            exec(compile(code, f"docs/python.md example {k + 1}", "exec"), namespace)
        except Exception as e:  # name the example that failed
            pytest.fail(f"example {k + 1} failed: {type(e).__name__}: {e}\n{code}")
    out = capsys.readouterr().out
    assert "allowed range is (0, inf]" in out and "('chain', 'draw', 'dim')" in out
