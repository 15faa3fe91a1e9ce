from django.utils import timezone

from dijkwacht.bibob.services import retention_apply, terms_warn
from dijkwacht.core.daily import daily_job


@daily_job("bibob.term_warnings")
def term_warnings() -> str:
    """Bibob teams whose screenings' terms run out soon, or have run out."""
    return f"{terms_warn(today=timezone.localdate())} warnings"


@daily_job("bibob.retention")
def retention() -> str:
    """Decided screenings past their retention destroyed; a deletion log stays."""
    return f"{retention_apply()} screenings destroyed"
