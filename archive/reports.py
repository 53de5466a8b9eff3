"""Readers' error reports (「报告错误」): the form, a per-address rate limit, storing a report.

A report is only a note to staff: it is never shown to readers and never edits the article.
Addresses are kept only as a keyed hash, used to count reports per sender.
"""

from __future__ import annotations

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core.cache import cache

from archive.models import Article, ErrorReport

RATE_WINDOW_SECONDS = 3600


class ErrorReportForm(forms.Form):
    message = forms.CharField(
        label="哪里有错？",
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "如：第二段“黄河滩区”误作“黄河摊区”"}
        ),
        error_messages={"required": "请写下哪里有错。", "max_length": "请写在 2000 字以内。"},
    )
    contact = forms.CharField(
        label="联系方式（选填，只有工作人员能看到）",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
        error_messages={"max_length": "联系方式请写在 200 字以内。"},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by form-spamming robots.
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "report-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def is_robot(self) -> bool:
        """True when the hidden honeypot field was filled in (call after ``is_valid``)."""
        return bool(self.cleaned_data.get("website", "").strip())

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError("请写下哪里有错。")
        return message


def address_hash(address: str) -> str:
    """A keyed SHA-256 of the sender's address: stable per sender, not reversible without the
    site's secret key."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


def take_report_slot(sender_hash: str) -> bool:
    """Count one report for the sender; False once they have used up
    ``ERROR_REPORTS_PER_HOUR`` in the current hour (which starts with their first report)."""
    key = f"error-report-rate:{sender_hash}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    return count <= settings.ERROR_REPORTS_PER_HOUR


def store_error_report(article: Article, form: ErrorReportForm, sender_hash: str) -> ErrorReport:
    """Save a valid form as an unresolved report (its text cleaned of markup on save)."""
    return ErrorReport.objects.create(
        article=article,
        message=form.cleaned_data["message"],
        contact=form.cleaned_data["contact"].strip(),
        ip_hash=sender_hash,
    )
