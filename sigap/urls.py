"""Root URLConf. Every view carries an access policy (sigap.core.access)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from sigap.audit import urls as audit_urls
from sigap.cases import urls as cases_urls
from sigap.core.access import public_view
from sigap.intake import urls as intake_urls
from sigap.recruitment import urls as recruitment_urls
from sigap.referrals import urls as referrals_urls

handler400 = "sigap.core.views.bad_request"
handler403 = "sigap.core.views.permission_denied"
handler404 = "sigap.core.views.page_not_found"
handler500 = "sigap.core.views.server_error"

urlpatterns = [
    path("", include("sigap.core.urls")),
    path("akun/", include("sigap.accounts.urls")),
    path("wilayah/", include("sigap.regions.urls")),
    # The audit namespace holds the auditor's pages: the trail (audit) and the review of the emergency
    # accesses, which belongs to the app that owns the grant (cases).
    path("audit/", include((audit_urls.urlpatterns + cases_urls.break_glass_patterns, audit_urls.app_name))),
    path("tugas/", include("sigap.work.urls")),
    path("kasus/", include("sigap.cases.urls")),
    path("pengaduan/", include("sigap.intake.urls")),
    path("pendampingan/", include("sigap.assistance.urls")),
    path("lapor/", include(intake_urls.public_patterns)),
    path("lowongan/", include("sigap.recruitment.urls")),
    path("rekrutmen/", include(recruitment_urls.public_patterns)),
    path("ahli/", include("sigap.experts.urls")),
    path("mitra/", include("sigap.partners.urls")),
    path("rujukan/", include("sigap.referrals.urls")),
    path("portal-mitra/", include(referrals_urls.portal_patterns)),
    path("kontrak/", include("sigap.contracts.urls")),
    path("pemberdayaan/", include("sigap.empowerment.urls")),
    path("laporan/", include("sigap.reports.urls")),
    path("i18n/setlang/", public_view(set_language), name="set_language"),
    path(settings.SIGAP_ADMIN_PATH, admin.site.urls),
]
