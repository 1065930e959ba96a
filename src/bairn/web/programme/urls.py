from django.urls import path

from bairn.web.programme import owner_views, review_views, views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/summary/", views.summary, name="summary"),
    path("<slug:slug>/owners/", owner_views.owners, name="owners"),
    path("<slug:slug>/actions/new/", views.action_new, name="action-new"),
    path("<slug:slug>/actions/<slug:ref>/", views.action_page, name="action"),
    path("<slug:slug>/actions/<slug:ref>/edit/", views.action_edit, name="action-edit"),
    path("<slug:slug>/actions/<slug:ref>/evidence/", views.evidence_add, name="evidence-add"),
    path("<slug:slug>/actions/<slug:ref>/milestones/", views.milestone_add, name="milestone-add"),
    path(
        "<slug:slug>/actions/<slug:ref>/milestones/<int:pk>/done/",
        views.milestone_done,
        name="milestone-done",
    ),
    path("<slug:slug>/actions/<slug:ref>/measures/", views.measure_add, name="measure-add"),
    path("<slug:slug>/evidence/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("<slug:slug>/reviews/", review_views.reviews, name="reviews"),
    path("<slug:slug>/reviews/<int:pk>/", review_views.review_page, name="review"),
    path("<slug:slug>/reviews/<int:pk>/review.xlsx", review_views.review_xlsx, name="review-xlsx"),
    path("<slug:slug>/reviews/<int:pk>/review.pdf", review_views.review_pdf, name="review-pdf"),
]
