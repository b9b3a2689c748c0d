"""The access matrix: the routes of the URL conf, the world they are called on, and the expected answers."""
