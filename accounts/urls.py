"""Pages of accounts: registration, sign-in, the member's dashboard and profile, directory, inbox."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("my/", views.dashboard, name="dashboard"),
    path("my/profile/", views.profile_edit, name="profile_edit"),
    path("my/profile/resubmit/", views.resubmit, name="resubmit"),
    path("my/certifications/<int:pk>/delete/", views.certification_delete, name="certification_delete"),
    path("my/members/", views.members, name="members"),
    path("my/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("my/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("enterprises/", views.directory, name="directory"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]
