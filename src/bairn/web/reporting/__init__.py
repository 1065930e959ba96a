"""Reports from the web app: "Download report" on area pages and the national overview (a
background task that calls `bairn.reports.build_report`), the private download, and the
committee's commentary that CPC staff write for the report. See README.md and docs/reports.md."""
