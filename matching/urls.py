"""Pages of matching: the member's matches and the Contact button."""

from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/contact/", views.contact, name="contact"),
]
