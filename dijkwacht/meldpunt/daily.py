from dijkwacht.core.daily import daily_job
from dijkwacht.meldpunt.services import handlers_remind, retention_apply


@daily_job("meldpunt.handler_reminders")
def handler_reminders() -> str:
    """Handlers whose reports must soon (or should already) be acknowledged or answered."""
    return f"{handlers_remind()} handlers reminded"


@daily_job("meldpunt.retention")
def retention() -> str:
    """Closed reports and cases past their retention period destroyed; a deletion log stays."""
    return f"{retention_apply()} reports destroyed"
