"""Planning views: responsible mothers, the year plan and the poster."""
