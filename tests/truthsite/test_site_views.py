import pytest
from django.db import OperationalError

from tests.factories import make_editor

pytestmark = pytest.mark.django_db


def test_database_down_gives_a_clear_503_page(client, monkeypatch):
    import articles.views

    def unreachable(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(articles.views.ArticleListView, "get_queryset", unreachable)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.content.decode()


def test_other_errors_still_give_500(client, monkeypatch):
    import articles.views

    def broken(self, *args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(articles.views.ArticleListView, "get_queryset", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_admin_login_is_rate_limited(client, settings):
    settings.ADMIN_LOGIN_ATTEMPTS = 3
    make_editor(username="ed", password="right-password-1")
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "ed", "password": "wrong"})
        assert response.status_code == 200
    blocked = client.post("/admin/login/", {"username": "ed", "password": "right-password-1"})
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.content.decode()


def test_admin_login_still_works_within_the_limit(client):
    make_editor(username="ed2", password="right-password-2")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "ed2", "password": "right-password-2"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
