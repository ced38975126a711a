<#
.SYNOPSIS
  Compila sernam-desktop para Windows: la carpeta de PyInstaller, el instalador
  por usuario (Inno Setup 6) y el zip portátil.

.DESCRIPTION
  Ejecutar desde PowerShell en un PC Windows 10/11 de 64 bits con Python 3.11
  (x64) e Inno Setup 6.3 o más reciente instalados (vea docs/packaging-windows.md):

    powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1

  1. Crea .venv-build (si falta) e instala la aplicación con el extra [package]
     (PyInstaller fijado en pyproject.toml).
  2. PyInstaller con packaging\sernam-desktop.spec -> dist\sernam-desktop\
     (sernam-desktop.exe sin consola, sernam-desktop-cli.exe con consola).
  3. Pruebas rápidas del ejecutable: --version, demo, validate, export json/pdf/bundle,
     abrir y cerrar la ventana (QT_QPA_PLATFORM=offscreen).
  4. ISCC /DAppVersion=<versión> -> dist\sernam-desktop-<versión>-instalador.exe
  5. packaging\make_portable_zip.py -> dist\sernam-desktop-<versión>-windows-portable.zip

.PARAMETER Python
  Intérprete para crear .venv-build (por omisión: "py -3.11" si existe el lanzador py,
  si no "python").
.PARAMETER SinInstalador
  No compila el instalador (por ejemplo, si no hay Inno Setup).
.PARAMETER SinZip
  No crea el zip portátil.
.PARAMETER SinPruebas
  No ejecuta las pruebas del ejecutable.
#>
[CmdletBinding()]
param(
  [string]$Python = "",
  [switch]$SinInstalador,
  [switch]$SinZip,
  [switch]$SinPruebas
)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

# Windows PowerShell 5.1 turns a native program's stderr into errors when it is
# redirected, so probing commands runs with errors non-terminating.
function Test-CliCommand {
  param([string]$Exe, [string[]]$Arguments)
  $old = $ErrorActionPreference
  $ErrorActionPreference = "Continue"
  try { & $Exe @Arguments *> $null; return ($LASTEXITCODE -eq 0) }
  finally { $ErrorActionPreference = $old }
}

function Invoke-Checked {
  param([string]$Exe, [string[]]$Arguments)
  & $Exe @Arguments
  if ($LASTEXITCODE -ne 0) {
    throw "Falló (código $LASTEXITCODE): $Exe $($Arguments -join ' ')"
  }
}

# The version comes from the package, read without importing it.
$m = Select-String -Path (Join-Path $Root "sernam_desktop\__init__.py") -Pattern '^__version__ = "(.+)"$'
if (-not $m) { throw "No se encontró __version__ en sernam_desktop\__init__.py" }
$Version = $m.Matches[0].Groups[1].Value
Write-Host "== sernam-desktop $Version"

# 1. Build virtualenv.
$VenvPy = Join-Path $Root ".venv-build\Scripts\python.exe"
if (-not (Test-Path $VenvPy)) {
  if ($Python) { $cmd = $Python -split ' ' }
  elseif (Get-Command py -ErrorAction SilentlyContinue) { $cmd = @("py", "-3.11") }
  else { $cmd = @("python") }
  Write-Host "== Creando .venv-build con $($cmd -join ' ')"
  $extra = @()
  if ($cmd.Length -gt 1) { $extra = $cmd[1..($cmd.Length - 1)] }
  Invoke-Checked $cmd[0] ($extra + @("-c", "import sys, struct; sys.exit(sys.version_info < (3, 11) or struct.calcsize('P') != 8)"))
  Invoke-Checked $cmd[0] ($extra + @("-m", "venv", ".venv-build"))
}
Write-Host "== Instalando la aplicación y PyInstaller en .venv-build"
Invoke-Checked $VenvPy @("-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", ".[package]")

# 2. PyInstaller (one folder).
$t0 = Get-Date
Invoke-Checked $VenvPy @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
  "--distpath", "dist", "--workpath", "build\pyinstaller", "packaging\sernam-desktop.spec")
$AppDir = Join-Path $Root "dist\sernam-desktop"
$size = (Get-ChildItem $AppDir -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("== Compilado en {0:N0} s: {1} ({2:N0} MB)" -f ((Get-Date) - $t0).TotalSeconds, $AppDir, $size)

# 3. Smoke tests of the frozen program, in a temporary user folder.
if (-not $SinPruebas) {
  $Cli = Join-Path $AppDir "sernam-desktop-cli.exe"
  $Tmp = Join-Path ([IO.Path]::GetTempPath()) ("sernam-smoke-" + [guid]::NewGuid())
  New-Item -ItemType Directory $Tmp | Out-Null
  $env:SERNAM_DESKTOP_HOME = Join-Path $Tmp "home"
  $env:QT_QPA_PLATFORM = "offscreen"
  try {
    $out = & $Cli --version
    if ($LASTEXITCODE -ne 0 -or $out -ne "sernam-desktop $Version") { throw "--version: «$out»" }
    $db = Join-Path $Tmp "oficina.sqlite3"
    Invoke-Checked $Cli @("demo", "--db", $db)
    & $Cli validate --db $db | Out-Null
    if ($LASTEXITCODE -gt 1) { throw "validate falló (código $LASTEXITCODE)" }
    Invoke-Checked $Cli @("export", "json", "--db", $db, "-o", (Join-Path $Tmp "form.json"))
    if (Test-CliCommand $Cli @("export", "pdf", "--help")) { Invoke-Checked $Cli @("export", "pdf", "--db", $db, "-o", (Join-Path $Tmp "form.pdf")) }
    if (Test-CliCommand $Cli @("export", "bundle", "--help")) { Invoke-Checked $Cli @("export", "bundle", "--db", $db, "-o", (Join-Path $Tmp "envios")) }
    $env:SERNAM_DESKTOP_QUIT_AFTER_MS = "1500"
    $p = Start-Process -FilePath $Cli -ArgumentList @("gui", "--db", "`"$db`"") -PassThru -NoNewWindow
    $null = $p.Handle  # without this, ExitCode may stay empty
    if (-not $p.WaitForExit(60000)) { $p.Kill(); throw "La ventana no se cerró sola en 60 s" }
    if ($p.ExitCode -ne 0) { throw "gui terminó con código $($p.ExitCode)" }
    Write-Host "== Pruebas del ejecutable: correctas"
  } finally {
    Remove-Item Env:SERNAM_DESKTOP_HOME, Env:QT_QPA_PLATFORM, Env:SERNAM_DESKTOP_QUIT_AFTER_MS -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $Tmp -ErrorAction SilentlyContinue
  }
}

# 4. Installer.
if (-not $SinInstalador) {
  $iscc = $env:ISCC
  if (-not $iscc) {
    $found = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($found) { $iscc = $found.Source }
  }
  if (-not $iscc) {
    $iscc = @(
      (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe"),
      (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
      (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe")
    ) | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
  }
  if (-not $iscc) { throw "No se encontró ISCC.exe (Inno Setup 6). Instálelo, defina `$env:ISCC o use -SinInstalador." }
  Invoke-Checked $iscc @("/Q", "/DAppVersion=$Version", "packaging\windows\sernam-desktop.iss")
  Write-Host "== Instalador: dist\sernam-desktop-$Version-instalador.exe"
}

# 5. Portable zip.
if (-not $SinZip) {
  Invoke-Checked $VenvPy @("packaging\make_portable_zip.py", $AppDir, "-o", "dist\sernam-desktop-$Version-windows-portable.zip")
}
Write-Host "== Listo."
