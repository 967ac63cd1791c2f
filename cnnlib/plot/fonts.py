"""Font sizes of every drawing, in one place: legible on a 1280x720 projector.

NUMBER_PT is the smallest text we draw (the numbers in grid cells and tables), TEXT_PT
labels and legends, TITLE_PT figure titles.
"""

NUMBER_PT = 12
TEXT_PT = 13
TITLE_PT = 15
