"""Writes of information release: `news` (announcements, policies and news) and `events`."""
