"""A person's email preferences: which non-essential messages they receive."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.outbox import optional_kinds, set_unwanted_kinds, unwanted_kinds


class EmailPreferencesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label=_("Send me"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Receipts, verdicts, disqualification notices and invitations are always "
                    "sent."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [(kind.kind, kind.label) for kind in optional_kinds()]


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request):
    address = request.user.email
    offered = [kind.kind for kind in optional_kinds()]
    initial = {"wanted": [kind for kind in offered
                          if kind not in unwanted_kinds(address=address)]}
    form = EmailPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        set_unwanted_kinds(address=address,
                           kinds=set(offered) - set(form.cleaned_data["wanted"]))
        messages.success(request, _("Your email preferences were saved."))
        return redirect("accounts:email_preferences")
    return render(request, "accounts/email_preferences.html", {"form": form})
