"""Every URL the project serves has a case in a permission matrix (`tests/test_permissions*.py`).

A URL pattern added without one fails here: give it a case for the whole cast in the matrix
of its area (the admin's own URLs are Django's, checked through its index and sign-in).
"""

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

MATRICES = sorted(
    path
    for path in Path(__file__).parent.glob("test_permissions*.py")
    if path.name != Path(__file__).name
)
REVERSED = re.compile(r"""reverse\(\s*(?:f?["'])([\w:-]+)["']""")


def url_names(resolver=None, namespace: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)


def names_in_matrices() -> set[str]:
    return {name for path in MATRICES for name in REVERSED.findall(path.read_text())}


def test_every_url_pattern_has_a_case_in_a_permission_matrix():
    missing = sorted(set(url_names()) - names_in_matrices())
    assert not missing, f"URL patterns with no case in tests/test_permissions*.py: {missing}"


def test_the_admin_is_in_a_matrix_through_its_index_and_sign_in():
    assert {"admin:index", "admin-sign-in"} <= names_in_matrices()


def test_the_check_finds_the_names_it_should():
    # Guards the regular expression: a matrix that reverses a URL by name is counted.
    assert {"home", "recommendation-detail", "action-plan-upload"} <= names_in_matrices()
