# Build Coachbench for Windows: the one-folder bundle, a smoke test of it, and (when Inno
# Setup 6.3 or newer is installed) the per-user installer dist\Coachbench-VERSION-setup.exe.
#
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -Python "C:\Python312\python.exe"
#
# Like build.sh it works from a clean virtual environment (build\installer\venv-windows)
# that holds only the program's dependencies, read from pyproject.toml, and PyInstaller.
# Outputs: dist\Coachbench\Coachbench.exe (the window), dist\Coachbench\coachbench-cli.exe
# (the command line), dist\Coachbench-VERSION-setup.exe.
#
# UNTESTED: written without a Windows machine to run it on; see README.md, Installers.

param(
    [string]$Python = "py",
    [string[]]$PythonArgs = @("-3"),
    [switch]$SkipSmokeTest
)

$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
Set-Location $Root
$Work = Join-Path $Root "build\installer"
$Venv = Join-Path $Work "venv-windows"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Root "dist"

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

# The build environment, re-created whenever the dependency list or the Python changes.
$ReadRequirements = "import sys, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; " +
    "print('\n'.join(p['dependencies'] + p['optional-dependencies']['installer'])); " +
    "sys.exit(sys.version_info < (3, 11))"
$Requirements = @(& $Python @PythonArgs -c $ReadRequirements)
if ($LASTEXITCODE -ne 0) { throw "Coachbench needs Python 3.11 or newer: pass -Python and -PythonArgs" }
$Requirements = @($Requirements | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$PythonVersion = (& $Python @PythonArgs -VV) -join " "
$Stamp = ($Requirements + $PythonVersion) -join "|"
$StampFile = Join-Path $Venv "stamp.txt"
if (-not (Test-Path $VenvPython) -or -not (Test-Path $StampFile) -or
        ((Get-Content $StampFile -Raw).Trim() -ne $Stamp)) {
    Write-Host "== build environment: $Venv"
    if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
    Invoke-Checked "creating the virtual environment" { & $Python @PythonArgs -m venv $Venv }
    Invoke-Checked "installing the dependencies" {
        & $VenvPython -m pip install --quiet --disable-pip-version-check @Requirements
    }
    Set-Content -Path $StampFile -Value $Stamp
}

Write-Host "== PyInstaller"
Invoke-Checked "PyInstaller" {
    & $VenvPython -m PyInstaller --noconfirm --clean --log-level WARN `
        --workpath (Join-Path $Work "pyinstaller") --distpath $Dist installer\coachbench.spec
}

if (-not $SkipSmokeTest) {
    Write-Host "== smoke test"
    Invoke-Checked "the smoke test" {
        & $VenvPython installer\smoke_test.py (Join-Path $Dist "Coachbench\coachbench-cli.exe")
    }
}

$Version = (Select-String -Path app\__init__.py -Pattern '__version__ = "(.+?)"').Matches[0].Groups[1].Value
$Iscc = @(
    (Get-Command iscc.exe -ErrorAction SilentlyContinue | ForEach-Object { $_.Source }),
    (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
    (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
    (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
) | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
if (-not $Iscc) {
    Write-Warning "Inno Setup 6 (ISCC.exe) not found: built dist\Coachbench only. Install it from jrsoftware.org, or 'winget install JRSoftware.InnoSetup', and run this again for the installer."
    exit 0
}
Write-Host "== Inno Setup: $Iscc"
Invoke-Checked "Inno Setup" {
    & $Iscc "/DAppVersion=$Version" "/DBundleDir=$(Join-Path $Dist 'Coachbench')" "/O$Dist" `
        installer\coachbench.iss
}
Write-Host "== built $Dist\Coachbench and $Dist\Coachbench-$Version-setup.exe"
