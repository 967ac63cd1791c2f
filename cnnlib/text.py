"""Numbers as short text, the same in every caption, cell and printed solution.

No matplotlib here: a worked solution (cnnlib.solutions) prints with these and needs
nothing that draws.
"""


def fmt(value):
    """Short text for a cell, one format for every number: integers without a decimal
    point; others with up to 3 decimals and, below 1 in size, no leading zero (".25" and
    "-.25", never "0.25" beside "-.25"), in at most 5 characters."""
    value = float(value)
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    for decimals in (3, 2, 1):
        text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
        if text in ("0", "-0"):
            return "0"
        text = text.replace("0.", ".", 1) if abs(value) < 1 else text
        if len(text) <= 5:
            return text
    return text


def signed(value):
    """fmt(value), in parentheses when negative: for products such as 2·(-1)."""
    text = fmt(value)
    return f"({text})" if text.startswith("-") else text
