"""The addresses of impact: the dashboard, its spreadsheet, the PDF report and the public figures."""

from django.urls import path

from . import exports, views

app_name = "impact"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("impact.xlsx", exports.dashboard_xlsx, name="xlsx"),
    path("report.pdf", views.report_pdf, name="pdf"),
    path("figures.json", views.public_figures, name="figures"),
    path("public/", views.public_snippet, name="public"),
]
