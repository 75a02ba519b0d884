import json
import os
import pathlib
import sys

import pytest

# scripts/bindings.sh generates the uniffi Python module next to a copy of the library and
# points KINGPIN_MOBILE_PY at that directory.
sys.path.insert(0, os.environ.get("KINGPIN_MOBILE_PY", str(pathlib.Path(__file__).resolve().parents[3] / "target" / "bindings" / "mobile" / "python")))

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors" / "rounds.json"


@pytest.fixture(scope="session")
def vectors():
    return json.loads(VECTORS.read_text(encoding="utf-8"))
