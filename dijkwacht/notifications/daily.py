from dijkwacht.core.daily import daily_job
from dijkwacht.notifications.services import digests_send


@daily_job("notifications.digests")
def digests() -> str:
    """One mail per person with the notifications they chose to get once a day."""
    return f"{digests_send()} digests mailed"
