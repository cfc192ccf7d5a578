"""The account page: who the user is, and which e-mails they get."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kirklees_tracker.responses import see_other

from .forms import EmailChoicesForm
from .models import EmailKind, EmailPreference


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    preference = EmailPreference.objects.filter(user=request.user).first() or EmailPreference(
        user=request.user
    )
    chosen = [kind for kind in EmailKind.values if preference.wants(kind)]
    data = request.POST if request.method == "POST" else None
    form = EmailChoicesForm(data, initial={"emails": chosen})
    if request.method == "POST":
        if form.is_valid():
            wanted = set(form.cleaned_data["emails"])
            for kind in EmailKind.values:
                setattr(preference, kind, kind in wanted)
            preference.save()
            messages.success(request, "Your e-mail choices have been saved")
            return see_other(reverse("account"))
        return render(request, "reminders/account.html", {"form": form}, status=400)
    return render(request, "reminders/account.html", {"form": form})
