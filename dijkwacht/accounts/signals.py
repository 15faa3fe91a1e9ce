"""What accounts tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent with `user` when `createsuperuser` (or `User.objects.create_superuser`) made an account
# that must become a platform admin. Roles are memberships, which accounts knows nothing of:
# organisations listens and grants the role through its own service.
superuser_created = Signal()
