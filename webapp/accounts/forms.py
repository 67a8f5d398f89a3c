import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from webapp.accounts.models import Role
from webapp.accounts.second_factor import clean_code
from webapp.forms import MESSAGES as FORM_MESSAGES
from webapp.forms import chosen, field_text, is_key, unusable


class LoginForm(FlaskForm):
    username = StringField(
        _l("User name"),
        validators=[DataRequired(message=_l("Write your user name.")), Length(max=80)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Write your password.")), Length(max=200)],
    )


def field_errors(form: FlaskForm) -> dict:
    """A WTForms form's errors as the form kit shows them: the first message of each field."""
    return {name: messages[0] for name, messages in form.errors.items()}


# --- people: invitations, the welcome form, the code from the app -------------------------

NAME_MAX = 40
USERNAME_MIN, USERNAME_MAX = 3, 40
PASSWORD_MIN, PASSWORD_MAX = 10, 200
# Letters and digits of any script, and . _ -: no spaces, so it is easy to type again.
USERNAME = re.compile(r"^[\w.-]+$")

PEOPLE_MESSAGES = {
    "name": _l("Write a first name (at most 40 letters)."),
    "role": _l("Choose what she will do."),
    "key": FORM_MESSAGES["key"],
    "username": _l("Choose a user name of 3 to 40 letters or digits, without spaces."),
    "username_taken": _l("This user name is taken. Please choose another one."),
    "password": _l("The password must have at least 10 characters."),
    "password_again": _l("The two passwords are not the same."),
    "languages": FORM_MESSAGES["languages"],
    "text": FORM_MESSAGES["text"],
    "code": _l("Write the 6 digits from your app."),
    "code_wrong": _l(
        "The code is not right, or it was already used. Wait for a new code and try again."
    ),
}


def _name(values, errors: dict, field: str, required: bool) -> str:
    name = field_text(values, field)
    if unusable(name):
        errors[field] = PEOPLE_MESSAGES["text"]
    elif len(name) > NAME_MAX or (required and not name):
        errors[field] = PEOPLE_MESSAGES["name"]
    return name


def blank_invitation() -> dict:
    """The invitation form before anything is typed, with its one-time key."""
    return {"display_name": "", "role": Role.VOLUNTEER, "form_key": secrets.token_urlsafe(24)}


def blank_welcome(display_name: str) -> dict:
    """The welcome form, with the first name the coordinator wrote (she may change it)."""
    return {"username": "", "display_name": display_name, "languages": []}


def check_invitation(values, roles: tuple[Role, ...]) -> tuple[dict, dict]:
    errors = {}
    data = {
        "display_name": _name(values, errors, "display_name", required=False),
        "role": field_text(values, "role") or Role.VOLUNTEER.value,
        "form_key": field_text(values, "form_key"),
    }
    if data["role"] not in {role.value for role in roles}:
        errors["role"] = PEOPLE_MESSAGES["role"]
    if not is_key(data["form_key"]):
        errors["form_key"] = PEOPLE_MESSAGES["key"]
    return data, errors


def check_welcome(values, language_choices: list[str]) -> tuple[dict, dict]:
    """Her user name, first name, password (twice) and languages. The password is in `data`
    for the account only: the page never shows it again."""
    errors = {}
    ticked = chosen(values, "languages")
    data = {
        "username": field_text(values, "username"),
        "display_name": _name(values, errors, "display_name", required=True),
        "password": values.get("password", "") if isinstance(values.get("password"), str) else "",
        "languages": [code for code in language_choices if code in ticked],
    }
    username = data["username"]
    if unusable(username):
        errors["username"] = PEOPLE_MESSAGES["text"]
    elif not (USERNAME_MIN <= len(username) <= USERNAME_MAX and USERNAME.fullmatch(username)):
        errors["username"] = PEOPLE_MESSAGES["username"]
    password = data["password"]
    if unusable(password) or not (PASSWORD_MIN <= len(password) <= PASSWORD_MAX):
        errors["password"] = PEOPLE_MESSAGES["password"]
    elif values.get("password_again") != password:
        errors["password_again"] = PEOPLE_MESSAGES["password_again"]
    if not data["languages"]:
        errors["languages"] = PEOPLE_MESSAGES["languages"]
    return data, errors


def check_code(values) -> tuple[dict, dict]:
    typed = field_text(values, "code")
    data = {"code": clean_code(typed) or ""}
    return data, ({} if data["code"] else {"code": PEOPLE_MESSAGES["code"]})
