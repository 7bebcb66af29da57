"""Views of the officers' and auditors' pages."""
