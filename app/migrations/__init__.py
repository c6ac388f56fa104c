"""Alembic migrations, shipped inside the package so installed and frozen builds have them.

``SCHEMA_HEAD`` names the newest revision, so starting the program with an up-to-date
database needs no Alembic import. Adding a revision means updating it;
``tests/test_migrations.py`` fails until it matches.
"""

SCHEMA_HEAD = "0007"
