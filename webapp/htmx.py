"""render(): the whole page, or just the block an htmx request targets.

A fragment is a `{% block %}` whose name is the id of the element it fills. Boosted requests
and history restores always get the whole page (htmx 2 sends HX-Request with both).
"""

from flask import make_response, render_template
from htmx_flask import request
from jinja2_fragments import BlockNotFoundError
from jinja2_fragments.flask import render_block

VARY = "HX-Request, HX-Target, HX-History-Restore-Request"


def wants_fragment() -> str | None:
    """The block name to render alone, or None for the whole page."""
    htmx = request.htmx
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return None
    target = htmx.target
    if target and target.replace("_", "").replace("-", "").isalnum():
        return target.replace("-", "_")
    return None


def render(template: str, status: int = 200, **context):
    block = wants_fragment()
    if block is not None:
        try:
            body = render_block(template, block, **context)
        except BlockNotFoundError:
            body = render_template(template, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.update(part.strip() for part in VARY.split(","))
    return response
