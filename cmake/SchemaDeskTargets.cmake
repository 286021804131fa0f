# Compile settings every SchemaDesk target shares: warnings are errors, Qt's strict string casts,
# one spelling of signals (Q_SIGNALS, Q_SLOTS, Q_EMIT) and no API that Qt deprecated before 6.5.
add_library(sd_compile_options INTERFACE)
target_compile_options(sd_compile_options INTERFACE -Wall -Wextra -Wpedantic -Werror)
target_compile_definitions(sd_compile_options INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_SIGNALS_SLOTS_KEYWORDS
  QT_DISABLE_DEPRECATED_UP_TO=0x060500
  QT_WARN_DEPRECATED_UP_TO=0x060500
  SD_VERSION_STRING="${PROJECT_VERSION}")

# sd_add_library(NAME SOURCES ... LIBS ...): a static library of one folder under models/ or ui/.
function(sd_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/..)
  target_link_libraries(${name} PUBLIC ${ARG_LIBS} PRIVATE sd_compile_options)
endfunction()

# sd_add_ui_feature(NAME SOURCES ... LIBS ...): the static library of one ui/ feature folder. It sees
# the core (sd_ui_core) and models/, never another feature: features reach each other through the
# shell's commands.
function(sd_add_ui_feature name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC sd_ui_core ${ARG_LIBS} PRIVATE sd_compile_options)
endfunction()

# sd_add_executable(NAME SOURCES ... LIBS ...)
function(sd_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} sd_compile_options)
endfunction()
