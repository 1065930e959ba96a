"""Synthetic, realistic record-level child protection data for all 32 councils, with known signals.

from bairn.synth import generate
result = generate("out/", seed=0, scale=1.0, fmt="csv")
"""

from bairn.synth.api import SynthResult, default_end, generate

__all__ = ["SynthResult", "default_end", "generate"]
