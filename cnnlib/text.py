"""Numbers as short text, the same in every caption, cell and printed solution.

No matplotlib here: a worked solution (cnnlib.solutions) prints with these and needs
nothing that draws.
"""


def fmt(value):
    """Short text for a cell: integers without a decimal point, others with up to 3
    decimals in at most 5 characters ("-.125" rather than "-0.125", to fit a cell)."""
    value = float(value)
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return "0"
    if len(text) > 4:
        text = text.replace("0.", ".", 1)
    return text if len(text) <= 5 else f"{value:.2f}".rstrip("0").replace("0.", ".", 1)


def signed(value):
    """fmt(value), in parentheses when negative: for products such as 2·(-1)."""
    text = fmt(value)
    return f"({text})" if text.startswith("-") else text
