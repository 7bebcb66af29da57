from tests.api.conftest import bc, creds, other_creds

__all__ = ["bc", "creds", "other_creds"]
