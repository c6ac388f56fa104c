#!/usr/bin/env bash
# Build Coachbench as a one-folder application on Linux or macOS, from a clean virtual
# environment that holds only the program's dependencies and PyInstaller.
#
#   installer/build.sh            # bundle + (Linux) tarball, or (macOS) Coachbench.app
#   PYTHON=python3.12 installer/build.sh
#
# Outputs (all ignored by git):
#   build/installer/venv/       the build environment; rebuilt when pyproject.toml changes
#   dist/coachbench/            Linux: the bundle, run dist/coachbench/coachbench
#   dist/coachbench-VERSION-linux-ARCH.tar.gz   Linux: bundle, .desktop, icons, install.sh
#   dist/Coachbench.app, dist/Coachbench-VERSION-macos-ARCH.dmg   macOS (UNTESTED: no Mac here)
#
# Exit codes: 0 built; 1 the build failed (a bug to fix); 75 the build environment could
# not be set up (no Python 3.11+, no venv module, or the package registry unreachable) —
# .ci/run skips the installer check on 75 instead of failing on a network problem.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$ROOT/build/installer"
VENV="$WORK/venv"
DIST="$ROOT/dist"
cd "$ROOT"

setup_failed() { echo "build.sh: $*" >&2; exit 75; }

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    || setup_failed "needs Python 3.11 or newer as \$PYTHON (now: $PYTHON)"

# The build environment: re-created from nothing whenever the dependency list changes, so
# nothing from a developer's .venv (test tools, PostgreSQL drivers) ends up in the bundle.
requirements="$("$PYTHON" - <<'EOF'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["installer"]))
EOF
)"
stamp="$(printf '%s\n%s\n' "$requirements" "$("$PYTHON" -VV)" | cksum | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/python" || "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp" ]]; then
    echo "== build environment: $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" || setup_failed "cannot create a virtual environment"
    # shellcheck disable=SC2086  # one requirement per line, none contains a space
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $requirements \
        || { rm -rf "$VENV"; setup_failed "cannot install the dependencies (no network?)"; }
    echo "$stamp" > "$VENV/.stamp"
fi

echo "== PyInstaller"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath "$WORK/pyinstaller" --distpath "$DIST" installer/coachbench.spec

version="$("$PYTHON" -c 'import re,sys; print(re.search(r"__version__ = \"(.+?)\"", open("app/__init__.py").read())[1])')"
case "$(uname -s)" in
    Linux)
        arch="$(uname -m)"
        name="coachbench-$version-linux-$arch"
        staging="$WORK/tarball/$name"
        rm -rf "$WORK/tarball" && mkdir -p "$staging"
        cp -a "$DIST/coachbench" "$staging/coachbench"
        cp installer/linux/coachbench.desktop installer/linux/install.sh "$staging/"
        mkdir "$staging/icons"
        cp resources/icons/coachbench-*.png resources/icons/coachbench.svg "$staging/icons/"
        chmod +x "$staging/install.sh"
        tar -C "$WORK/tarball" -czf "$DIST/$name.tar.gz" "$name"
        rm -rf "$WORK/tarball"
        echo "== built $DIST/coachbench/coachbench and $DIST/$name.tar.gz"
        ;;
    Darwin)  # untested: written without a Mac to run it on
        image="$DIST/Coachbench-$version-macos-$(uname -m).dmg"
        rm -f "$image"
        hdiutil create -quiet -volname Coachbench -srcfolder "$DIST/Coachbench.app" \
            -ov -format UDZO "$image"
        echo "== built $DIST/Coachbench.app and $image (unsigned: see README.md, Installers)"
        ;;
esac
