"""The information pages: announcements, policies and news with their feed, and events."""

from django.urls import URLPattern, path

from information.feeds import AnnouncementFeed
from information.views import events as event_views
from information.views import news as news_views

app_name = "information"

urlpatterns: list[URLPattern] = []

# Announcements, policies and news.
urlpatterns += [
    path("", news_views.news, name="news"),
    path("feed/", AnnouncementFeed(), name="news_feed"),
    path("<int:pk>/", news_views.detail, name="news_detail"),
    path("<int:pk>/attachments/<int:attachment_id>/", news_views.attachment, name="news_attachment"),
]

# Events: registrations and one-to-one meetings.
urlpatterns += [
    path("events/", event_views.event_list, name="events"),
    path("events/<int:pk>/", event_views.event_detail, name="event_detail"),
    path("events/<int:pk>/register/", event_views.event_register, name="event_register"),
    path(
        "events/<int:pk>/cancel-registration/",
        event_views.event_cancel_registration,
        name="event_cancel_registration",
    ),
    path("events/<int:pk>/meet/<int:enterprise_id>/", event_views.meeting_new, name="meeting_new"),
    path("events/<int:pk>/schedule/", event_views.event_schedule, name="event_schedule"),
    path("meetings/<int:pk>/<str:action>/", event_views.meeting_action, name="meeting_action"),
]
