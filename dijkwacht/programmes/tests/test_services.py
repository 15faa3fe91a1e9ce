import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dijkwacht.core.models import AuditEvent
from dijkwacht.programmes import selectors, services
from dijkwacht.programmes.models import Commitment, Programme, Status, StatusUpdate
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(twente, enschede, hengelo):
    return make_programme(twente, [enschede, hengelo], actions=2)


def _cell(programme, organisation):
    return Commitment.objects.filter(programme=programme, organisation=organisation).first()


def test_contributor_updates_own_cell_and_history_is_appended(programme, contributor, enschede):
    cell = _cell(programme, enschede)
    services.commitment_update(
        actor=contributor, commitment=cell, status=Status.IN_PROGRESS, note="Workshop gepland"
    )
    cell.refresh_from_db()
    assert cell.status == Status.IN_PROGRESS
    assert cell.updated_by == contributor
    update = StatusUpdate.objects.get(commitment=cell)
    assert (update.old_status, update.new_status) == (Status.UNDETERMINED, Status.IN_PROGRESS)
    assert update.note == "Workshop gepland" and update.actor == contributor
    event = AuditEvent.objects.get(action="programmes.commitment_update")
    assert event.changes == {"status": ["onbepaald", "in_uitvoering"]}


def test_contributor_cannot_change_another_organisations_cell(programme, contributor, hengelo):
    cell = _cell(programme, hengelo)
    with pytest.raises(PermissionDenied):
        services.commitment_update(actor=contributor, commitment=cell, status=Status.COMPLETED)
    cell.refresh_from_db()
    assert cell.status == Status.UNDETERMINED
    assert not StatusUpdate.objects.filter(commitment=cell).exists()


def test_coordinator_changes_every_cell_and_viewer_none(programme, coordinator, viewer, hengelo):
    cell = _cell(programme, hengelo)
    services.commitment_update(actor=coordinator, commitment=cell, status=Status.COMPLETED)
    with pytest.raises(PermissionDenied):
        services.commitment_update(actor=viewer, commitment=cell, status=Status.PLANNED)


def test_coordinator_of_another_partnership_cannot(programme, other_coordinator, enschede):
    with pytest.raises(PermissionDenied):
        services.commitment_update(
            actor=other_coordinator, commitment=_cell(programme, enschede), status=Status.COMPLETED
        )


def test_drafts_are_for_coordinators_only(twente, enschede, contributor, coordinator):
    draft = make_programme(twente, [enschede], actions=1, name="Concept", is_draft=True)
    cell = _cell(draft, enschede)
    with pytest.raises(PermissionDenied):
        services.commitment_update(actor=contributor, commitment=cell, status=Status.PLANNED)
    services.commitment_update(actor=coordinator, commitment=cell, status=Status.PLANNED)


def test_unknown_status_is_refused_and_nothing_written(programme, coordinator, enschede):
    cell = _cell(programme, enschede)
    with pytest.raises(ValidationError):
        services.commitment_update(actor=coordinator, commitment=cell, status="rood")
    assert not StatusUpdate.objects.filter(commitment=cell).exists()


def test_history_rows_cannot_be_edited(programme, coordinator, enschede):
    services.commitment_update(
        actor=coordinator, commitment=_cell(programme, enschede), status=Status.COMPLETED
    )
    update = StatusUpdate.objects.get()
    update.note = "achteraf aangepast"
    with pytest.raises(ValidationError):
        update.save()


def test_actions_only_for_member_organisations(programme, coordinator, utrecht_city):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=coordinator, programme=programme, title="Buiten de dijk",
            organisations=[utrecht_city],
        )  # fmt: skip
    assert "organisations" in error.value.message_dict
    assert not programme.actions.filter(title="Buiten de dijk").exists()


def test_only_coordinators_change_the_plan(programme, contributor, twente):
    with pytest.raises(PermissionDenied):
        services.theme_create(actor=contributor, programme=programme, title="Eigen thema")
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=contributor, partnership=twente, name="Eigen plan")
    assert not Programme.objects.filter(name="Eigen plan").exists()


