"""Discovery: methods(), problems(), info(), plugins()."""

import pytest

import wprox


def test_methods_and_problems_list_the_plugins():
    methods = wprox.methods()
    for name in ("ula", "mala", "brwp", "sgm-empirical", "sgm-kernel", "pdhg-rd", "pdhg-hj", "mfc-score"):
        assert name in methods
    assert "gaussian" in wprox.problems()
    assert set(wprox.problems("target")) >= {"gaussian", "mixture", "bimodal"}
    assert "gaussian" not in wprox.problems("pde")
    assert all(p["ok"] for p in wprox.plugins())


def test_info_gives_the_schema_typed():
    info = wprox.info("brwp")
    assert info["type"] == "method" and info["problem_kind"] == "target" and info["default_problem"] == "gaussian"
    params = info["parameters"]
    h = params["h"]
    assert h["type"] == "real" and h["default"] == 0.1 and h["range"] == "(0, inf]" and h["doc"]
    assert params["particles"]["type"] == "integer" and isinstance(params["particles"]["default"], int)
    assert params["z"]["type"] == "choice" and params["z"]["choices"] == ["laplace", "mc"]
    assert params["T"]["optional"] and params["T"]["default"] is None
    assert params["init"]["type"] == "path"
    g = wprox.info("gaussian")
    assert g["type"] == "problem" and g["kind"] == "target"
    assert g["parameters"]["precision"]["default"] == [[1.0]]


def test_info_of_an_unknown_name_is_the_clis_error():
    with pytest.raises(ValueError, match="unknown method or problem 'nope'; valid names: .*ula"):
        wprox.info("nope")
