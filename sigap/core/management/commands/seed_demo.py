"""Seed the demo: Kukar with one user per role, and Samarinda with its own head and case manager.

Idempotent: running it twice changes nothing. Refuses to run in production. Every demo user has
the same password, printed at the end (and in README.md): demo accounts must never hold real data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sigap.accounts.models import Membership, Role, Unit, User

DEMO_PASSWORD = "lembayung-senja-42"  # noqa: S105 - the demo's published password, refused in production

UNITS = [
    {
        "case_number_prefix": "PPA-KKR",
        "name": "UPTD PPA Kabupaten Kutai Kartanegara",
        "short_name": "UPTD PPA Kukar",
        "level": Unit.Level.REGENCY,
        "region_code": "64.02",
        "address": "Jl. Demo No. 1, Tenggarong",
        "phone": "0541-000000",
        "letterhead_lines": (
            "PEMERINTAH KABUPATEN KUTAI KARTANEGARA\n"
            "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK\n"
            "UPTD PERLINDUNGAN PEREMPUAN DAN ANAK"
        ),
        "time_zone": "Asia/Makassar",
    },
    {
        "case_number_prefix": "PPA-SMD",
        "name": "UPTD PPA Kota Samarinda",
        "short_name": "UPTD PPA Samarinda",
        "level": Unit.Level.REGENCY,
        "region_code": "64.72",
        "address": "Jl. Demo No. 2, Samarinda",
        "phone": "0541-111111",
        "letterhead_lines": "PEMERINTAH KOTA SAMARINDA\nUPTD PERLINDUNGAN PEREMPUAN DAN ANAK",
        "time_zone": "Asia/Makassar",
    },
]

# (username, full name, unit prefix, role)
USERS = [
    ("admin.kukar", "Rina Admin (demo)", "PPA-KKR", Role.UNIT_ADMIN),
    ("kepala.kukar", "Hj. Sari Kepala (demo)", "PPA-KKR", Role.HEAD),
    ("intake.kukar", "Dewi Penerima (demo)", "PPA-KKR", Role.INTAKE),
    ("mk.kukar", "Ayu Manajer Kasus (demo)", "PPA-KKR", Role.CASE_MANAGER),
    ("psikolog.kukar", "Nadia Psikolog (demo)", "PPA-KKR", Role.EXPERT),
    ("data.kukar", "Budi Data (demo)", "PPA-KKR", Role.DATA_OFFICER),
    ("mitra.kukar", "Andi Mitra (demo)", "PPA-KKR", Role.PARTNER),
    ("pimpinan.kukar", "Ir. Kadis Pimpinan (demo)", "PPA-KKR", Role.LEADERSHIP),
    ("auditor.kukar", "Tono Auditor (demo)", "PPA-KKR", Role.AUDITOR),
    ("kepala.samarinda", "Lina Kepala Samarinda (demo)", "PPA-SMD", Role.HEAD),
    ("mk.samarinda", "Rudi Manajer Kasus Samarinda (demo)", "PPA-SMD", Role.CASE_MANAGER),
]


class Command(BaseCommand):
    help = "Create the demo units and users (idempotent). Never in production."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run in production: demo accounts share a known password.")
        created = 0
        with transaction.atomic():
            units = {}
            for data in UNITS:
                unit, was_created = Unit.objects.get_or_create(
                    case_number_prefix=data["case_number_prefix"], defaults=data
                )
                units[unit.case_number_prefix] = unit
                created += int(was_created)
            for username, full_name, prefix, role in USERS:
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User.objects.create_user(
                        username=username,
                        password=DEMO_PASSWORD,
                        email=f"{username}@demo.sigap.invalid",
                        full_name=full_name,
                    )
                    created += 1
                if not Membership.objects.filter(user=user, is_active=True).exists():
                    Membership.objects.create(user=user, unit=units[prefix], role=role)
                    created += 1
        self.stdout.write(f"Demo data: {created} new row(s).")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for username, _full_name, prefix, role in USERS:
            self.stdout.write(f"  {username:<18} {Role(role).label} · {prefix}")
