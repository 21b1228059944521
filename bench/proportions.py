"""The proportions of the synthetic cases (domain.md §E6) and the durations of their steps."""

from __future__ import annotations

import datetime as dt

from sigap.cases.models import CaseState

# Category mix: KTP (women) 40 %, children's categories ~58 % (KTA, AMPK, ABH, half of TPPO).
CATEGORIES = [("KTP", 0.40), ("KTA", 0.45), ("AMPK", 0.07), ("ABH", 0.05), ("TPPO", 0.03)]
AMPK_SUBTYPES = ["AMPK_KEKERASAN", "AMPK_KEJAHATAN_SEKSUAL", "AMPK_EKSPLOITASI", "AMPK_PERLAKUAN_SALAH"]
RISKS = [("TINGGI", 0.2), ("SEDANG", 0.5), ("RENDAH", 0.3)]
# Domestic violence (KDRT): 74 % of cases against women, ~52 % of children's: 61 % overall (§E6).
KDRT_SHARE = {"KTP": 0.74, "KTA": 0.52, "AMPK": 0.52, "ABH": 0.30, "TPPO": 0.10}
KDRT_RELATIONSHIPS = {"adult": ["SUAMI_ISTRI"] * 4 + ["KELUARGA_SAUDARA"], "child": ["ORANG_TUA", "KELUARGA_SAUDARA"]}
OTHER_RELATIONSHIPS = ["PACAR_TEMAN", "TETANGGA", "GURU", "REKAN_KERJA", "MAJIKAN", "LAINNYA", "TIDAK_DIKETAHUI"]
# Violence types (for the incident extension): sexual dominates for children (59.7 %, §E6).
VIOLENCE_CHILD = [("SEKSUAL", 0.6), ("FISIK", 0.18), ("PSIKIS", 0.12), ("PENELANTARAN", 0.06), ("LAINNYA", 0.04)]
VIOLENCE_ADULT = [("FISIK", 0.38), ("PSIKIS", 0.30), ("SEKSUAL", 0.17), ("PENELANTARAN", 0.10), ("EKONOMI", 0.05)]
TERMINATION_REASONS = [
    ("TUJUAN_TERCAPAI", 0.7),
    ("RUJUKAN_TUNTAS", 0.12),
    ("DIHENTIKAN_PENERIMA_MANFAAT", 0.08),
    ("PINDAH_WILAYAH", 0.05),
    ("TIDAK_DAPAT_DIHUBUNGI", 0.05),
]
# Steps of the state machine with (min, max) days after the previous step.
STEPS = [
    (CaseState.ASESMEN, 1, 7),
    (CaseState.RENCANA_INTERVENSI, 3, 14),
    (CaseState.INTERVENSI, 3, 21),
    (CaseState.PEMANTAUAN, 14, 60),
    (CaseState.TERMINASI, 14, 120),
]
# How far a case goes at most: most are closed, some stall (drop-outs, long monitoring).
FURTHEST = [(5, 0.88), (4, 0.06), (3, 0.04), (1, 0.02)]
ARCHIVE_AFTER = dt.timedelta(days=365)
EDUCATION_CHILD = ["TK_PAUD", "SD", "SLTP", "SLTA", "TIDAK_BELUM_SEKOLAH"]
EDUCATION_ADULT = ["SD", "SLTP", "SLTA", "PERGURUAN_TINGGI", "NA"]
OCCUPATION_ADULT = ["IBU_RUMAH_TANGGA", "TIDAK_BEKERJA", "SWASTA_BURUH", "BEKERJA", "PEDAGANG_TANI_NELAYAN", "NA"]
DISABILITIES = ["FISIK", "INTELEKTUAL", "MENTAL", "SENSORIK_NETRA", "SENSORIK_RUNGU_WICARA"]
