"""Sign-in forms whose username is bounded.

Django's AuthenticationForm sets the username field's max_length after the field is made,
so nothing checks it; a longer name reaches authenticate() and django-axes then stores it
in a 255-character column (PostgreSQL refuses it: a server error). A name longer than any
account's is simply a failed sign-in, with the ordinary message, and is never looked up.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm


class BoundedUsernameMixin:
    def clean(self):
        username = self.cleaned_data.get("username")
        limit = self.fields["username"].max_length
        if username and limit and len(username) > limit:
            raise self.get_invalid_login_error()
        return super().clean()


class SignInForm(BoundedUsernameMixin, AuthenticationForm):
    """The service's sign-in, refusing in GOV.UK's words: what to do, without "Please" or how
    the check works (Django's own message adds that both fields may be case-sensitive)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class AdminSignInForm(BoundedUsernameMixin, AdminAuthenticationForm):
    pass
