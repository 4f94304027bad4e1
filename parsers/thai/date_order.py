"""Day/month order of a slash date decided by its context (DOMAIN.md §1.3 a).

The era of the year gives the default (BE ⇒ D/M, CE ⇒ M/D); the quarter heading or fiscal-year window,
then the neighbouring entries, may decide otherwise; when nothing decides, the reading stays flagged
``ambiguous_order``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from parsers.thai.dates import DateReading, choose_reading, parse_date_expression, quarter_window

__all__ = ["parse_date_expression", "quarter_window", "resolve_order"]


def resolve_order(
    reading: DateReading,
    window: tuple[date, date] | None,
    neighbours: Sequence[date] = (),
    *,
    position: int | None = None,
) -> DateReading:
    """Decide the day/month order of an ``ambiguous_order`` slash date from its context.

    1. the era reading stands unless context decides; 2. if exactly one reading lies inside ``window``
    (the quarter of the heading, or the fiscal year), take it; 3. else among the readings still open,
    take the only one that keeps the ``neighbours`` (resolved dates of the adjacent entries, in document
    order) chronological, or failing that the only one whose month no neighbour already has (one entry per
    month); 4. else return ``reading`` unchanged, still flagged. ``position`` is how many ``neighbours``
    precede the reading; by default an even count is split in the middle (``[previous, next]``) and with
    an odd count (a list edge) the order is unknown, so only the cadence rule applies. A decided reading only
    drops ``ambiguous_order``: its ``family`` tells the order taken and ``alternatives`` keeps the losing
    reading (so "decided by context" is ``alternatives`` without the flag). Readings not flagged
    ``ambiguous_order`` are returned as is.

    >>> r = parse_date_expression("3/4/2021")  # CE year: M/D, 4 March, but 3 April is calendar-valid too
    >>> resolve_order(r, quarter_window(2564, 3)).value  # under "ไตรมาสที่ 3" only April fits
    datetime.date(2021, 4, 3)
    """
    if "ambiguous_order" not in reading.flags or reading.value is None:
        return reading
    open_readings = (reading.value, *reading.alternatives)
    if window is not None:
        inside = tuple(d for d in open_readings if window[0] <= d <= window[1])
        if len(inside) == 1:
            return choose_reading(reading, inside[0])
        open_readings = inside or open_readings
    if neighbours:
        in_order = list(open_readings)
        if position is not None or len(neighbours) % 2 == 0:
            split = len(neighbours) // 2 if position is None else position
            before, after = neighbours[:split], neighbours[split:]
            in_order = [d for d in in_order if all(n <= d for n in before) and all(d <= n for n in after)]
        taken = {(n.year, n.month) for n in neighbours}
        free = [d for d in in_order if (d.year, d.month) not in taken]
        for decided in (in_order, free):
            if len(decided) == 1:
                return choose_reading(reading, decided[0])
    return reading
