"""Reference lists about incidents and people (domain.md C.1–C.9, C.18–C.20)."""

from __future__ import annotations

from sigap.core.reference.types import LOCAL, UNVERIFIED, C, ListDef, group

VIOLENCE_TYPE = ListDef(
    "violence_type",
    "Jenis kekerasan",
    "Type of violence",
    "SIMFONI PPA types; several per victim (C.1).",
    (
        C("FISIK", "Fisik", "Physical"),
        C("PSIKIS", "Psikis", "Psychological"),
        C("SEKSUAL", "Seksual", "Sexual"),
        C("EKSPLOITASI", "Eksploitasi", "Exploitation"),
        C("TRAFFICKING", "Trafficking (TPPO)", "Trafficking"),
        C("PENELANTARAN", "Penelantaran", "Neglect"),
        C("LAINNYA", "Lainnya", "Other"),
    ),
)

TPKS_FORM = ListDef(
    "tpks_form",
    "Bentuk tindak pidana kekerasan seksual",
    "Form of sexual-violence crime",
    "UU 12/2022 (TPKS) Pasal 4 ayat (1) and ayat (2) (C.2); the two articles are group headers.",
    (
        C("PASAL_4_1", "Pasal 4 ayat (1)", "Article 4(1)", selectable=False),
        *group(
            "PASAL_4_1",
            C("PELECEHAN_NONFISIK", "Pelecehan seksual nonfisik", "Non-physical sexual harassment"),
            C("PELECEHAN_FISIK", "Pelecehan seksual fisik", "Physical sexual harassment"),
            C("PEMAKSAAN_KONTRASEPSI", "Pemaksaan kontrasepsi", "Forced contraception"),
            C("PEMAKSAAN_STERILISASI", "Pemaksaan sterilisasi", "Forced sterilisation"),
            C("PEMAKSAAN_PERKAWINAN", "Pemaksaan perkawinan", "Forced marriage"),
            C("PENYIKSAAN_SEKSUAL", "Penyiksaan seksual", "Sexual torture"),
            C("EKSPLOITASI_SEKSUAL", "Eksploitasi seksual", "Sexual exploitation"),
            C("PERBUDAKAN_SEKSUAL", "Perbudakan seksual", "Sexual slavery"),
            C("KSBE", "Kekerasan seksual berbasis elektronik", "Electronic-based sexual violence"),
        ),
        C("PASAL_4_2", "Pasal 4 ayat (2)", "Article 4(2)", selectable=False),
        *group(
            "PASAL_4_2",
            C("PERKOSAAN", "Perkosaan", "Rape"),
            C("PERBUATAN_CABUL", "Perbuatan cabul", "Indecent assault"),
            C(
                "KS_TERHADAP_ANAK",
                "Persetubuhan terhadap anak, perbuatan cabul terhadap anak, dan/atau eksploitasi seksual terhadap anak",
                "Sexual intercourse with, indecent assault on and/or sexual exploitation of a child",
            ),
            C(
                "PELANGGARAN_KESUSILAAN",
                "Perbuatan melanggar kesusilaan yang bertentangan dengan kehendak korban",
                "Acts against decency contrary to the victim's will",
            ),
            C(
                "PORNOGRAFI",
                "Pornografi yang melibatkan anak atau yang secara eksplisit memuat kekerasan dan eksploitasi seksual",
                "Pornography involving children or explicitly showing sexual violence and exploitation",
            ),
            C("PEMAKSAAN_PELACURAN", "Pemaksaan pelacuran", "Forced prostitution"),
            C(
                "TPPO_EKSPLOITASI_SEKSUAL",
                "Tindak pidana perdagangan orang yang ditujukan untuk eksploitasi seksual",
                "Trafficking in persons for sexual exploitation",
            ),
            C(
                "KS_RUMAH_TANGGA",
                "Kekerasan seksual dalam lingkup rumah tangga",
                "Sexual violence within the household",
            ),
            C(
                "TPPU_ASAL_TPKS",
                "Tindak pidana pencucian uang yang tindak pidana asalnya merupakan tindak pidana kekerasan seksual",
                "Money laundering whose predicate offence is a sexual-violence crime",
            ),
            C(
                "LAINNYA_TPKS",
                "Tindak pidana lain yang dinyatakan secara tegas sebagai tindak pidana kekerasan seksual",
                "Other crimes expressly declared sexual-violence crimes by law",
            ),
        ),
    ),
)

