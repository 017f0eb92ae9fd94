"""Exercises for a class: blank answers files (``handgrad template``) and per-student variants of
one exercise with their sheets, key and Moodle export (``handgrad generate``).

- :mod:`.choices`  an exercise template: a network file in which any number may be a choice
- :mod:`.rules`    the ``require`` rules a variant must meet, one object each
- :mod:`.roster`   the students: a roster CSV or ``--count N``
- :mod:`.variants` each student's variant, drawn from the seed and the student's id alone
- :mod:`.answers`  the quantities of a step in the order a student computes them: blank
  answers files and the key
- :mod:`.sheets`   problems.tex and solutions.tex
- :mod:`.moodle`   moodle.xml: one Cloze question per variant
- :mod:`.folder`   the output folder, written whole or not at all
"""
