"""Platform statistics: the figures the provincial office judges the platform by, as pages, charts,
JSON and CSV, cached and invalidated when the data changes."""
