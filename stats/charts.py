"""Charts as inline SVG, drawn on the server: horizontal bars and lines. No JavaScript, no CDN.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>` (which
states the largest values in words), with a `<title>` on every bar and point for a pointer's tooltip;
and it carries its data as a table (`Chart.headers`, `Chart.rows`) that the page shows beside it
(`stats/includes/chart.html`), for screen readers and for anyone who would rather read the numbers.
Colours come from the site's palette and each series also differs by a dash or marker, not by colour
alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

PALETTE = ("#1d4ed8", "#f59e0b", "#15803d", "#7c3aed", "#b91c1c", "#0e7490")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
WIDTH = 560  # about the width of a chart card, so that 12-unit text reads at 12 px
FONT = 12
TEXT = "#0f172a"
MUTED = "#64748b"
GRID = "#e2e8f0"

Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    """One named series of values, one per category (None for no value)."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its data as a table (the accessible fallback)."""

    chart_id: str
    title: str
    svg: SafeString
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------
# Numbers


def plain(value: float) -> str:
    """An integer or a short decimal with thousands separated by commas, as Chinese statistics write
    them too (the zh-hans locale format would not group at all)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def compact(value: float) -> str:
    """A large amount briefly: 1.2万 / 3.4亿 in Chinese, 12k / 3.4M / 1.2B in English."""
    magnitude = abs(value)
    if (get_language() or "zh-hans").startswith("zh"):
        units: tuple[tuple[float, str], ...] = ((1e8, "亿"), (1e4, "万"))
    else:
        units = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    for size, suffix in units:
        if magnitude >= size:
            scaled = value / size
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    return plain(value)


def to_float(value: float | int | str | Decimal | None) -> float | None:
    return None if value is None else float(value)


def nice_scale(value: float, ticks: int = 5) -> tuple[float, float]:
    """An axis from zero covering the value in at most `ticks` steps of 1, 2, 2.5 or 5 times a power of
    ten: (top, step). 23,000 gives (25,000, 5,000); 7 gives (8, 2); 0 gives (1, 1)."""
    if value <= 0:
        return 1.0, 1.0
    rough = value / ticks
    power = float(10 ** math.floor(math.log10(rough)))
    step = next((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough), 10 * power)
    if step < 1 and value >= 1:  # whole numbers on an axis of counts
        step = 1.0
    return step * math.ceil(value / step - 1e-9), step


def _ticks(top: float, step: float) -> list[float]:
    return [step * i for i in range(round(top / step) + 1)]


def text_width(text: str, size: int = FONT) -> float:
    """An estimate of the drawn width: CJK characters are square, Latin about half as wide."""
    return sum(size if ord(char) > 0x2E80 else size * 0.58 for char in text)


def _attr(value: object) -> str:
    return escape(str(value))


def _open(chart_id: str, title: str, desc: str, height: float) -> list[str]:
    return [
        f'<svg id="{_attr(chart_id)}" class="chart" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{_attr(chart_id)}-title '
        f'{_attr(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg" font-size="{FONT}" fill="{TEXT}">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def _legend(series: Sequence[Series], y: float) -> list[str]:
    if len(series) < 2:
        return []
    parts, x = ['<g class="chart__legend" aria-hidden="true">'], 0.0
    for i, one in enumerate(series):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 18:.1f}" y2="{y - 4:.1f}" stroke="{colour}" '
            f'stroke-width="4"{dash_attr}/>'
            f'<text x="{x + 24:.1f}" y="{y:.1f}">{escape(one.name)}</text>'
        )
        x += 24 + text_width(one.name) + 18
    parts.append("</g>")
    return parts


def _describe(categories: Sequence[str], series: Sequence[Series], fmt: Formatter) -> str:
    """The chart in words: for each series, its largest value and where; or that there is no data."""
    parts = []
    for one in series:
        present = [(v, c) for v, c in zip(one.values, categories, strict=True) if v is not None]
        if not present:
            continue
        value, where = max(present, key=lambda pair: pair[0])
        parts.append(
            _("%(series)s: highest %(value)s (%(where)s).")
            % {"series": one.name, "value": fmt(value), "where": where}
        )
    return " ".join(parts) or str(_("No data yet."))


def _table(
    categories: Sequence[str], series: Sequence[Series], fmt: Formatter, head: str
) -> tuple[list[str], list[list[str]]]:
    headers = [head, *(one.name for one in series)]
    rows = [
        [category, *("–" if one.values[i] is None else fmt(one.values[i] or 0) for one in series)]
        for i, category in enumerate(categories)
    ]
    return headers, rows


# ---------------------------------------------------------------------------------------------------
# Charts


def bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Formatter = plain,
    axis_fmt: Formatter | None = None,
    category_head: str = "",
) -> Chart:
    """Horizontal bars, one group per category (long Chinese labels read well at the left)."""
    axis_fmt = axis_fmt or fmt
    bar, gap = 14, 10
    band = bar * len(series) + gap
    label_width = min(200.0, max((text_width(c) for c in categories), default=0) + 12)
    left, right, top = label_width, 60.0, 28.0 if len(series) > 1 else 8.0
    plot = WIDTH - left - right
    height = top + band * len(categories) + 28
    values = [v for one in series for v in one.values if v is not None]
    scale_max, scale_step = nice_scale(max(values, default=0))
    parts = _open(chart_id, title, _describe(categories, series, fmt), height)
    parts += _legend(series, 14)
    bottom = top + band * len(categories)
    for value in _ticks(scale_max, scale_step):
        x = left + plot * value / scale_max
        parts.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{bottom + 16:.1f}" text-anchor="middle" fill="{MUTED}" '
            f'aria-hidden="true">{escape(axis_fmt(value))}</text>'
        )
    for i, category in enumerate(categories):
        y0 = top + band * i + gap / 2
        parts.append(
            f'<text x="{left - 8:.1f}" y="{y0 + bar * len(series) / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(category)}</text>"
        )
        for j, one in enumerate(series):
            found = one.values[i]
            if found is None:
                continue
            value = found
            width = plot * value / scale_max if scale_max else 0
            y = y0 + bar * j
            colour = PALETTE[j % len(PALETTE)]
            label = (
                f"{category} · {one.name}: {fmt(value)}" if len(series) > 1 else f"{category}: {fmt(value)}"
            )
            parts.append(
                f'<rect x="{left:.1f}" y="{y:.1f}" width="{max(width, 0.5):.1f}" height="{bar - 2}" '
                f'fill="{colour}" rx="2"><title>{escape(label)}</title></rect>'
                f'<text x="{left + width + 4:.1f}" y="{y + bar - 4:.1f}" fill="{MUTED}" font-size="11" '
                f'aria-hidden="true">{escape(fmt(value))}</text>'
            )
    parts.append("</svg>")
    headers, rows = _table(categories, series, fmt, category_head)
    return Chart(chart_id, title, mark_safe("".join(parts)), headers, rows)  # noqa: S308 - every text escaped  # nosec B308 B703


def line_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Formatter = plain,
    axis_fmt: Formatter | None = None,
    scale_max: float | None = None,
    reference: tuple[float, str] | None = None,
    category_head: str = "",
) -> Chart:
    """Lines over months (categories), with a y axis from zero and an optional dashed reference line."""
    axis_fmt = axis_fmt or fmt
    left, right, bottom_margin = 56.0, 12.0, 30.0
    top = 28.0 if len(series) > 1 or reference else 10.0
    height = 260.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom_margin
    values = [v for one in series for v in one.values if v is not None]
    ceiling, step_y = (scale_max, scale_max / 4) if scale_max else nice_scale(max(values, default=0))
    n = len(categories)

    def x_of(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / ceiling)

    parts = _open(chart_id, title, _describe(categories, series, fmt), height)
    parts += _legend(series, 14)
    for value in _ticks(ceiling, step_y):
        y = y_of(value)
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH - right:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}" '
            f'aria-hidden="true">{escape(axis_fmt(value))}</text>'
        )
    step = max(1, math.ceil(n / 6))
    for i, category in enumerate(categories):
        if (n - 1 - i) % step == 0:  # counted back from the latest month, which is always labelled
            anchor = "end" if i == n - 1 and n > 1 else "middle"  # the last one must not run off the edge
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{height - 10:.1f}" text-anchor="{anchor}" fill="{MUTED}" '
                f'aria-hidden="true">{escape(category)}</text>'
            )
    if reference is not None:
        value, label = reference
        y = y_of(value)
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH - right:.1f}" y2="{y:.1f}" stroke="{MUTED}" '
            f'stroke-dasharray="4 4"/><text x="{WIDTH - right:.1f}" y="{y - 5:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
    for j, one in enumerate(series):
        colour, dash = PALETTE[j % len(PALETTE)], DASHES[j % len(DASHES)]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(one.values) if v is not None]
        if not points:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} '
            'stroke-linejoin="round"/>'
        )
        if n <= 36:  # a marker with a tooltip on each point, while they do not crowd
            for i, v in enumerate(one.values):
                if v is None:
                    continue
                parts.append(
                    f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="3.5" fill="{colour}">'
                    f"<title>{escape(f'{categories[i]} · {one.name}: {fmt(v)}')}</title></circle>"
                )
    parts.append("</svg>")
    headers, rows = _table(categories, series, fmt, category_head)
    return Chart(chart_id, title, mark_safe("".join(parts)), headers, rows)  # noqa: S308 - every text escaped  # nosec B308 B703
