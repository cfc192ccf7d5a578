from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def recommendation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "recommendations/list.html")
