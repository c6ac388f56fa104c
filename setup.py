"""Packaging glue that pyproject.toml cannot say: the top-level ``resources/`` folder
ships inside the package as ``app.resources`` so ``importlib.resources`` finds it both
from source and from an installed or frozen build."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["app", "app.*"]) + ["app.resources"],
    package_dir={"app.resources": "resources"},
)
