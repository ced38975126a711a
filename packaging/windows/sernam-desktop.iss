; Inno Setup 6 script: per-user installer for sernam-desktop (no administrator
; rights needed).  Built by packaging/windows/build_windows.ps1, which passes
; the version read from sernam_desktop/__init__.py:
;
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\sernam-desktop.iss
;
; Input: the PyInstaller one-folder build in dist\sernam-desktop (override with
; /DDistDir=...).  Output: dist\sernam-desktop-<version>-instalador.exe.
;
; What it does: installs into %LOCALAPPDATA%\Programs\sernam-desktop, adds a
; Start-menu entry (and optionally a desktop icon and an "oficina central"
; entry), associates *.sernam bundle files with the app for this user only
; (HKCU\Software\Classes), and registers an uninstaller.  Uninstalling removes
; the program only: the user's data in %LOCALAPPDATA%\sernam-desktop
; (databases, backups, bundles, settings) is never deleted.
; See docs/packaging-windows.md.

#ifndef AppVersion
  #error Falta /DAppVersion=X.Y.Z (use packaging\windows\build_windows.ps1)
#endif
#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\..\dist\sernam-desktop"
#endif
#define RepoDir AddBackslash(SourcePath) + "..\.."
#define AppName "SERNAM Gestión Territorial"
#define AppExe "sernam-desktop.exe"
#define ProgId "SernamDesktop.Envio"

[Setup]
; AppId identifies this application for upgrades and uninstall: never change it.
AppId={{91C9D9B2-104F-4681-A766-0FE1E4CDFE88}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=SERNAM — Servicio Nacional de la Mujer
AppComments=Formulario Etapa N°4 del PMG Gestión Territorial: llenado sin conexión y consolidación nacional
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=Instalador de {#AppName}
; Per-user install: no UAC prompt, nothing outside the user's profile.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\sernam-desktop
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsedUserAreasWarning=no
; Qt 6 needs 64-bit Windows 10 or newer.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
OutputDir={#RepoDir}\dist
OutputBaseFilename=sernam-desktop-{#AppVersion}-instalador
SetupIconFile={#RepoDir}\resources\icons\sernam-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "asociar"; Description: "Abrir los envíos regionales (archivos .sernam) con {#AppName}: muestra qué son y permite verlos"; GroupDescription: "Tipos de archivo:"
Name: "central"; Description: "Acceso en el menú Inicio para la oficina central (consolidación)"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "escritorio"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundled runtime, so no stale library survives.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; A portable marker or datos\ folder left in the build by a test run is never installed.
Source: "{#DistDir}\*"; DestDir: "{app}"; Excludes: "\portable.txt,\datos"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Formulario Etapa N°4 del PMG Gestión Territorial"
Name: "{autoprograms}\{#AppName} (oficina central)"; Filename: "{app}\{#AppExe}"; Parameters: "gui --central"; Comment: "Consolidación nacional de los formularios regionales"; Tasks: central
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: escritorio

[Registry]
; *.sernam -> SernamDesktop.Envio, for this user only (HKCU\Software\Classes).
Root: HKCU; Subkey: "Software\Classes\.sernam"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\.sernam"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-sernam-bundle"; Flags: uninsdeletevalue; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\.sernam\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Envío regional SERNAM"; Flags: uninsdeletekey; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"; Tasks: asociar
; Double-click shows what the bundle is (región, servicio, año, revisión) and offers to
; view it read-only; merging into the central office only on a PC set up as central
; (Preferencias) or when the user explicitly chooses it.
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open"; ValueType: string; ValueName: ""; ValueData: "Abrir envío regional"; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui --bundle ""%1"""; Tasks: asociar
; Issue 15: *.sernam-acuse (a central office receipt) -> SernamDesktop.Acuse, applied to
; the user's database on double-click ("gui --receipt").
Root: HKCU; Subkey: "Software\Classes\.sernam-acuse"; ValueType: string; ValueName: ""; ValueData: "SernamDesktop.Acuse"; Flags: uninsdeletevalue; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\SernamDesktop.Acuse"; ValueType: string; ValueName: ""; ValueData: "Acuse de la oficina central SERNAM"; Flags: uninsdeletekey; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\SernamDesktop.Acuse\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"; Tasks: asociar
Root: HKCU; Subkey: "Software\Classes\SernamDesktop.Acuse\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui --receipt ""%1"""; Tasks: asociar
; "Abrir con" list and the program's display name there.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".sernam"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder's runtime.  The user's data lives elsewhere
; (%LOCALAPPDATA%\sernam-desktop) and is never listed here.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('{#AppName} se desinstaló.' + #13#10 + #13#10 +
           'Sus formularios, copias de seguridad y envíos NO se borraron; siguen en:' + #13#10 +
           ExpandConstant('{localappdata}\sernam-desktop'),
           mbInformation, MB_OK);
end;
