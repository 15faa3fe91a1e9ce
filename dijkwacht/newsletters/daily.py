from django.utils import timezone

from dijkwacht.core.daily import daily_job
from dijkwacht.newsletters.services import invitations_expire, sending_resume


@daily_job("newsletters.upkeep")
def upkeep() -> str:
    """Invitations nobody confirmed go after a month, with their addresses; an issue whose
    sending stopped (the queue, a worker) is queued again."""
    now = timezone.now()
    return (
        f"{invitations_expire(now=now)} unconfirmed invitations removed, "
        f"{sending_resume(now=now)} sendings resumed"
    )
