"""The financing API: offers and applications."""
