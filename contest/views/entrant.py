from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Entry


@login_required
def dashboard(request):
    entries = Entry.objects.filter(entrant=request.user).select_related("contest", "category")
    return render(request, "contest/dashboard.html", {"entries": entries})