KDRT_FORM = ListDef(
    "kdrt_form",
    "Bentuk KDRT",
    "Form of domestic violence",
    "UU 23/2004 (PKDRT) Pasal 5 (C.3).",
    (
        C("FISIK", "Kekerasan fisik", "Physical violence"),
        C("PSIKIS", "Kekerasan psikis", "Psychological violence"),
        C("SEKSUAL", "Kekerasan seksual", "Sexual violence"),
        C("PENELANTARAN", "Penelantaran rumah tangga", "Neglect of the household"),
    ),
)

GBV_TYPE = ListDef(
    "gbv_type",
    "Tipe inti GBVIMS",
    "GBVIMS core type",
    "Exactly one per incident: take the first type in this order that applies (C.4). Case-context tags "
    "(IPV, child sexual abuse, incest ...) are not types. ⚠ The mapping to SIMFONI types is Sigap's own.",
    (
        C("RAPE", "Perkosaan", "Rape"),
        C("SEXUAL_ASSAULT", "Serangan seksual", "Sexual assault"),
        C("PHYSICAL_ASSAULT", "Serangan fisik", "Physical assault"),
        C("FORCED_MARRIAGE", "Perkawinan paksa (termasuk perkawinan anak)", "Forced marriage (incl. child marriage)"),
        C(
            "DENIAL_OF_RESOURCES",
            "Penolakan sumber daya, kesempatan, atau layanan",
            "Denial of resources, opportunities or services",
        ),
        C("PSYCHOLOGICAL_ABUSE", "Kekerasan psikologis/emosional", "Psychological / emotional abuse"),
        C("NON_GBV", "Bukan kekerasan berbasis gender", "Not gender-based violence"),
    ),
)

PLACE = ListDef(
    "place",
    "Tempat kejadian",
    "Place of the incident",
    "SIMFONI PPA places (C.5).",
    (
        C("RUMAH_TANGGA", "Rumah tangga", "Household"),
        C("TEMPAT_KERJA", "Tempat kerja", "Workplace"),
        C("SEKOLAH", "Sekolah", "School"),
        C("FASILITAS_UMUM", "Fasilitas umum", "Public facility"),
        C(
            "LEMBAGA_PENDIDIKAN_KILAT",
            "Lembaga pendidikan kilat",
            "Short-course education institution",
            "⚠ Seen in one public recap template only (domain.md C.5).",
        ),
        C("DARING", "Daring (ruang siber)", "Online (cyberspace)", LOCAL + " For electronic-based sexual violence."),
        C("LAINNYA", "Lainnya", "Other"),
    ),
)

RELATIONSHIP = ListDef(
    "relationship",
    "Hubungan pelaku dengan korban",
    "Perpetrator's relationship to the victim",
    "SIMFONI PPA relationships (C.6).",
    (
        C("ORANG_TUA", "Orang tua", "Parent"),
        C("KELUARGA_SAUDARA", "Keluarga/saudara", "Family member / relative"),
        C("SUAMI_ISTRI", "Suami/istri", "Husband / wife"),
        C("PACAR_TEMAN", "Pacar/teman", "Boyfriend, girlfriend / friend"),
        C("TETANGGA", "Tetangga", "Neighbour"),
        C("GURU", "Guru", "Teacher"),
        C("REKAN_KERJA", "Rekan kerja", "Co-worker"),
        C("MAJIKAN", "Majikan", "Employer"),
        C("LAINNYA", "Lainnya", "Other"),
        C("TIDAK_DIKETAHUI", "Tidak diketahui", "Unknown"),
    ),
)

AGE_GROUP = ListDef(
    "age_group",
    "Kelompok umur",
    "Age group",
    "SIMFONI PPA age groups (C.7). Derived from the birth date at the incident date, never typed in.",
    (
        C("0_5", "0–5 tahun", "0–5 years"),
        C("6_12", "6–12 tahun", "6–12 years"),
        C("13_17", "13–17 tahun", "13–17 years"),
        C("18_24", "18–24 tahun", "18–24 years"),
        C("25_44", "25–44 tahun", "25–44 years"),
        C("45_59", "45–59 tahun", "45–59 years"),
        C("60_PLUS", "60 tahun ke atas", "60 years and over"),
    ),
)

