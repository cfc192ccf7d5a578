"""What reporting adds to a recommendation's page: its indicators and its status over time.

The recommendation page loads these tags, so that `recommendations` needs no import of
`reporting` (reporting builds on recommendations, never the reverse):

    {% load recommendation_reporting %}
    {% recommendation_indicators recommendation can_manage=can_manage %}
    {% recommendation_status_strip recommendation %}
"""

from django import template

from reporting.charts import strips_for_recommendation
from reporting.indicators import indicators_for

register = template.Library()


@register.inclusion_tag("reporting/_recommendation_indicators.html")
def recommendation_indicators(recommendation, can_manage=False) -> dict:
    """The recommendation's indicators table, or a line saying it has none yet."""
    return {"indicators": indicators_for(recommendation), "can_manage": can_manage}


@register.inclusion_tag("reporting/_status_strip.html")
def recommendation_status_strip(recommendation) -> dict:
    """The recommendation's status strip, as at today."""
    return {"strips": strips_for_recommendation(recommendation)}
