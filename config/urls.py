from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from config import api as dijkwacht_api
from dijkwacht.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("beheer/", admin.site.urls),
    path("api/v1/", dijkwacht_api.urls()),
    path("", include("dijkwacht.accounts.urls")),
    path("", include("dijkwacht.insights.urls")),
    path("", include("dijkwacht.notifications.urls")),
    path("", include("dijkwacht.exports.urls")),
    path("", include("dijkwacht.organisations.urls")),
    path("", include("dijkwacht.programmes.urls")),
    path("", include("dijkwacht.scans.urls")),
    path("", include("dijkwacht.meldpunt.urls_public")),
    path("", include("dijkwacht.meldpunt.urls")),
    path("", include("dijkwacht.catalogue.urls")),
    path("", include("dijkwacht.bibob.urls")),
    path("", include("dijkwacht.awareness.urls")),
    path("", include("dijkwacht.newsletters.urls")),
]
