"""Alembic migrations, shipped inside the package so installed and frozen builds have them."""
