"""URL converters every area shares (the language's and the group's live with their nouns)."""

from werkzeug.routing import IntegerConverter

from webapp.forms import MAX_ID


class IdConverter(IntegerConverter):
    """`<id:cafe_id>`: a row's id. A larger number is no row (and would overflow PostgreSQL's
    integer), so it answers 404 like any other missing row."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)
