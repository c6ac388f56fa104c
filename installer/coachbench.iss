; Coachbench for Windows: a per-user Setup made with Inno Setup 6.3 or newer from the
; PyInstaller bundle. installer\build.ps1 runs it as
;
;   ISCC.exe /DAppVersion=0.1.0 /DBundleDir=C:\...\dist\Coachbench /OC:\...\dist installer\coachbench.iss
;
; - Per user: no administrator rights; the program goes to %LOCALAPPDATA%\Programs\Coachbench.
; - The user's data is NOT here: the database lives in %LOCALAPPDATA%\Coachbench (the user
;   data folder), so upgrading or uninstalling never touches it, and the first start of a
;   newer version upgrades its schema after copying it to backups\.
; - Upgrades in place: a newer Setup finds the installed one by AppId (never change it),
;   closes a running Coachbench, and replaces the program files in the same folder.
; - Start-menu entry, optional desktop icon, and an uninstaller under Settings > Apps.
;
; UNTESTED: written without a Windows machine to run it on; see README.md, Installers.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\Coachbench"
#endif
#define AppName "Coachbench"
#define AppExe "Coachbench.exe"

[Setup]
; The identity of Coachbench for Windows: never change it, or a new Setup installs a
; second copy beside the old one instead of upgrading it.
AppId={{6F0B8C2E-5D1A-4E7B-9C3F-2A8D4B1E7C90}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
UsePreviousAppDir=yes
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\resources\icons\coachbench.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
CloseApplications=yes
RestartApplications=no
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle's libraries whole, so nothing an older version shipped
; lingers beside the new files. (Only program files live here, never the user's data.)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Team coaching workbench"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the program may leave in its own folder (none expected). The data folder
; %LOCALAPPDATA%\Coachbench stays: delete it by hand to remove the database and backups.
Type: dirifempty; Name: "{app}"
