from django.urls import path

from petitions import views

app_name = "petitions"

# A petition's own sub-paths come first: tokens always contain ":", so a petition
# whose slug happens to be "confirm" or "withdraw" still has working sign/ pages.
urlpatterns = [
    path("petitions/", views.petition_list, name="list"),
    path("petitions/<slug:slug>/sign/", views.sign, name="sign"),
    path("petitions/<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("petitions/<slug:slug>/count.json", views.count_json, name="count"),
    path("petitions/confirm/resend/", views.resend, name="resend"),
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("petitions/withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("petitions/<slug:slug>/", views.petition_detail, name="detail"),
]
