"""Seed data: the region table (`regions.json`) and the demo data generator behind `manage.py seed`."""
