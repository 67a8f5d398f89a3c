"""Report views: the page, its charts, CSV and the printable version."""
