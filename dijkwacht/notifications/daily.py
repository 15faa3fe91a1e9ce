from dijkwacht.core.daily import daily_job
from dijkwacht.notifications.services import digests_send, unsent_requeue


# Last of the day's jobs: the reminders made just before are in today's digest.
@daily_job("notifications.digests", last=True)
def digests() -> str:
    """One mail per person with the notifications they chose to get once a day."""
    return f"{digests_send()} digests queued"


@daily_job("notifications.unsent")
def unsent() -> str:
    """Mails that should have gone at once and did not, queued again."""
    return f"{unsent_requeue()} mails queued again"
