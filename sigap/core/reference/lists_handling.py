"""Reference lists about complaints, services and case handling (domain.md C.10–C.17, C.21, C.22)."""

from __future__ import annotations

from sigap.core.reference.types import DESIGN, LOCAL, C, ListDef, group

SERVICE_TYPE = ListDef(
    "service_type",
    "Jenis layanan",
    "Type of service",
    "SIMFONI PPA service types, then Sigap's local extensions (UU TPKS Pasal 70(2), Perpres 55/2024 tasks) (C.10).",
    (
        C("PENGADUAN", "Pengaduan", "Complaint handling"),
        C("KESEHATAN", "Kesehatan", "Health care"),
        C("BANTUAN_HUKUM", "Bantuan hukum", "Legal aid"),
        C("PENEGAKAN_HUKUM", "Penegakan hukum", "Law enforcement"),
        C("REHABILITASI_SOSIAL", "Rehabilitasi sosial", "Social rehabilitation"),
        C("REINTEGRASI_SOSIAL", "Reintegrasi sosial", "Social reintegration"),
        C("PEMULANGAN", "Pemulangan", "Repatriation"),
        C("PENDAMPINGAN_TOKOH_AGAMA", "Pendampingan tokoh agama", "Support by a religious leader"),
        C("PENAMPUNGAN_SEMENTARA", "Penampungan sementara", "Temporary shelter", LOCAL),
        C("MEDIASI", "Mediasi", "Mediation", LOCAL),
        C("PSIKOLOGIS", "Layanan psikologis", "Psychological services", LOCAL),
        C("PEMBERDAYAAN_EKONOMI", "Pemberdayaan ekonomi", "Economic empowerment", LOCAL),
        C("DOKUMEN_KEPENDUDUKAN", "Dokumen kependudukan", "Civil registration documents", LOCAL),
        C("PENDIDIKAN", "Layanan pendidikan", "Education services", LOCAL),
    ),
)

UPTD_FUNCTION = ListDef(
    "uptd_function",
    "Fungsi layanan UPTD PPA",
    "Service functions of the UPTD PPA",
    "Permen PPPA 4/2018 and 2/2022 (C.11).",
    (
        C("PENGADUAN_MASYARAKAT", "Pengaduan masyarakat", "Public complaints"),
        C("PENJANGKAUAN_KORBAN", "Penjangkauan korban", "Victim outreach"),
        C("PENGELOLAAN_KASUS", "Pengelolaan kasus", "Case management"),
        C("PENAMPUNGAN_SEMENTARA", "Penampungan sementara", "Temporary shelter"),
        C("MEDIASI", "Mediasi", "Mediation"),
        C("PENDAMPINGAN_KORBAN", "Pendampingan korban", "Victim accompaniment"),
    ),
)

UPTD_TASK = ListDef(
    "uptd_task",
    "Tugas UPTD PPA",
    "Tasks of the UPTD PPA",
    "Perpres 55/2024 Pasal 5 ayat (2) letters a–k (C.11).",
    (
        C("A_LAPORAN", "Menerima laporan atau penjangkauan korban", "Receive reports or reach out to victims"),
        C("B_INFORMASI_HAK", "Memberikan informasi tentang hak korban", "Inform victims of their rights"),
        C("C_KESEHATAN", "Memfasilitasi pemberian layanan kesehatan", "Arrange health services"),
        C("D_PSIKOLOGIS", "Memfasilitasi pemberian layanan penguatan psikologis", "Arrange psychological support"),
        C(
            "E_PSIKOSOSIAL",
            "Memfasilitasi layanan psikososial, rehabilitasi sosial, pemberdayaan sosial, dan reintegrasi sosial",
            "Arrange psychosocial services, social rehabilitation, social empowerment and reintegration",
        ),
        C("F_HUKUM", "Menyediakan layanan hukum", "Provide legal services"),
        C(
            "G_PEMBERDAYAAN_EKONOMI",
            "Mengidentifikasi kebutuhan pemberdayaan ekonomi",
            "Identify economic-empowerment needs",
        ),
        C(
            "H_PENAMPUNGAN",
            "Mengidentifikasi kebutuhan penampungan sementara",
            "Identify temporary-shelter needs",
        ),
        C(
            "I_DISABILITAS",
            "Memfasilitasi kebutuhan korban penyandang disabilitas",
            "Arrange for the needs of victims with disabilities",
        ),
        C(
            "J_KOORDINASI",
            "Koordinasi pemenuhan hak korban dengan lembaga lain",
            "Coordinate the fulfilment of victims' rights with other institutions",
        ),
        C(
            "K_PEMANTAUAN_APH",
            "Memantau pemenuhan hak korban oleh aparat penegak hukum selama proses peradilan",
            "Monitor law enforcers' fulfilment of victims' rights during proceedings",
        ),
    ),
)

