import os
import sys
from pathlib import Path

# Every run the tests make is strict (pipeline.config.Config.strict): a bug in a reader or parser fails
# the test instead of becoming an extract_error or parse_error finding. CLI runs inherit it.
os.environ["RAINGAN_STRICT"] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))
