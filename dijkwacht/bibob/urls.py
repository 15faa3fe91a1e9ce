from django.urls import path

from dijkwacht.bibob.views import figures, letters, policies, screenings

app_name = "bibob"

urlpatterns = [
    path("bibob/", screenings.screening_list, name="screening_list"),
    path("bibob/screenings.csv", screenings.screening_list_csv, name="screening_list_csv"),
    path("bibob/nieuw/", screenings.screening_create, name="screening_create"),
    path("bibob/cijfers/", figures.figures, name="figures"),
    path("bibob/cijfers/cijfers.xlsx", figures.figures_xlsx, name="figures_xlsx"),
    path("bibob/brieven/", letters.letter_templates, name="letter_templates"),
    path(
        "bibob/brieven/<int:organisation_id>/<slug:kind>/",
        letters.letter_template_edit,
        name="letter_template_edit",
    ),
    path(
        "bibob/brieven/<int:organisation_id>/<slug:kind>/standaard/",
        letters.letter_template_reset,
        name="letter_template_reset",
    ),
    path("bibob/<int:pk>/", screenings.screening_detail, name="screening_detail"),
    path("bibob/<int:pk>/bewerken/", screenings.screening_edit, name="screening_edit"),
    path("bibob/<int:pk>/stap/<slug:action>/", screenings.screening_step, name="screening_step"),
    path("bibob/<int:pk>/delen/", screenings.screening_disclose, name="screening_disclose"),
    path("bibob/<int:pk>/brief/<slug:kind>/", letters.letter_new, name="letter_new"),
    path("bibob/beleid/<int:pk>/", policies.policy_matrix, name="policy_matrix"),
    path("bibob/beleid/<int:pk>/beleid.csv", policies.policy_matrix_csv, name="policy_matrix_csv"),
    path("bibob/beleid/<int:pk>/referentie/", policies.reference_edit, name="reference_edit"),
    path(
        "bibob/beleid/<int:pk>/actie/<int:category_id>/",
        policies.gap_action_new,
        name="gap_action_new",
    ),
    path(
        "bibob/beleid/organisatie/<int:organisation_id>/",
        policies.policy_edit,
        name="policy_edit",
    ),
]
