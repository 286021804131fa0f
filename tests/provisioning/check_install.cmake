# `cmake --install` into a scratch prefix and `cpack -G DEB` from the build tree, then what a user would
# check: the files are where desktops look for them, the installed programs run, and the package
# depends on the Qt, KF6 SyntaxHighlighting and QtKeychain libraries it links.
# Called by ctest with -DBUILD_DIR=... -DWORK_DIR=... -DSOURCE_DIR=...
cmake_minimum_required(VERSION 3.21)
set(app_id io.schemadesk.SchemaDesk)
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(file bin/schemadesk bin/schemadesk-sandbox share/applications/${app_id}.desktop
             share/metainfo/${app_id}.metainfo.xml share/icons/hicolor/scalable/apps/${app_id}.svg
             share/doc/SchemaDesk/LICENSE)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()

# The desktop entry starts the installed program with the installed icon.
file(READ ${prefix}/share/applications/${app_id}.desktop entry)
foreach(expected "Exec=schemadesk" "Icon=${app_id}" "Type=Application")
  string(FIND "${entry}" "\n${expected}\n" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "the desktop entry lacks the line ${expected}:\n${entry}")
  endif()
endforeach()
find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
if(DESKTOP_FILE_VALIDATE)
  run(${DESKTOP_FILE_VALIDATE} ${prefix}/share/applications/${app_id}.desktop)
endif()

# The installed programs run from there.
run(${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ${prefix}/bin/schemadesk --version)
if(NOT run_output MATCHES "^schemadesk [0-9]")
  message(FATAL_ERROR "schemadesk --version said: ${run_output}")
endif()
run(${prefix}/bin/schemadesk-sandbox --help)
if(NOT run_output MATCHES "--demo")
  message(FATAL_ERROR "schemadesk-sandbox --help said: ${run_output}")
endif()

# The Debian package, where the tools to make one are present.
find_program(CPACK_PROGRAM cpack HINTS ${CMAKE_COMMAND}/..)
find_program(DPKG_DEB dpkg-deb)
if(NOT CPACK_PROGRAM OR NOT DPKG_DEB)
  message(STATUS "no cpack or dpkg-deb here: the Debian package is not checked")
  return()
endif()
run(${CPACK_PROGRAM} -G DEB -B ${WORK_DIR}/deb --config ${BUILD_DIR}/CPackConfig.cmake)
file(GLOB debs ${WORK_DIR}/deb/*.deb)
list(LENGTH debs count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "cpack made ${count} packages: ${debs}")
endif()
run(${DPKG_DEB} --field ${debs} Package Depends)
foreach(library libqt6widgets6 libqt6network6 libkf6syntaxhighlighting6 libqt6keychain1)
  if(NOT run_output MATCHES "${library}")
    message(FATAL_ERROR "the package does not depend on ${library}:\n${run_output}")
  endif()
endforeach()
run(${DPKG_DEB} --contents ${debs})
foreach(file ./usr/bin/schemadesk ./usr/bin/schemadesk-sandbox ./usr/share/applications/${app_id}.desktop)
  string(FIND "${run_output}" "${file}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the package lacks ${file}")
  endif()
endforeach()
# What the package unpacks runs.
run(${DPKG_DEB} -x ${debs} ${WORK_DIR}/unpacked)
run(${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ${WORK_DIR}/unpacked/usr/bin/schemadesk --version)
message(STATUS "installed and packaged: ${debs}")