COMPLAINT_CHANNEL = ListDef(
    "complaint_channel",
    "Sumber/kanal aduan",
    "Complaint channel",
    "How a complaint reached the unit (C.12).",
    (
        C("DATANG_LANGSUNG", "Datang langsung", "Walk-in"),
        C("TELEPON", "Telepon", "Phone"),
        C("WHATSAPP", "WhatsApp", "WhatsApp"),
        C("SURAT", "Surat", "Letter"),
        C("EMAIL", "E-mail", "E-mail"),
        C("SAPA129", "SAPA 129", "SAPA 129 hotline"),
        C("RUJUKAN_LEMBAGA", "Rujukan penyelenggara layanan lain", "Referral from another agency"),
        C("POLISI", "Kepolisian", "Police"),
        C("PENJANGKAUAN", "Temuan penjangkauan (media/informasi)", "Outreach finding (media or information)"),
        C("PELIMPAHAN", "Pelimpahan dari wilayah lain", "Transfer from another region"),
        C("FORMULIR_WEB", "Formulir pengaduan daring", "Public web form"),
        C("SIMFONI_TRANSFER", "Transfer SIMFONI PPA", "SIMFONI PPA transfer"),
    ),
)

_RISK_NOTE = "⚠ Criteria text not found in a source: define locally (C.13)."
RISK_LEVEL = ListDef(
    "risk_level",
    "Tingkat risiko",
    "Risk level",
    "Rated at identification and re-rated at assessment (C.13).",
    (
        C("TINGGI", "Tinggi", "High", _RISK_NOTE),
        C("SEDANG", "Sedang", "Medium", _RISK_NOTE),
        C("RENDAH", "Rendah", "Low", _RISK_NOTE),
    ),
)

CASE_CATEGORY = ListDef(
    "case_category",
    "Kategori kasus",
    "Case category",
    "Case categories; the AMPK sub-types of UU 35/2014 Pasal 59 ayat (2) are child codes of AMPK (C.14).",
    (
        C("KTP", "Kekerasan terhadap perempuan (dewasa)", "Violence against (adult) women"),
        C("KTA", "Kekerasan terhadap anak", "Violence against children"),
        C("AMPK", "Anak yang memerlukan perlindungan khusus", "Child in need of special protection"),
        *group(
            "AMPK",
            C("AMPK_SITUASI_DARURAT", "Anak dalam situasi darurat", "Child in an emergency"),
            C("AMPK_BERHADAPAN_HUKUM", "Anak yang berhadapan dengan hukum", "Child in contact with the law"),
            C(
                "AMPK_MINORITAS_TERISOLASI",
                "Anak dari kelompok minoritas dan terisolasi",
                "Child from a minority or isolated group",
            ),
            C(
                "AMPK_EKSPLOITASI",
                "Anak yang dieksploitasi secara ekonomi dan/atau seksual",
                "Child exploited economically and/or sexually",
            ),
            C(
                "AMPK_NAPZA",
                "Anak korban penyalahgunaan narkotika, alkohol, psikotropika, dan zat adiktif lainnya",
                "Child victim of narcotics, alcohol, psychotropic or other addictive substances",
            ),
            C("AMPK_PORNOGRAFI", "Anak korban pornografi", "Child victim of pornography"),
            C("AMPK_HIV_AIDS", "Anak dengan HIV/AIDS", "Child with HIV/AIDS"),
            C(
                "AMPK_PENCULIKAN_PERDAGANGAN",
                "Anak korban penculikan, penjualan, dan/atau perdagangan",
                "Child victim of abduction, sale and/or trafficking",
            ),
            C(
                "AMPK_KEKERASAN",
                "Anak korban kekerasan fisik dan/atau psikis",
                "Child victim of physical and/or psychological violence",
            ),
            C("AMPK_KEJAHATAN_SEKSUAL", "Anak korban kejahatan seksual", "Child victim of sexual crime"),
            C("AMPK_TERORISME", "Anak korban jaringan terorisme", "Child victim of terrorist networks"),
            C("AMPK_DISABILITAS", "Anak penyandang disabilitas", "Child with a disability"),
            C(
                "AMPK_PERLAKUAN_SALAH",
                "Anak korban perlakuan salah dan penelantaran",
                "Child victim of maltreatment and neglect",
            ),
            C(
                "AMPK_PERILAKU_MENYIMPANG",
                "Anak dengan perilaku sosial menyimpang",
                "Child with deviant social behaviour",
            ),
            C(
                "AMPK_STIGMATISASI",
                "Anak korban stigmatisasi dari pelabelan terkait kondisi orang tuanya",
                "Child stigmatised by labels tied to their parents' condition",
            ),
        ),
        C("TPPO", "Tindak pidana perdagangan orang", "Trafficking in persons"),
        C("ABH", "Anak berhadapan dengan hukum", "Child in contact with the law"),
    ),
)

