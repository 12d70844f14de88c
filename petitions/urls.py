from django.urls import path

from articles.services import ARTICLES
from petitions import views
from petitions.services import PETITION_COUNTS, PETITIONS, own_count_version
from truthsite.page_cache import reader_page

app_name = "petitions"

# A petition's own sub-paths come first: tokens always contain ":", so a petition
# whose slug happens to be "confirm" or "withdraw" still has working sign/ pages.
# The list and a petition's page come from the page cache (truthsite/page_cache.py):
# the list is rebuilt on any count change, a petition's page on its own count's.
urlpatterns = [
    path(
        "petitions/",
        reader_page(ARTICLES, PETITIONS, PETITION_COUNTS)(views.petition_list),
        name="list",
    ),
    path("petitions/<slug:slug>/sign/", views.sign, name="sign"),
    path("petitions/<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("petitions/<slug:slug>/count.json", views.count_json, name="count"),
    path("petitions/confirm/resend/", views.resend, name="resend"),
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("petitions/withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path(
        "petitions/<slug:slug>/",
        reader_page(ARTICLES, PETITIONS, more_versions=own_count_version)(views.petition_detail),
        name="detail",
    ),
]
