import sys
from pathlib import Path

# Lets `pytest tests/stats` run from a checkout without an editable install.
SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
