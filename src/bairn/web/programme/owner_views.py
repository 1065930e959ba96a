"""Who owns a programme: administrators name its owners (accounts with the programme owner
role) and remove them; each change is audited. Owners edit every action of their programme."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from bairn.web import audit
from bairn.web.accounts.permissions import right_required
from bairn.web.accounts.roles import Right, Role
from bairn.web.programme.models import Programme


class OwnerForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Add an owner",
        queryset=get_user_model().objects.none(),
        help_text="Accounts with the programme owner role.",
        empty_label="Choose an account",
    )

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        eligible = get_user_model().objects.filter(role=Role.PROGRAMME_OWNER, is_active=True)
        self.fields["user"].queryset = eligible.exclude(pk__in=programme.owners.all()).order_by(
            "username"
        )


@right_required(Right.MANAGE_ACCOUNTS)
@require_http_methods(["GET", "POST"])
def owners(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug)
    form = OwnerForm(request.POST or None, programme=programme)
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            gone = programme.owners.filter(pk=remove).first()
            if gone is not None:
                programme.owners.remove(gone)
                audit.record(request, "programme.owner.remove", programme,
                             {"user": gone.username})  # fmt: skip
            return redirect("programme:owners", slug=slug)
        if form.is_valid():
            user = form.cleaned_data["user"]
            programme.owners.add(user)
            audit.record(request, "programme.owner.add", programme, {"user": user.username})
            return redirect("programme:owners", slug=slug)
    return render(request, "programme/owners.html", {
        "title": f"Owners of {programme.name}", "programme": programme,
        "owners": programme.owners.order_by("username"), "form": form,
    })  # fmt: skip
