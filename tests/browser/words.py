"""What a page says, in Dutch: the browser tests find buttons, labels and headings by the words
a Dutch user reads, while the source strings are English."""

from django.utils import translation
from django.utils.translation import gettext


def dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)
