"""Planning views: cafés, series and single occurrences."""
