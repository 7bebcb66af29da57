"""Forms of the officers' pages. They ask for exactly what a service needs; the services check.

``base``: what every form shares (a form about one case, labels without a colon, the date
input); the case page's actions by step: ``casework`` (taking the case, supplements, the
programme, escalation, withdrawal), ``assessment`` (criteria and statutes), ``decisions``
(proposal, kommunicering, decision, correction, underrättelse, payment), ``revocation`` (the
kommunicering of an intended revocation, dropping it, the revocation);
``filters`` (the work queue, the decision log and its export); and ``registration`` (a case
that came in by post, e-mail or the e-service).
"""
