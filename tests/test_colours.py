"""The service colours stay apart for readers with a red or green colour-vision deficiency (WCAG 1.4.1).

Each colour is simulated as a protanope and a deuteranope see it (Machado, Oliveira & Fernandes 2009,
severity 1.0, applied to linear RGB) and every pair is compared with CIEDE2000 in CIELAB (D65).
Threshold 20: a CIEDE2000 of about 1 is a just-noticeable difference between two large patches, and
thin marks need several times more (Szafir 2017, "Modeling Color Difference for Visualization
Design"); the service lines are 3 px wide and the bars narrow, so 20 asks for colours that are told
apart at a glance, not side by side under scrutiny. GIN's green and GovMon's former red (#B8322F) were
11.6 apart under protanopia and 14.3 under deuteranopia: two browns.
"""

from __future__ import annotations

import itertools
import math

import pytest

from etl import reference

THRESHOLD = 20.0
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998))
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
SIMULATIONS = {"normal vision": None, "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA}


def _linear(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    out = []
    for i in (0, 2, 4):
        c = int(h[i:i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return tuple(out)


def simulate(hex_colour: str, matrix) -> tuple[float, float, float]:
    rgb = _linear(hex_colour)
    if matrix is None:
        return rgb
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix)


def to_lab(rgb) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2) -> float:
    """Sharma, Wu & Dalal (2005)'s implementation notes, kL = kC = kH = 1."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p - h1p > 180 else h2p - h1p + 360
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (dc / s_c) * (d_h / s_h))


def test_ciede2000_matches_sharma_reference_pairs():
    """Pairs 1, 7 and 17 of Sharma et al.'s test data: the formula is the published one."""
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50.0, 0.0, 0.0), (50.0, -1.0, 2.0)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)


def test_the_former_govmon_red_was_a_brown_beside_gin_under_protanopia():
    """The check fails on the colours this test was written against: it can fail."""
    gin, old_red = "#0B7A55", "#B8322F"
    d = ciede2000(to_lab(simulate(gin, PROTANOPIA)), to_lab(simulate(old_red, PROTANOPIA)))
    assert d == pytest.approx(11.6, abs=0.1) and d < THRESHOLD


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_every_pair_of_service_colours_stays_apart(vision):
    colours = dict(zip(reference.services()["service_code"], reference.services()["colour"]))
    assert set(colours) == {"GIN", "GCLOUD", "MAILGOTHAI", "GOVMON"}
    labs = {code: to_lab(simulate(c, SIMULATIONS[vision])) for code, c in colours.items()}
    close = {f"{a}/{b}": round(ciede2000(labs[a], labs[b]), 1) for a, b in itertools.combinations(labs, 2)
             if ciede2000(labs[a], labs[b]) < THRESHOLD}
    assert close == {}, f"under {vision}, CIEDE2000 below {THRESHOLD}: {close}"
