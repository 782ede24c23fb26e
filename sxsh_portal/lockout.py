"""django-axes' lockout page (says in the user's language that the account is locked and until when), and the
username it records."""

from datetime import timedelta

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    """429 with the locked_out page: how many failures, how long to wait, and the time to try again."""
    cool_off = get_cool_off(request) or timedelta(0)
    username = get_client_username(request, credentials) or ""
    last_failure = (
        AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request))
        .aggregate(last=Max("attempt_time"))["last"]
    )
    retry_at = (last_failure or timezone.now()) + cool_off
    context = {
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)),
        "retry_at": timezone.localtime(retry_at),
    }
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.META.get("HTTP_X_REQUESTED_WITH") == "XMLHttpRequest":
        return JsonResponse({**context, "retry_at": context["retry_at"].isoformat()}, status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=status)


USERNAME_KEPT = AccessAttempt._meta.get_field("username").max_length


def username_of(request, credentials=None):
    """The username that axes records and locks out (AXES_USERNAME_CALLABLE): the one typed, cut to what its tables
    hold. Django's login form lets a longer one reach authenticate() (the field's 150 characters are only the input's
    maxlength), so a tampered form would have failed to be recorded, on PostgreSQL, and turned a failed login into
    a 500."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    username = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    return username[:USERNAME_KEPT] if isinstance(username, str) else username
