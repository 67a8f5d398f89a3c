"""The "<5" rule: a count that could point at a person is never shown exactly when it is
from 1 to 4.

A line is a set of counts that add up to a total the report shows (the help given by
language adds up to all help given). Hiding one small count is not enough there: the total
minus the shown counts gives it back. So, in a line, more cells are hidden until the hidden
ones together could be split in any way: the next smallest shown count is hidden as "≥5"
(it is at least 5, or it would have been "<5" already, so saying so gives nothing away).
"""

from dataclasses import dataclass

LOW_LIMIT = 5  # counts from 1 to LOW_LIMIT - 1 are hidden


@dataclass(frozen=True)
class Shown:
    """A number as the report shows it: exact, or hidden as "<5" or "≥5"."""

    value: int | float
    # "", "low" (1-4), "complement" (hidden so a low one stays hidden) or "withheld" (a
    # number beside a hidden count, such as its minutes, that would hint at it)
    hidden: str = ""

    @property
    def exact(self) -> bool:
        return not self.hidden


LOW_TEXT = "<5"
COMPLEMENT_TEXT = "≥5"
WITHHELD_TEXT = "…"


def is_low(count: int) -> bool:
    return 0 < count < LOW_LIMIT


def mask(count: int) -> Shown:
    """One count on its own: 1-4 hidden, 0 and 5 or more shown."""
    return Shown(count, "low" if is_low(count) else "")


def beside(count: Shown, value: int | float) -> Shown:
    """A number in the same row as `count`: withheld when the count is hidden."""
    return Shown(value, "withheld" if count.hidden else "")


def exact(value: int | float) -> Shown:
    """A number that is not about people (minutes, hours, head counts at a public café)."""
    return Shown(value)


def _safe(hidden_low: list[int], hidden_other: list[int]) -> bool:
    """Can each hidden low count still be any of 1-4 when their sum is known?

    With p low cells (each 1-4) and q others (each 5 or more) summing to D, a low cell lies
    in [max(1, D - 4(p-1) - unbounded if q), min(4, D - (p-1) - 5q)].
    """
    if not hidden_low:
        return True
    total = sum(hidden_low) + sum(hidden_other)
    lows, others = len(hidden_low), len(hidden_other)
    upper_ok = total - (lows - 1) - LOW_LIMIT * others >= LOW_LIMIT - 1
    lower_ok = others > 0 or total - (LOW_LIMIT - 1) * (lows - 1) <= 1
    return upper_ok and lower_ok


def protect_line(counts: dict) -> dict:
    """Mask a line of counts whose total is shown. Keys are kept, values become Shown."""
    low = [key for key, count in counts.items() if is_low(count)]
    complement: list = []
    candidates = sorted(
        (key for key, count in counts.items() if count >= LOW_LIMIT), key=lambda k: counts[k]
    )
    while not _safe([counts[k] for k in low], [counts[k] for k in complement]) and candidates:
        complement.append(candidates.pop(0))
    return {
        key: Shown(count, "low" if key in low else "complement" if key in complement else "")
        for key, count in counts.items()
    }
