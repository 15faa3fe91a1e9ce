from django.utils import timezone

from dijkwacht.catalogue.services import contacts_remind
from dijkwacht.core.daily import daily_job


@daily_job("catalogue.contact_reminders")
def contact_reminders() -> str:
    """Contact persons whose entry is due to be confirmed again (every six months)."""
    return f"{contacts_remind(today=timezone.localdate())} entries to confirm"
