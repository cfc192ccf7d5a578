import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("500.html", "Sorry, there is a problem with the service"),
        ("503.html", "Sorry, the service is unavailable"),
    ],
)
def test_the_error_pages_render_without_a_database_or_a_request(template, heading):
    # No `db` fixture: pytest-django fails the test if the template touches the database.
    html = render_to_string(template)
    assert heading in html
    assert "/static/dist/app.css" in html
    assert html.count("<h1") == 1
    assert 'id="main-content"' in html