MEDIATION_MATTER = ListDef(
    "mediation_matter",
    "Perkara yang dapat dimediasi",
    "Matter eligible for mediation",
    "Civil and family matters only; never for a sexual-violence crime (UU 12/2022 Pasal 23) (C.15).",
    (
        C("NAFKAH", "Nafkah anak/istri", "Maintenance of children or wife"),
        C("PENGAKUAN_ANAK", "Pengakuan anak", "Acknowledgement of a child"),
        C("HAK_ASUH", "Hak asuh anak", "Child custody"),
        C("HARTA_BERSAMA", "Harta bersama", "Joint marital property"),
        C("WARIS", "Waris", "Inheritance"),
        C("UPAH_GANTI_RUGI", "Upah dan ganti rugi", "Wages and compensation"),
        C("HUBUNGAN_INDUSTRIAL", "Perselisihan hubungan industrial", "Industrial-relations dispute"),
        C(
            "DELIK_ADUAN",
            "Delik aduan yang tidak dilanjutkan atau dicabut oleh korban perempuan",
            "Complaint-based offence the woman chooses not to prosecute or withdraws",
        ),
    ),
)

TERMINATION_REASON = ListDef(
    "termination_reason",
    "Alasan terminasi",
    "Reason for closing a case",
    "Why a case was closed (C.16).",
    (
        C("TUJUAN_TERCAPAI", "Tujuan rencana intervensi tercapai", "Goals of the intervention plan met", DESIGN),
        C("RUJUKAN_TUNTAS", "Dirujuk/dilimpahkan dan tuntas", "Referred or transferred, hand-over complete", DESIGN),
        C(
            "DIHENTIKAN_PENERIMA_MANFAAT",
            "Penerima manfaat menghentikan layanan",
            "The beneficiary ended the services",
            DESIGN,
        ),
        C("PINDAH_WILAYAH", "Pindah wilayah (dilimpahkan)", "Moved to another region (transferred)", DESIGN),
        C("TIDAK_DAPAT_DIHUBUNGI", "Tidak dapat dihubungi", "Cannot be contacted", DESIGN),
        C("MENINGGAL_DUNIA", "Meninggal dunia", "Deceased", DESIGN),
    ),
)

