"""`kks bench`: how long validating and building take at national scale, against a floor."""

from .report import FIELDS, machine, markdown, targets
from .run import BenchError, bench, default_regions

__all__ = ["FIELDS", "BenchError", "bench", "default_regions", "machine", "markdown", "targets"]
