# Runs at install time (`cmake --install`, CPack), not at configure time:
# only then is the prefix known (`--prefix`, CPack's /usr). Fills in the
# installed program's path (@WS_BIN@) in the files that start it, then
# installs them. CMakeLists.txt sets WS_DIST_SRC (dist/), WS_DIST_WORK (a
# scratch folder in the build tree) and the GNUInstallDirs folders WS_BINDIR,
# WS_LIBEXECDIR and WS_DATADIR before this runs.

# A GNUInstallDirs folder as an absolute path under the prefix being installed to.
function(ws_install_dir out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "${CMAKE_INSTALL_PREFIX}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

ws_install_dir(ws_bindir "${WS_BINDIR}")
set(WS_BIN "${ws_bindir}/wellspring")
# One scratch folder per destination, so installs to two prefixes at once
# (the install and package tests) never share a filled-in file.
string(MD5 ws_key "$ENV{DESTDIR}|${CMAKE_INSTALL_PREFIX}")
set(ws_work "${WS_DIST_WORK}/${ws_key}")

foreach(ws_entry
    "wellspring-kiosk.service|lib/systemd/system|FILE"
    "wellspring-kiosk-cage.service|lib/systemd/system|FILE"
    "saver_wellspring|${WS_LIBEXECDIR}/xsecurelock|PROGRAM"
    "xscreensaver.snippet|${WS_DATADIR}/wellspring|FILE"
    "wellspring.desktop|${WS_DATADIR}/applications|FILE")
  string(REPLACE "|" ";" ws_parts "${ws_entry}")
  list(GET ws_parts 0 ws_name)
  list(GET ws_parts 1 ws_dir)
  list(GET ws_parts 2 ws_type)
  configure_file("${WS_DIST_SRC}/${ws_name}.in" "${ws_work}/${ws_name}" @ONLY)
  ws_install_dir(ws_dest "${ws_dir}")
  file(INSTALL DESTINATION "${ws_dest}" TYPE ${ws_type} FILES "${ws_work}/${ws_name}")
endforeach()
