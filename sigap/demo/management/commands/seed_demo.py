"""Seed the demo: Kukar with one user per role (three experts), and Samarinda with its own head, case
manager and intake officer; the experts' profiles and synthetic credentials; then some life in each unit: synthetic
complaints and cases in different states, and Kukar's partners' agreements, referrals and a case in
monitoring with its empowerment plan (``sigap.demo.partnership``).

Idempotent: running it twice changes nothing (a unit that already has complaints or cases gets no
sample activity). Refuses to run in production. Every demo user has the same password, printed at
the end (and in README.md): demo accounts must never hold real data.

The sample activity is written through the services, as the staff would (audit events, encryption,
work items and clocks included). Every person is obviously fictional ("Contoh Korban Satu", addresses
marked "fiktif"); no NIK or phone number is recorded, so that no real person's number can appear.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.core.models import CodeList
from sigap.demo.casework import demo_user, seed_activity, seed_rooms, seed_shelter
from sigap.demo.contracts import seed_contracts
from sigap.demo.partners import seed_partner_users
from sigap.demo.partnership import seed_agreements, seed_monitored_case
from sigap.experts.licensing import unit_today
from sigap.experts.models import CredentialKind, ExpertProfile, Profession
from sigap.experts.services import credential_add, expert_profile_save
from sigap.partners.seed import partners_seed

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
    ("hukum.kukar", "Bayu Konselor Hukum (demo)", "PPA-KKR", Role.EXPERT),
    ("konselor.kukar", "Maya Konselor Psikologi (demo)", "PPA-KKR", Role.EXPERT),
    ("data.kukar", "Budi Data (demo)", "PPA-KKR", Role.DATA_OFFICER),
    ("mitra.kukar", "Andi Mitra BAZNAS (demo)", "PPA-KKR", Role.PARTNER),
    ("koperasi.kukar", "Wati Mitra Koperasi (demo)", "PPA-KKR", Role.PARTNER),
    ("pimpinan.kukar", "Ir. Kadis Pimpinan (demo)", "PPA-KKR", Role.LEADERSHIP),
    ("auditor.kukar", "Tono Auditor (demo)", "PPA-KKR", Role.AUDITOR),
    ("kepala.samarinda", "Lina Kepala Samarinda (demo)", "PPA-SMD", Role.HEAD),
    ("mk.samarinda", "Rudi Manajer Kasus Samarinda (demo)", "PPA-SMD", Role.CASE_MANAGER),
    ("intake.samarinda", "Sinta Penerima Samarinda (demo)", "PPA-SMD", Role.INTAKE),
]


# --- expert profiles -----------------------------------------------------------------------------
# (username, profession, sex, credentials): each credential is (kind, synthetic number, issuer, valid
# from / until in days from today; None = no expiry). The three show the team page's ranking: a licensed
# clinical psychologist whose SIPPK expires within 60 days (and TPKS-trained), a licensed paralegal,
# and a counsellor whose only permit has expired.
EXPERT_PROFILES: list[tuple[str, str, str, list[tuple[str, str, str, int, int | None]]]] = [
    (
        "psikolog.kukar",
        Profession.CLINICAL_PSYCHOLOGIST,
        "P",
        [
            (CredentialKind.STRPK, "DEMO-STRPK-0001", "Konsil Tenaga Kesehatan Indonesia (contoh)", -400, 1425),
            (CredentialKind.SIPPK, "DEMO-SIPPK-0001", "Dinas Kesehatan Kab. Kutai Kartanegara (contoh)", -400, 45),
            (
                CredentialKind.SERTIFIKAT_PELATIHAN_TPKS,
                "DEMO-TPKS-0001",
                "DP3A Provinsi Kalimantan Timur (contoh)",
                -200,
                None,
            ),
        ],
    ),
    (
        "hukum.kukar",
        Profession.LEGAL_COUNSELLOR,
        "L",
        [(CredentialKind.SERTIFIKAT_PARALEGAL, "DEMO-PARALEGAL-0001", "LBH Contoh (fiktif)", -300, 700)],
    ),
    (
        "konselor.kukar",
        Profession.PSYCHOLOGICAL_COUNSELLOR,
        "P",
        [(CredentialKind.SIPP_HIMPSI, "DEMO-SIPP-0001", "HIMPSI Wilayah Kalimantan Timur (contoh)", -800, -10)],
    ),
]


def seed_expert_profiles() -> int:
    """Profiles and credentials of the demo experts, recorded by Kukar's head; none twice. Rows created."""
    created = 0
    for username, profession, sex, credentials in EXPERT_PROFILES:
        user = demo_user(username)
        if ExpertProfile.objects.filter(user=user).exists():
            continue
        head = demo_user("kepala.kukar")
        profile = expert_profile_save(actor=head, user=user, profession=profession, sex=sex)
        today = unit_today(profile.unit)
        for kind, number, issuer, starts, ends in credentials:
            credential_add(
                actor=head,
                profile=profile,
                kind=kind,
                number=number,
                issuer=issuer,
                valid_from=today + dt.timedelta(days=starts),
                valid_until=None if ends is None else today + dt.timedelta(days=ends),
            )
        created += 1 + len(credentials)
    return created


# --- sample activity -----------------------------------------------------------------------------
# Fictional people only; every account says it is an example.


class Command(BaseCommand):
    help = "Create the demo units, users and sample complaints and cases (idempotent). Never in production."

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
            # Demo units made before the partner directory existed get the usual partners too (idempotent).
            created += sum(partners_seed(unit) for unit in units.values())
            created += seed_partner_users()  # each demo partner user works for one of Kukar's partners
            created += seed_expert_profiles()
            created += seed_contracts()
            created += seed_shelter(units["PPA-KKR"])
            created += seed_rooms(units["PPA-KKR"])
            # The complaint channels are a reference list: without it there is nothing to record with.
            reference_ready = CodeList.objects.filter(key="complaint_channel").exists()
            seeded = seed_activity(units) if reference_ready else []
            if reference_ready:
                kukar, head = units["PPA-KKR"], demo_user("kepala.kukar")
                created += seed_agreements(kukar, head)
                created += seed_monitored_case(
                    kukar, head=head, manager=demo_user("mk.kukar"), expert=demo_user("psikolog.kukar")
                )
        self.stdout.write(f"Demo data: {created} new row(s).")
        if not reference_ready:
            self.stdout.write(self.style.WARNING("No sample complaints or cases: run load_reference first."))
        elif seeded:
            self.stdout.write(f"Sample complaints and cases added in {', '.join(seeded)}.")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for username, _full_name, prefix, role in USERS:
            self.stdout.write(f"  {username:<18} {Role(role).label} · {prefix}")
