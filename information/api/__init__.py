"""The information API: announcements, policies and news (`news`) and events (`events`)."""
