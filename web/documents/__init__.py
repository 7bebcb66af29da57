"""Decision documents and communication letters: one structure, rendered as HTML and as PDF
(``web.pdf``).

The text is the decision as it was recorded (reasons, criteria snapshot, rulebook version, appeal
instructions, revocation clause); nothing is recomputed from the case as it is now.

``layout``: the structure (``Document``, ``Section``, ``CriterionLine``) and the rows and
formats both kinds share; ``decision``: ``decision_document``; ``communication``:
``communication_letter``.
"""
