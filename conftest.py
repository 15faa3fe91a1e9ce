# The shared cast and fixtures live in tests/fixtures.py, for app tests and safety nets alike.
pytest_plugins = ["tests.fixtures"]
