"""The authorisation matrix: every page × every kind of visitor → the HTTP status expected.

Add a row for each page you add (test_authorisation_matrix fails while any named URL has no row).
Columns: an anonymous visitor; one signed-in account per role, two-factor step done (the CPC lead
is scoped to CPC-ELML = East Lothian S12000010 + Midlothian S12000019, the CPC analyst to
Midlothian only); a CPC lead who has entered a password but not yet a code ("unverified"), and one
who has not set up an authenticator app yet ("no_device").

302 from an anonymous visitor must lead to the sign-in page; 302 from "unverified"/"no_device" to
the two-factor pages. A 404 on a record-level page (/areas/<code>/records/) must leave a "refused"
audit entry, a 200 a "records.read" one.
"""

COLUMNS = (
    "anonymous",
    "national_analyst",
    "cpc_lead",
    "cpc_analyst",
    "programme_owner",
    "administrator",
    "unverified",
    "no_device",
)

# fmt: off
MATRIX: dict[str, tuple[int, ...]] = {
    #                                       anon  nat lead  anl prog  adm unver nodev
    "/":                                    (200, 200, 200, 200, 200, 200, 200, 200),
    "/healthz":                             (200, 200, 200, 200, 200, 200, 200, 200),
    "/no-such-page/":                       (404, 404, 404, 404, 404, 404, 404, 404),
    # accounts
    "/accounts/sign-in/":                   (200, 302, 302, 302, 302, 302, 200, 200),
    "/accounts/sign-out/":                  (302, 200, 200, 200, 200, 200, 200, 200),
    "/accounts/":                           (302, 200, 200, 200, 200, 200, 302, 302),
    "/accounts/password/":                  (302, 200, 200, 200, 200, 200, 302, 302),
    "/accounts/two-factor/":                (302, 302, 302, 302, 302, 302, 200, 302),
    "/accounts/two-factor/setup/":          (302, 302, 302, 302, 302, 302, 302, 200),
    "/accounts/two-factor/setup/qr.svg":    (302, 404, 404, 404, 404, 404, 404, 200),
    # audit log: administrators only
    "/audit/":                              (302, 403, 403, 403, 403, 200, 302, 302),
    "/audit/export.csv":                    (302, 403, 403, 403, 403, 200, 302, 302),
    # record-level pages: only CPC roles, only inside their scope
    "/areas/S12000019/records/":            (302, 404, 200, 200, 404, 404, 302, 302),
    "/areas/S12000010/records/":            (302, 404, 200, 404, 404, 404, 302, 302),
    "/areas/CPC-ELML/records/":             (302, 404, 200, 404, 404, 404, 302, 302),
    "/areas/S12000049/records/":            (302, 404, 404, 404, 404, 404, 302, 302),
    "/areas/CPC-CLST/records/":             (302, 404, 404, 404, 404, 404, 302, 302),
    "/areas/S92000003/records/":            (302, 404, 404, 404, 404, 404, 302, 302),
    "/areas/NOT-AN-AREA/records/":          (302, 404, 404, 404, 404, 404, 302, 302),
    # voices (surveys): waves and alerts for CPC roles in scope; public survey links by token
    "/voices/":                             (302, 403, 200, 200, 403, 403, 302, 302),
    "/voices/waves/new/":                   (302, 403, 200, 200, 403, 403, 302, 302),
    "/voices/waves/999999/":                (302, 403, 404, 404, 403, 403, 302, 302),
    "/voices/waves/999999/qr.svg":          (302, 403, 404, 404, 403, 403, 302, 302),
    "/voices/responses/999999/flag/":       (302, 405, 405, 405, 405, 405, 302, 302),
    "/voices/alerts/":                      (302, 403, 200, 200, 403, 200, 302, 302),
    "/voices/alerts/999999/":               (302, 403, 404, 404, 403, 403, 302, 302),
    "/voices/indicators/":                  (200, 200, 200, 200, 200, 200, 200, 200),
    "/voices/indicators/VOICE-P01/":        (200, 200, 200, 200, 200, 200, 200, 200),
    "/voices/indicators/VOICE-X99/":        (404, 404, 404, 404, 404, 404, 404, 404),
    "/voices/s/not-a-token/":               (404, 404, 404, 404, 404, 404, 404, 404),
    "/voices/s/not-a-token/p/listened/":    (404, 404, 404, 404, 404, 404, 404, 404),
    "/voices/s/not-a-token/done/":          (404, 404, 404, 404, 404, 404, 404, 404),
    # programme tracking (no programme loaded here: tests/web/programme/ covers the seeded
    # pages); 403 = may not see programme work, 404 = may, but the object does not exist
    "/programme/":                          (200, 200, 200, 200, 200, 200, 200, 200),
    "/programme/cpip/":                     (302, 404, 403, 403, 404, 404, 302, 302),
    "/programme/cpip/summary/":             (404, 404, 404, 404, 404, 404, 404, 404),
    "/programme/cpip/owners/":              (302, 403, 403, 403, 403, 404, 302, 302),
    "/programme/cpip/actions/new/":         (302, 404, 404, 404, 404, 404, 302, 302),
    "/programme/cpip/actions/SR1/":         (302, 404, 403, 403, 404, 404, 302, 302),
    "/programme/cpip/actions/SR1/edit/":    (302, 404, 404, 404, 404, 404, 302, 302),
    "/programme/cpip/actions/SR1/evidence/":(302, 404, 404, 404, 404, 404, 302, 302),
    "/programme/cpip/actions/SR1/milestones/":(302, 404, 404, 404, 404, 404, 302, 302),
    "/programme/cpip/actions/SR1/milestones/1/done/":(302, 405, 405, 405, 405, 405, 302, 302),
    "/programme/cpip/actions/SR1/measures/":(302, 404, 404, 404, 404, 404, 302, 302),
    "/programme/cpip/evidence/1/":          (302, 404, 403, 403, 404, 404, 302, 302),
    "/programme/cpip/reviews/":             (302, 404, 403, 403, 404, 404, 302, 302),
    "/programme/cpip/reviews/1/":           (302, 404, 403, 403, 404, 404, 302, 302),
    "/programme/cpip/reviews/1/review.xlsx":(302, 404, 403, 403, 404, 404, 302, 302),
    "/programme/cpip/reviews/1/review.pdf": (302, 404, 403, 403, 404, 404, 302, 302),
    # statistics pages: public; with no store here they say there are no statistics yet (200),
    # downloads answer 503 and charts 404 (tests/web/statistics/ covers them with figures)
    "/indicators/":                         (200, 200, 200, 200, 200, 200, 200, 200),
    "/indicators/register_rate/":           (200, 200, 200, 200, 200, 200, 200, 200),
    "/indicators/no-such-indicator/":       (404, 404, 404, 404, 404, 404, 404, 404),
    "/indicators/register_rate/download.csv":(503, 503, 503, 503, 503, 503, 503, 503),
    "/indicators/register_rate/funnel.svg": (404, 404, 404, 404, 404, 404, 404, 404),
    "/indicators/register_rate/trend.svg":  (404, 404, 404, 404, 404, 404, 404, 404),
    "/areas/":                              (200, 200, 200, 200, 200, 200, 200, 200),
    "/areas/S12000019/":                    (200, 200, 200, 200, 200, 200, 200, 200),
    "/areas/NOT-AN-AREA/":                  (404, 404, 404, 404, 404, 404, 404, 404),
    "/compare/":                            (200, 200, 200, 200, 200, 200, 200, 200),
    # uploads and data quality: record-level, CPC roles only, inside their scope
    "/submissions/":                        (302, 403, 200, 200, 403, 403, 302, 302),
    "/submissions/new/":                    (302, 403, 403, 200, 403, 403, 302, 302),
    "/submissions/S12000019/999999/":       (302, 404, 404, 404, 404, 404, 302, 302),
    "/submissions/S12000010/999999/":       (302, 404, 404, 404, 404, 404, 302, 302),
    "/submissions/S12000019/999999/quality/":(302, 404, 404, 404, 404, 404, 302, 302),
    "/submissions/S12000019/999999/quality.csv":(302, 404, 404, 404, 404, 404, 302, 302),
    "/submissions/S12000019/999999/load/":  (302, 404, 404, 405, 404, 404, 302, 302),
    "/submissions/S12000019/999999/discard/":(302, 404, 404, 405, 404, 404, 302, 302),
    "/tasks/999999/":                       (404, 404, 404, 404, 404, 404, 404, 404),
    # reports: asked for by POST from area pages (anyone; the audience follows the visitor);
    # a report's page and file only for whoever asked (404 to others); commentary: CPC staff
    # inside their scope (404 to others, audited)
    "/reports/new/":                        (405, 405, 405, 405, 405, 405, 405, 405),
    "/reports/999999/":                     (404, 404, 404, 404, 404, 404, 404, 404),
    "/reports/999999/download/":            (404, 404, 404, 404, 404, 404, 404, 404),
    "/reports/commentary/S12000019/":       (302, 404, 200, 200, 404, 404, 302, 302),
    "/reports/commentary/CPC-ELML/":        (302, 404, 200, 404, 404, 404, 302, 302),
    "/reports/commentary/S12000019/2019Q2/":(302, 404, 200, 200, 404, 404, 302, 302),
    "/reports/commentary/S12000010/SY2018-19/":(302, 404, 200, 404, 404, 404, 302, 302),
    "/reports/commentary/CPC-CLST/2019Q2/": (302, 404, 404, 404, 404, 404, 302, 302),
    "/reports/commentary/S12000019/2019Q9/":(302, 404, 404, 404, 404, 404, 302, 302),
    # API: public (anonymous = public audience); data endpoints 503 until figures exist
    "/api/v1/":                             (404, 404, 404, 404, 404, 404, 404, 404),
    "/api/v1/openapi.json":                 (200, 200, 200, 200, 200, 200, 200, 200),
    "/api/v1/catalogue":                    (200, 200, 200, 200, 200, 200, 200, 200),
    "/api/v1/catalogue/register_rate":      (200, 200, 200, 200, 200, 200, 200, 200),
    "/api/v1/areas":                        (200, 200, 200, 200, 200, 200, 200, 200),
    "/api/v1/periods":                      (503, 503, 503, 503, 503, 503, 503, 503),
    "/api/v1/indicators":                   (503, 503, 503, 503, 503, 503, 503, 503),
    "/api/v1/variation":                    (422, 422, 422, 422, 422, 422, 422, 422),
    "/api/v1/trend":                        (422, 422, 422, 422, 422, 422, 422, 422),
    "/api/v1/baseline":                     (422, 422, 422, 422, 422, 422, 422, 422),
}
# fmt: on

# Named URLs that need no row (none yet). Anything else resolvable must appear above.
EXEMPT_URL_NAMES: frozenset[str] = frozenset()
