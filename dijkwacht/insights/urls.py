from django.urls import path

from dijkwacht.insights.views import indicators, overview, reports

app_name = "insights"

urlpatterns = [
    path("", overview.home, name="home"),
    path(
        "samenwerkingsverbanden/<int:pk>/", overview.partnership_detail, name="partnership_detail"
    ),
    path(
        "samenwerkingsverbanden/<int:pk>/kaart/", overview.partnership_map, name="partnership_map"
    ),
    path("kaart/", overview.national_map, name="national_map"),
    path(
        "samenwerkingsverbanden/<int:pk>/figuren/<slug:key>.<str:fmt>",
        overview.figure_download,
        name="figure_download",
    ),
    path("indicatoren/", indicators.indicator_list, name="indicator_list"),
    path("indicatoren/nieuw/", indicators.indicator_create, name="indicator_create"),
    path("indicatoren/<int:pk>/", indicators.indicator_detail, name="indicator_detail"),
    path("indicatoren/<int:pk>/bewerken/", indicators.indicator_edit, name="indicator_edit"),
    path("indicatoren/<int:pk>/waarden/", indicators.indicator_values, name="indicator_values"),
    path(
        "indicatoren/<int:pk>/waarden.csv",
        indicators.indicator_values_download,
        name="indicator_values_download",
    ),
    path("jaarverslagen/", reports.report_list, name="report_list"),
    path("jaarverslagen/nieuw/", reports.report_create, name="report_create"),
    path("jaarverslagen/<int:pk>/", reports.report_detail, name="report_detail"),
    path("jaarverslagen/<int:pk>/publiceren/", reports.report_publish, name="report_publish"),
]
