"""Paths to views are worked out once for each view and arguments, and are reverse()'s."""

from django.urls import reverse

from kirklees_tracker.paths import _path, path_to


def test_a_path_is_the_one_reverse_gives():
    assert path_to("recommendation-detail", 42) == reverse("recommendation-detail", args=[42])


def test_a_path_asked_for_again_is_not_worked_out_again():
    _path.cache_clear()
    path_to("inspection-detail", 7)
    path_to("inspection-detail", 7)

    assert _path.cache_info().hits == 1


def test_another_urlconf_forgets_the_paths_worked_out(settings):
    path_to("inspection-detail", 7)

    settings.ROOT_URLCONF = "bench.urls"

    assert _path.cache_info().currsize == 0


def test_a_recommendations_own_url_is_its_page(recommendation):
    assert recommendation.get_absolute_url() == f"/recommendations/{recommendation.pk}/"