def test_programme_budget_and_period_are_validated(coordinator, twente):
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            actor=coordinator, partnership=twente, name="Te duur",
            total_budget=100, execution_budget=200,
        )  # fmt: skip
    assert "execution_budget" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.programme_create(
            actor=coordinator, partnership=twente, name="Achterstevoren",
            period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2024, 1, 1),
        )  # fmt: skip


class TestMatrix:
    def test_cells_grouped_by_theme_and_organisation(self, programme, contributor, enschede):
        table = selectors.matrix(programme, contributor)
        assert [o.name for o in table.organisations] == ["Enschede", "Hengelo (O.)"]
        assert len(table.groups) == 1 and len(table.groups[0].rows) == 2
        enschede_cell, hengelo_cell = table.groups[0].rows[0].cells
        assert enschede_cell.editable and not hengelo_cell.editable
        assert table.cell_count == 4

    def test_filters(self, programme, coordinator, enschede):
        cell = _cell(programme, enschede)
        services.commitment_update(actor=coordinator, commitment=cell, status=Status.COMPLETED)
        done = selectors.matrix(programme, coordinator, selectors.MatrixFilters(status="voltooid"))
        assert done.cell_count == 1
        assert [o.name for o in done.organisations] == ["Enschede"]
        only_enschede = selectors.matrix(
            programme, coordinator, selectors.MatrixFilters(organisation=enschede.pk)
        )
        assert only_enschede.cell_count == 2
        assert [o.name for o in only_enschede.organisations] == ["Enschede"]

    def test_stale_cells_keep_their_status(self, programme, coordinator, enschede):
        cell = _cell(programme, enschede)
        long_ago = timezone.now() - datetime.timedelta(days=200)
        services.commitment_update(
            actor=coordinator, commitment=cell, status=Status.STRUCTURAL, at=long_ago
        )
        table = selectors.matrix(programme, coordinator, selectors.MatrixFilters(stale_only=True))
        assert table.cell_count == 1
        (stale_cell,) = [c for g in table.groups for r in g.rows for c in r.cells if c]
        assert stale_cell.stale and stale_cell.status == Status.STRUCTURAL


def test_overview_progress_and_budget(twente, enschede, hengelo, coordinator):
    programme = make_programme(
        twente, [enschede, hengelo], actions=2, themes=2, total_budget=220000,
        execution_budget=104000,
    )  # fmt: skip
    for cell in Commitment.objects.filter(programme=programme, organisation=enschede)[:3]:
        services.commitment_update(actor=coordinator, commitment=cell, status=Status.COMPLETED)
    action = programme.actions.first()
    action.budget_planned, action.budget_spent = 50000, 12500
    action.save()
    overview = selectors.programme_overview(programme)
    assert overview.overall.total == 8 and overview.overall.done == 3
    by_name = {row.organisation.name: row.progress for row in overview.organisations}
    assert by_name["Enschede"].done == 3 and by_name["Hengelo (O.)"].done == 0
    assert overview.budget.remaining == 104000 - 12500
    assert [t.progress.total for t in overview.themes] == [4, 4]


@pytest.mark.parametrize("days", [0, 89, 90, 91, 400])
def test_database_staleness_agrees_with_the_pure_function(programme, coordinator, enschede, days):
    from dijkwacht.programmes import progress

    now = timezone.now()
    cell = _cell(programme, enschede)
    services.commitment_update(
        actor=coordinator, commitment=cell, status=Status.PLANNED,
        at=now - datetime.timedelta(days=days, minutes=1),
    )  # fmt: skip
    cell.refresh_from_db()
    table = selectors.matrix(programme, coordinator, now=now)
    cells = [c for g in table.groups for r in g.rows for c in r.cells if c]
    (shown,) = [
        c for c in cells if (c.action_id, c.organisation_id) == (cell.action_id, enschede.pk)
    ]
    assert shown.stale == progress.is_stale(cell.updated_at, now, programme.stale_after_days)
