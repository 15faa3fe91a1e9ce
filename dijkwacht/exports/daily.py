from dijkwacht.core.daily import daily_job
from dijkwacht.exports.jobs import jobs_expire


@daily_job("exports.expire")
def expire() -> str:
    """Documents made in the background are kept a day."""
    return f"{jobs_expire()} documents removed"
