from tests.helpdesk.test_views import *  # noqa

def test_probe(client, group):
    r = client.get(f"/da/{SLUG}/ticket"); print("GET", r.headers.getlist("Set-Cookie"))
    r = file_request(client, "en"); print("POST", r.status_code, r.headers.getlist("Set-Cookie"), r.mimetype)
    r2 = client.get(r.headers["Location"]); print("STATUS", r2.headers.getlist("Set-Cookie"))
    r = file_request(client, "en", kind=""); print("422", r.headers.getlist("Set-Cookie"))
    print(client._cookies if hasattr(client, "_cookies") else None)
