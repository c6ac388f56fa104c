#!/usr/bin/env bash
# The installer check: build the Linux bundle and smoke-test it (what `make installer` does).
#
#   installer/ci.sh          run it; then record that these installer inputs passed
#   installer/ci.sh --ci     what .ci/run calls: run it only when the inputs changed
#   installer/ci.sh --hash   print the hash of the inputs
#
# Building takes one to two minutes on a 2-core machine (more with a fresh build
# environment), too long for every CI run, so CI builds only when the installer's inputs
# (installer/, pyproject.toml, setup.py) differ from the ones recorded in
# installer/smoke-tested.sha256 by the last passing run here. The record is a file in the
# tree, not a comparison with the previous commit: it works on a fresh or shallow clone and
# for a submission of several commits. Until someone commits a fresh record, CI keeps
# building, so a change is never skipped. COACHBENCH_INSTALLER_CHECK=always|never overrides.
#
# CI never fails for something outside the code: when the build environment cannot be set
# up (no registry, no Python 3.11; build.sh exits 75), or on a machine that is not Linux,
# the check is skipped with a warning.
set -uo pipefail
cd "$(dirname "$0")/.."
RECORD=installer/smoke-tested.sha256

inputs_hash() {
    find installer pyproject.toml setup.py -type f ! -name smoke-tested.sha256 \
        ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | LC_ALL=C sort -z \
        | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

mode="${1:-}"
if [[ "$mode" == "--hash" ]]; then
    inputs_hash
    exit 0
fi
if [[ "$mode" == "--ci" ]]; then
    wanted="${COACHBENCH_INSTALLER_CHECK:-auto}"
    if [[ "$wanted" == "never" ]]; then
        echo "installer check: skipped (COACHBENCH_INSTALLER_CHECK=never)"
        exit 0
    fi
    if [[ "$wanted" != "always" && "$(cat "$RECORD" 2>/dev/null)" == "$(inputs_hash)" ]]; then
        echo "installer check: skipped, installer/, pyproject.toml and setup.py are as" \
             "recorded in $RECORD (COACHBENCH_INSTALLER_CHECK=always forces it)"
        exit 0
    fi
    if [[ "$(uname -s)" != Linux ]]; then
        echo "installer check: skipped, the smoke test builds the Linux bundle only"
        exit 0
    fi
fi

started=$SECONDS
installer/build.sh
status=$?
if [[ $status -eq 75 ]]; then
    echo "WARNING: installer check skipped: the build environment could not be set up" \
         "(see above); nothing was checked." >&2
    [[ "$mode" == "--ci" ]] && exit 0
    exit 75
fi
[[ $status -eq 0 ]] || exit $status
build/installer/venv/bin/python installer/smoke_test.py dist/coachbench/coachbench || exit 1
du -sh dist/coachbench | sed 's/^/bundle size on disk: /'
echo "installer check passed in $((SECONDS - started)) s"
if [[ "$mode" != "--ci" ]]; then
    inputs_hash > "$RECORD"
    echo "recorded the installer inputs in $RECORD (commit it so CI can skip this check)"
fi
