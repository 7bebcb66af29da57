"""Decision documents and communication letters: one structure, rendered as HTML and as PDF
(``web.pdf``).

The text is the decision as it was recorded (reasons, criteria snapshot, rulebook version, appeal
instructions, revocation clause) and the case's facts as they were when it was sent (the party,
contact, event, amount applied for and administration: ``vetting.facts``). A document sent before
those facts were kept prints the case's as they are now, and its page says so.

``layout``: the structure (``Document``, ``Section``, ``CriterionLine``) and the rows and
formats both kinds share; ``decision``: ``decision_document``, with ``decision_hearing``: what
it says of how the applicant was heard; ``communication``: ``communication_letter``.
"""
