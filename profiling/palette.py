"""The one palette of the tool: Okabe-Ito, distinguishable with every common colour-vision deficiency.

The charts (plotly), the PDF reports (fpdf2) and Streamlit's own charts (`.streamlit/config.toml`, whose
light-theme list a test keeps equal to `SERIES`) all take their colours from here.
"""

from __future__ import annotations

SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TARGET = "#7F7F7F"  # the target profile: grey and dashed
TEAM = SERIES[2]
# Below target -> at target -> above target (the gap heatmap).
DIVERGING = [[0.0, SERIES[5]], [0.35, "#F5C9A3"], [0.5, "#F7F7F7"], [0.65, "#A6CEE3"], [1.0, SERIES[0]]]


def rgb(colour: str) -> tuple[int, int, int]:
    """A '#RRGGBB' colour as an (r, g, b) triple (for fpdf2)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
