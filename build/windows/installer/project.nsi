Unicode true

####
## The Mahall Software installer. Adapted from the template that `wails build -nsis` writes;
## `make installer` runs that build, which writes wails_tools.nsh (names and version from
## wails.json, generated, not committed) beside this file and calls makensis on it with
## -DARG_WAILS_AMD64_BINARY=<the app>.
##
## It installs both executables, as the old program's installer did: the desktop app and the
## standalone mahall_backup_restore.exe (a console program, for scripts and for restoring when
## the app itself will not start).
##
## The user's register lives in %APPDATA%\Mahali (db.sqlite3, media\, backups\). Neither the
## installer nor the uninstaller touches that folder: the uninstaller deletes exactly the files
## the installer wrote, never a folder recursively, so even an install folder chosen inside the
## data folder cannot cost anyone their data.
####

# Fixed here rather than derived from wails.json's "name", so file names stay stable.
!define PRODUCT_EXECUTABLE "mahall.exe"
!define CLI_EXECUTABLE "mahall_backup_restore.exe"
!ifndef ARG_CLI_BINARY
    # makensis runs in build\windows\installer; `make installer` builds the CLI first.
    !define ARG_CLI_BINARY "..\..\bin\mahall_backup_restore.exe"
!endif

!include "wails_tools.nsh"

# The version information for these two must consist of 4 parts
VIProductVersion "${INFO_PRODUCTVERSION}.0"
VIFileVersion    "${INFO_PRODUCTVERSION}.0"

VIAddVersionKey "CompanyName"     "${INFO_COMPANYNAME}"
VIAddVersionKey "FileDescription" "${INFO_PRODUCTNAME} Installer"
VIAddVersionKey "ProductVersion"  "${INFO_PRODUCTVERSION}"
VIAddVersionKey "FileVersion"     "${INFO_PRODUCTVERSION}"
VIAddVersionKey "LegalCopyright"  "${INFO_COPYRIGHT}"
VIAddVersionKey "ProductName"     "${INFO_PRODUCTNAME}"

ManifestDPIAware true

!include "MUI.nsh"

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
!define MUI_FINISHPAGE_NOAUTOCLOSE
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${PRODUCT_EXECUTABLE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Name "${INFO_PRODUCTNAME}"
OutFile "..\..\bin\mahall-${ARCH}-installer.exe"
InstallDir "$PROGRAMFILES64\${INFO_PRODUCTNAME}"
ShowInstDetails show
ShowUninstDetails show

Function .onInit
   !insertmacro wails.checkArchitecture
FunctionEnd

Section
    !insertmacro wails.setShellContext

    !insertmacro wails.webview2runtime

    SetOutPath $INSTDIR

    !insertmacro wails.files
    File "/oname=${CLI_EXECUTABLE}" "${ARG_CLI_BINARY}"

    CreateShortcut "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"
    CreateShortcut "$DESKTOP\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"

    !insertmacro wails.writeUninstaller
SectionEnd

Section "uninstall"
    !insertmacro wails.setShellContext

    # WebView2's cache for this program (named after the executable), not the register.
    RMDir /r "$AppData\${PRODUCT_EXECUTABLE}"

    Delete "$INSTDIR\${PRODUCT_EXECUTABLE}"
    Delete "$INSTDIR\${CLI_EXECUTABLE}"
    Delete "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk"
    Delete "$DESKTOP\${INFO_PRODUCTNAME}.lnk"

    !insertmacro wails.deleteUninstaller

    # Removed only when empty: anything else in it is not ours to delete.
    RMDir $INSTDIR
SectionEnd
