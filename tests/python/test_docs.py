"""The examples of docs/python.md (the README's "Python" section) run."""

import os
import re

import pytest


def examples(source_dir):
    path = os.path.join(source_dir, "docs", "python.md")
    text = open(path).read()
    section = text.split("\n## Examples", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_readme_python_section_runs(source_dir, capsys):
    text = open(os.path.join(source_dir, "README.md")).read()
    section = text.split("\n## Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1
    namespace = {}
    exec(compile(blocks[0], "README.md Python example", "exec"), namespace)
    X = namespace["X"]
    # E[x1] = 0 and E[x2] = E[x1^2]/2 = 1/2 exactly; the standard errors of
    # the means of 1000 particles are about 1/sqrt(1000) and sqrt(1.5/1000),
    # and BRWP's O(h + T^2) bias at h = 0.05 is a few hundredths.
    assert abs(X[:, 0].mean()) < 0.15 and abs(X[:, 1].mean() - 0.5) < 0.15
    assert "done" in capsys.readouterr().out


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
