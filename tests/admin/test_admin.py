"""The administrators' page shows which translations a native speaker has reviewed."""

from webapp.accounts.models import Role
from webapp.i18n import LANGUAGES


def test_administrators_see_each_language_and_its_review_state(client, auth, make_user):
    make_user(Role.ADMINISTRATOR, [], username="admin")
    auth.login("admin", lang="en")
    html = client.get("/en/admin/").get_data(as_text=True)
    table = html[html.index('class="language-review"') :]
    for language in LANGUAGES:
        assert f"<code>{language.code}</code>" in table
    rows = table.count("<tr>") - 1
    assert rows == len(LANGUAGES) == 12
    assert table.count("Not yet reviewed") == sum(not lang.reviewed for lang in LANGUAGES)
    assert table.count("Right to left") == 5
