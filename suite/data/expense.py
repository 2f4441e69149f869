"""Test data of e-Expense: claims, lines, advances, project codes, card numbers and receipt files made in the test.

Receipt files are generated, never stored in the repository: a real PNG (zlib-compressed scanlines and CRCs), a real
one-page PDF, a text file renamed ``.png`` and a PNG-headed file over 5 MB.
"""

from __future__ import annotations

import datetime
import hashlib
import struct
import zlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from faker import Faker

from suite.data.keys import Uniq

CATEGORIES = ("travel", "transport", "lodging", "meals", "entertainment", "office", "other")
CATEGORY_LABELS = {
    "travel": ("差旅", "Travel"),
    "transport": ("交通", "Transport"),
    "lodging": ("住宿", "Lodging"),
    "meals": ("餐费", "Meals"),
    "entertainment": ("招待", "Entertainment"),
    "office": ("办公", "Office"),
    "other": ("其他", "Other"),
}
# The seeded limits of the employee type 销售代表 (rep1, rep2), per line.
REP_LIMITS = {"travel": Decimal("5000.00"), "transport": Decimal("1000.00"), "lodging": Decimal("800.00"),
              "meals": Decimal("500.00"), "entertainment": Decimal("2000.00"), "office": Decimal("1000.00"),
              "other": Decimal("500.00")}
RECEIPT_THRESHOLD = Decimal("200.00")
APPROVAL_THRESHOLD = Decimal("10000.00")
MAX_RECEIPT = 5 * 1024 * 1024
CLERK = ("clerk", "Clerk@2026")  # the seeded finance clerk reserved for password-change tests


# --------------------------------------------------------------------------- receipt files
def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid RGB PNG image of one colour."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b""))


def pdf_bytes(text: str = "Receipt") -> bytes:
    """A valid one-page PDF with a line of text (with a correct cross-reference table)."""
    stream = f"BT /F1 18 Tf 40 100 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def text_renamed_png() -> bytes:
    """A plain text file, to be uploaded under a ``.png`` name (its content is not an image)."""
    return "这不是图片。This is a text file renamed to .png\n".encode() * 20


def oversized_png() -> bytes:
    """A file that starts like a PNG but is 5 MB + 1 KB long."""
    return png_bytes() + b"\x00" * (MAX_RECEIPT + 1024)


# --------------------------------------------------------------------------- records
@dataclass
class LineData:
    date: str
    category: str  # a category code
    amount: str
    description: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ClaimData:
    title: str
    project: str | None = None  # a project code
    lines: list[LineData] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((Decimal(line.amount) for line in self.lines), Decimal("0.00"))


@dataclass
class AdvanceData:
    purpose: str
    amount: str
    expected_repayment: str
    project: str | None = None


def days_ago(today: datetime.date, days: int) -> str:
    return (today - datetime.timedelta(days=days)).isoformat()


def line_data(fake: Faker, today: datetime.date, category: str = "meals", amount: str = "88.50",
              days: int = 3) -> LineData:
    return LineData(date=days_ago(today, days), category=category, amount=amount,
                    description=f"{fake.company_prefix() if hasattr(fake, 'company_prefix') else fake.word()}"
                                f"{CATEGORY_LABELS[category][0]}")


def claim_data(fake: Faker, uniq: Uniq, today: datetime.date, amounts: tuple[str, ...] = ("88.50", "120.00"),
               category: str = "meals", project: str | None = None) -> ClaimData:
    """A claim of small lines (below the receipt threshold unless the amounts say otherwise)."""
    return ClaimData(
        title=f"{fake.city()}客户拜访 {uniq()}",
        project=project,
        lines=[line_data(fake, today, category, amount, days=index + 1) for index, amount in enumerate(amounts)],
    )


def advance_data(fake: Faker, uniq: Uniq, today: datetime.date, amount: str = "2000.00", due_in_days: int = 30,
                 project: str | None = None) -> AdvanceData:
    return AdvanceData(purpose=f"{fake.city()}出差备用金 {uniq()}", amount=amount,
                       expected_repayment=(today + datetime.timedelta(days=due_in_days)).isoformat(), project=project)


def project_code(uniq: Uniq) -> str:
    """A unique project code matching ``[A-Z]{2,5}-\\d{3}``, derived from the test's uniqueness token."""
    digest = hashlib.sha256(uniq().encode()).hexdigest()
    letters = "".join(chr(ord("A") + int(digest[i:i + 2], 16) % 26) for i in range(0, 8, 2))
    return f"{letters}-{int(digest[8:14], 16) % 1000:03d}"


def luhn_card(prefix: str = "622588", length: int = 16, body: str = "") -> str:
    """A card number of ``length`` digits that passes the Luhn check."""
    digits = (prefix + body)[: length - 1].ljust(length - 1, "7")
    for check in "0123456789":
        candidate = digits + check
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")