SAFE_HOUSE_CRITERION = ListDef(
    "safe_house_criterion",
    "Kriteria penempatan rumah aman",
    "Safe-house placement criterion",
    "From a regional SOP (Banyumas) (C.17).",
    (
        C("JIWA_TERANCAM", "Jiwa korban terancam", "The victim's life is threatened"),
        C("PELAKU_TEMPERAMENTAL", "Pelaku temperamental", "The perpetrator is violent-tempered"),
        C("PELAKU_SINDIKAT", "Pelaku bagian dari sindikat", "The perpetrator belongs to a syndicate"),
        C("KORBAN_TPPO_DAERAH", "Korban TPPO dari daerah lain", "Trafficking victim from another region"),
        C("KDRT_OLEH_SUAMI", "KDRT oleh suami", "Domestic violence by the husband"),
        C("ANAK_TERLANTAR", "Anak terlantar tanpa orang tua", "Abandoned child without parents"),
        C("DISABILITAS", "Perempuan/anak penyandang disabilitas", "Woman or child with a disability"),
        C("TERANCAM_KONFLIK", "Terancam konflik", "Threatened by conflict"),
        C("AKAN_MENJADI_SAKSI", "Akan menjadi saksi", "Will testify as a witness"),
    ),
)


VICTIM_RIGHT = ListDef(
    "victim_right",
    "Hak korban",
    "Victims' rights",
    "Checklist of UU 12/2022 (TPKS) Pasal 68–71, grouped by article (C.21); the groups are headers.",
    (
        C("PENANGANAN", "Hak atas penanganan (Pasal 68)", "Right to handling (Art. 68)", selectable=False),
        *group(
            "PENANGANAN",
            C(
                "PENANGANAN_INFORMASI",
                "Informasi tentang seluruh proses dan hasil penanganan, pelindungan, dan pemulihan",
                "Information on the whole process and results of handling, protection and recovery",
            ),
            C("PENANGANAN_DOKUMEN", "Dokumen hasil penanganan", "Documents of the handling"),
            C("PENANGANAN_HUKUM", "Layanan hukum", "Legal services"),
            C("PENANGANAN_PSIKOLOGIS", "Penguatan psikologis", "Psychological support"),
            C(
                "PENANGANAN_KESEHATAN",
                "Pelayanan kesehatan (pemeriksaan, tindakan, dan perawatan medis)",
                "Health care (examination, treatment and medical care)",
            ),
            C(
                "PENANGANAN_KEBUTUHAN_KHUSUS",
                "Layanan dan fasilitas sesuai kebutuhan khusus korban",
                "Services and facilities for the victim's special needs",
            ),
            C(
                "PENANGANAN_HAPUS_KONTEN",
                "Penghapusan konten bermuatan seksual (kekerasan seksual berbasis elektronik)",
                "Removal of sexual content (electronic-based sexual violence)",
            ),
        ),
        C("PELINDUNGAN", "Hak atas pelindungan (Pasal 69)", "Right to protection (Art. 69)", selectable=False),
        *group(
            "PELINDUNGAN",
            C(
                "PELINDUNGAN_INFORMASI",
                "Informasi tentang hak dan fasilitas pelindungan",
                "Information on protection rights and facilities",
            ),
            C(
                "PELINDUNGAN_AKSES_INFORMASI",
                "Akses terhadap informasi penyelenggaraan pelindungan",
                "Access to information on how protection is given",
            ),
            C(
                "PELINDUNGAN_ANCAMAN",
                "Pelindungan dari ancaman atau kekerasan dan dari berulangnya kekerasan",
                "Protection from threats or violence and from repeated violence",
            ),
            C("PELINDUNGAN_KERAHASIAAN", "Pelindungan atas kerahasiaan identitas", "Confidentiality of identity"),
            C(
                "PELINDUNGAN_SIKAP_APH",
                "Pelindungan dari sikap dan perilaku aparat penegak hukum yang merendahkan korban",
                "Protection from demeaning conduct of law enforcers",
            ),
            C(
                "PELINDUNGAN_KEHILANGAN",
                "Pelindungan dari kehilangan pekerjaan, mutasi, pendidikan, atau akses politik",
                "Protection from losing work, transfer, education or political access",
            ),
            C(
                "PELINDUNGAN_TUNTUTAN_BALIK",
                "Pelindungan dari tuntutan pidana atau gugatan perdata atas laporan",
                "Protection from criminal charges or civil suits over the report",
            ),
        ),
        C("PEMULIHAN", "Hak atas pemulihan (Pasal 70)", "Right to recovery (Art. 70)", selectable=False),
        *group(
            "PEMULIHAN",
            C("PEMULIHAN_REHAB_MEDIS", "Rehabilitasi medis", "Medical rehabilitation"),
            C("PEMULIHAN_REHAB_MENTAL_SOSIAL", "Rehabilitasi mental dan sosial", "Mental and social rehabilitation"),
            C("PEMULIHAN_PEMBERDAYAAN_SOSIAL", "Pemberdayaan sosial", "Social empowerment"),
            C("PEMULIHAN_RESTITUSI", "Restitusi dan/atau kompensasi", "Restitution and/or compensation"),
            C("PEMULIHAN_REINTEGRASI", "Reintegrasi sosial", "Social reintegration"),
            C("PEMULIHAN_TRANSPORTASI", "Transportasi", "Transport"),
            C("PEMULIHAN_KONSUMSI", "Konsumsi", "Meals"),
            C("PEMULIHAN_BIAYA_HIDUP", "Biaya hidup sementara", "Temporary living costs"),
            C("PEMULIHAN_TEMPAT_TINGGAL", "Tempat tinggal sementara yang layak dan aman", "Safe temporary housing"),
            C("PEMULIHAN_BIMBINGAN_ROHANI", "Bimbingan rohani dan spiritual", "Religious and spiritual guidance"),
            C("PEMULIHAN_PENDIDIKAN", "Fasilitas pendidikan", "Education facilities"),
            C(
                "PEMULIHAN_DOKUMEN",
                "Dokumen kependudukan dan dokumen pendukung lainnya",
                "Civil registration and other supporting documents",
            ),
        ),
        C("KELUARGA", "Hak keluarga korban (Pasal 71)", "Rights of the victim's family (Art. 71)", selectable=False),
        *group(
            "KELUARGA",
            C(
                "KELUARGA_INFORMASI",
                "Informasi tentang hak, fasilitas, dan proses",
                "Information on rights and process",
            ),
            C("KELUARGA_KERAHASIAAN", "Kerahasiaan identitas", "Confidentiality of identity"),
            C("KELUARGA_KEAMANAN", "Keamanan pribadi", "Personal safety"),
            C("KELUARGA_HAK_ASUH", "Hak asuh anak yang menjadi korban", "Custody of the child victim"),
            C("KELUARGA_PSIKOLOGIS", "Penguatan psikologis", "Psychological support"),
            C("KELUARGA_PEMBERDAYAAN_EKONOMI", "Pemberdayaan ekonomi", "Economic empowerment"),
            C(
                "KELUARGA_DOKUMEN",
                "Dokumen kependudukan dan dokumen pendukung lainnya",
                "Civil registration and other supporting documents",
            ),
        ),
    ),
)

