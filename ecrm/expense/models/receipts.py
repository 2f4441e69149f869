"""e-Expense models: receipts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_RECEIPT_BYTES = 5 * 1024 * 1024
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


def sniff_receipt(head):
    """The content type of a receipt from its first bytes (magic numbers), or None if not an image or PDF."""
    for signature, content_type, _ext in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def read_receipt(uploaded):
    """EXP-CLM-2: read an uploaded file, checking its size and its type by content; return (bytes, content type)."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_RECEIPT_BYTES:
        raise ValidationError(_("The receipt is larger than 5 MB"), code="too_large")
    data = uploaded.read(MAX_RECEIPT_BYTES + 1)
    if len(data) > MAX_RECEIPT_BYTES:
        raise ValidationError(_("The receipt is larger than 5 MB"), code="too_large")
    if not data:
        raise ValidationError(_("The receipt file is empty"), code="empty")
    content_type = sniff_receipt(data[:16])
    if content_type is None:
        raise ValidationError(
            _("The receipt must be an image (PNG, JPEG, GIF or WebP) or a PDF; this file's content is neither"),
            code="bad_type",
        )
    return data, content_type


class Receipt(models.Model):
    """A line's receipt, kept in the database (at most 5 MB, type checked by content)."""

    line = models.OneToOneField("ClaimLine", on_delete=models.CASCADE, related_name="receipt")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    def __str__(self):
        return self.name
