"""The officers' and auditors' pages (server-rendered, Swedish first, English selectable).

URLs (web/urls.py): ``/`` work queue · ``/arenden/<ref>/`` case page and ``atgard/<action>/`` its
actions · ``beslut/<id>/`` and ``kommunicering/<id>/`` printable documents (``pdf/`` for PDF) ·
``/foreningar/`` associations · ``/revision/`` decision log, CSV export, chain verification and
case timelines for auditors · ``/login/``, ``/logout/``.

Views only read through selectors (web/selectors.py, web/auditlog.py, web/auditchain.py,
web/casepage.py, vetting.selectors) and change things only through vetting/associations services
(web/actions.py maps each action's form to its service). Auditors read and never write
(web/access.py: 403 on every POST).
"""