AGE_STATUS = ListDef(
    "age_status",
    "Status usia",
    "Age status",
    "Child under 18 (including the unborn, Perpres 55/2024 Pasal 1) or adult; derived (C.7).",
    (
        C("ANAK", "Anak (di bawah 18 tahun)", "Child (under 18)"),
        C("DEWASA", "Dewasa (18 tahun ke atas)", "Adult (18 and over)"),
    ),
)

EDUCATION = ListDef(
    "education",
    "Pendidikan",
    "Education",
    "SIMFONI PPA education levels (C.8).",
    (
        C("TK_PAUD", "TK/PAUD", "Kindergarten / early childhood"),
        C("SD", "SD", "Primary school"),
        C("SLTP", "SLTP", "Junior secondary school"),
        C("SLTA", "SLTA", "Senior secondary school"),
        C("PERGURUAN_TINGGI", "Perguruan tinggi", "Higher education"),
        C("TIDAK_BELUM_SEKOLAH", "Tidak/belum sekolah", "No schooling / not yet in school"),
        C("NA", "Tidak berlaku", "Not applicable"),
    ),
)

OCCUPATION = ListDef(
    "occupation",
    "Pekerjaan",
    "Occupation",
    "SIMFONI PPA occupations (C.9).",
    (
        C("PELAJAR", "Pelajar", "Student"),
        C("IBU_RUMAH_TANGGA", "Ibu rumah tangga", "Homemaker"),
        C("TIDAK_BEKERJA", "Tidak bekerja", "Not working"),
        C("SWASTA_BURUH", "Swasta/buruh", "Private employee / labourer"),
        C("BEKERJA", "Bekerja", "Working (other)"),
        C("PNS_TNI_POLRI", "PNS/TNI/Polri", "Civil servant / military / police"),
        C("PEDAGANG_TANI_NELAYAN", "Pedagang/tani/nelayan", "Trader / farmer / fisher"),
        C("NA", "Tidak berlaku", "Not applicable"),
    ),
)


_DISABILITY_NOTE = "⚠ SIMFONI PPA's list was not found; categories after FPL (domain.md C.18)."
DISABILITY = ListDef(
    "disability",
    "Disabilitas",
    "Disability",
    "Types of disability; several may apply (C.18).",
    (
        C("FISIK", "Disabilitas fisik", "Physical disability", _DISABILITY_NOTE),
        C("INTELEKTUAL", "Disabilitas intelektual", "Intellectual disability", _DISABILITY_NOTE),
        C("MENTAL", "Disabilitas mental", "Mental disability", _DISABILITY_NOTE),
        C("SENSORIK_NETRA", "Disabilitas sensorik netra", "Sensory disability: visual", _DISABILITY_NOTE),
        C(
            "SENSORIK_RUNGU_WICARA",
            "Disabilitas sensorik rungu/wicara",
            "Sensory disability: hearing / speech",
            _DISABILITY_NOTE,
        ),
        C("GANDA", "Disabilitas ganda", "Multiple disabilities", _DISABILITY_NOTE),
    ),
)

MARITAL_STATUS = ListDef(
    "marital_status",
    "Status perkawinan",
    "Marital status",
    "Marital status of a person (C.19).",
    (
        C("BELUM_KAWIN", "Belum kawin", "Never married", UNVERIFIED),
        C("KAWIN_TERCATAT", "Kawin tercatat", "Married (registered)", UNVERIFIED),
        C("KAWIN_TIDAK_TERCATAT", "Kawin tidak tercatat (siri)", "Married (unregistered, siri)", UNVERIFIED),
        C("CERAI_HIDUP", "Cerai hidup", "Divorced", UNVERIFIED),
        C("CERAI_MATI", "Cerai mati", "Widowed", UNVERIFIED),
    ),
)

SEX = ListDef(
    "sex",
    "Jenis kelamin",
    "Sex",
    "As SIMFONI PPA records it (C.20).",
    (
        C("L", "Laki-laki", "Male"),
        C("P", "Perempuan", "Female"),
    ),
)

NATIONALITY = ListDef(
    "nationality",
    "Kewarganegaraan",
    "Nationality",
    "SIMFONI PPA covers both (C.20).",
    (
        C("WNI", "Warga Negara Indonesia", "Indonesian citizen"),
        C("WNA", "Warga Negara Asing", "Foreign national"),
    ),
)
