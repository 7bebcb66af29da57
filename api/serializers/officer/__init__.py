"""What officers send and get. Help texts: Svenska / English.

``cases``: the cases as officers read them (list, detail with checklist and decision);
``casework`` and ``decisions``: the inputs of the actions, from taking a case to withdrawal and
from the proposal to revocation (``shared``: their common fields); ``assessments``: an
assessment sent and recorded.
"""
