"""Font sizes of every drawing, in one place: legible on a 1280x720 projector (and the
tallest a figure may be, to fit that screen).

NUMBER_PT is the smallest text we draw (the numbers in grid cells and tables), TEXT_PT
labels and legends, TITLE_PT figure titles.
"""

NUMBER_PT = 12
TEXT_PT = 13
TITLE_PT = 15
# No figure taller than this (inches; 100 px each as stored): about 600 px, which a 1280x720
# projector shows whole under a cell.
MAX_HEIGHT_INCHES = 5.8
