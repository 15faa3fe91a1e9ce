"""Awareness (bewustwording): the kinds of activity and the target groups they are for. Both
are data a platform administrator keeps, so a partnership's new kind of session or a sector
to reach is no code change (ADR 0014). Activities, their reach and the calendar join them in
the next steps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.Model):
    """A term of a short list: a code that never changes, a name that may, its place in the
    list, and whether it is still offered (a term in use is retired, never deleted)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityType(Vocabulary):
    """A kind of awareness activity: the monthly integrity workshop for new staff, a knowledge
    session, a congress, a roadshow, a campaign week."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")


class TargetGroup(Vocabulary):
    """A group an activity is for and whose reach is counted per organisation: new staff,
    staff in vulnerable positions, the council, the college, citizens, a sector."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
