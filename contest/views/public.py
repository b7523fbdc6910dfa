from django.shortcuts import render

from ..models import Contest


def home(request):
    contests = Contest.objects.order_by("-opens_at")
    return render(request, "contest/home.html", {"contests": contests})