CREDENTIAL_TYPE = ListDef(
    "credential_type",
    "Jenis dokumen kompetensi",
    "Credential type",
    "Registrations, licences and certificates of expert staff (C.22, domain.md §E.5).",
    (
        C("STRPK", "Surat Tanda Registrasi Psikolog Klinis (STRPK)", "Clinical psychologist registration (STRPK)"),
        C("SIPPK", "Surat Izin Praktik Psikolog Klinis (SIPPK)", "Clinical psychologist practice licence (SIPPK)"),
        C("STR_PSIKOLOG", "Surat Tanda Registrasi Psikolog", "Psychologist registration"),
        C("SILP", "Surat Izin Layanan Psikologi (SILP)", "Psychology service licence (SILP)"),
        C("SIPP_HIMPSI", "Surat Izin Praktik Psikologi HIMPSI", "HIMPSI psychology practice licence"),
        C("BA_SUMPAH_ADVOKAT", "Berita acara sumpah advokat", "Advocate's oath record"),
        C("KTA_ADVOKAT", "Kartu tanda anggota advokat", "Advocate membership card"),
        C("SERTIFIKAT_PARALEGAL", "Sertifikat paralegal", "Paralegal certificate"),
        C(
            "SERTIFIKAT_PELATIHAN_TPKS",
            "Sertifikat pelatihan penanganan TPKS",
            "Sexual-violence case training certificate",
        ),
    ),
)
