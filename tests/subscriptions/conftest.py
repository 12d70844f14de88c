import pytest

from tests.subscriptions.factories import ScriptedBackend


@pytest.fixture
def scripted_mail(settings):
    """Mail goes through ScriptedBackend (still into mail.outbox)."""
    ScriptedBackend.reset()
    settings.MAILERS = {"default": {"BACKEND": "tests.subscriptions.factories.ScriptedBackend"}}
    return ScriptedBackend
