# SPDX-License-Identifier: BSD-2-Clause
# The BSD userland on the target and the root disk it lives on (included
# from CMakeLists.txt, after machrv_unix_program):
#   bsd_util       libutil with its MachRV part (sysdep_machrv.c)
#   bsd_sh, bsd_<program>, bsd_init
#                  bin/sh, bin/<program> (userland.cmake's list), sbin/init,
#                  in build/target/personalities/bsd/{bin,sbin}, with debug info
#   bsd_root_image root.img: an ext2 image (mkimage.py) of root/ plus those
#                  programs, owners and modes from root.modes; what
#                  scripts/run boots (docs/shapes.md)
include(${CMAKE_CURRENT_LIST_DIR}/userland.cmake)
set(BSD_UL_FLAGS -Wall -Wextra -Werror)
set(BSD_BIN_DIR ${CMAKE_CURRENT_BINARY_DIR}/bin)
set(BSD_SBIN_DIR ${CMAKE_CURRENT_BINARY_DIR}/sbin)

add_library(bsd_util STATIC ${BSD_LIBUTIL_SOURCES} ${BSD_USERLAND_DIR}/libutil/sysdep_machrv.c)
target_include_directories(bsd_util BEFORE PUBLIC ${BSD_INCLUDE})
target_include_directories(bsd_util PUBLIC ${BSD_USERLAND_DIR}/libutil)
target_compile_definitions(bsd_util PUBLIC _XOPEN_SOURCE=700)
target_compile_options(bsd_util PRIVATE ${BSD_UL_FLAGS})
target_link_libraries(bsd_util PUBLIC bsd)

set(BSD_IMAGE_ARGS)
set(BSD_IMAGE_DEPENDS)
# bsd_userland_program(<target> <dir> <name> <source>...)
function(bsd_userland_program target dir name)
  machrv_unix_program(${target} ${ARGN})
  target_compile_definitions(${target} PRIVATE _XOPEN_SOURCE=700)
  target_compile_options(${target} PRIVATE ${BSD_UL_FLAGS})
  target_link_libraries(${target} PRIVATE bsd_util)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${name}
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/${dir})
  set(BSD_IMAGE_ARGS ${BSD_IMAGE_ARGS} --program /${dir}/${name}=$<TARGET_FILE:${target}> PARENT_SCOPE)
  set(BSD_IMAGE_DEPENDS ${BSD_IMAGE_DEPENDS} ${target} PARENT_SCOPE)
endfunction()

bsd_userland_program(bsd_sh bin sh ${BSD_SH_SOURCES})
foreach(prog ${BSD_PROGRAMS})
  bsd_userland_program(bsd_${prog} bin ${prog} ${BSD_USERLAND_DIR}/bin/${prog}.c)
endforeach()
bsd_userland_program(bsd_init sbin init ${BSD_USERLAND_DIR}/sbin/init.c)
# The tools that show the system (../tools), as Unix programs.
bsd_userland_program(bsd_trace bin trace ${BSD_USERLAND_DIR}/../tools/trace.c)
bsd_userland_program(bsd_opcost bin opcost ${BSD_USERLAND_DIR}/../tools/opcost.c)
# lsmp, the port-rights lister, is also a plain Mach program (tests/ports):
# built here for Unix (pids, get_privileged_ports, task_for_pid).
bsd_userland_program(bsd_lsmp bin lsmp ${PROJECT_SOURCE_DIR}/personalities/tools/lsmp.c)
target_compile_definitions(bsd_lsmp PRIVATE LSMP_UNIX)

foreach(pair ${BSD_PROGRAM_LINKS})
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 alias)
  list(GET pair 1 prog)
  list(APPEND BSD_IMAGE_ARGS --link /bin/${alias}=${prog})
endforeach()
list(APPEND BSD_IMAGE_ARGS "--link" "/bin/[=test")

file(GLOB_RECURSE BSD_ROOT_FILES ${BSD_USERLAND_DIR}/root/*)
set(BSD_ROOT_IMAGE ${CMAKE_CURRENT_BINARY_DIR}/root.img CACHE INTERNAL "the root disk")
add_custom_command(OUTPUT ${BSD_ROOT_IMAGE}
  COMMAND python3 ${BSD_USERLAND_DIR}/mkimage.py --out ${BSD_ROOT_IMAGE} --size 64M
    --tree ${BSD_USERLAND_DIR}/root --modes ${BSD_USERLAND_DIR}/root.modes
    --strip ${CMAKE_STRIP} ${BSD_IMAGE_ARGS}
  DEPENDS ${BSD_IMAGE_DEPENDS} ${BSD_ROOT_FILES} ${BSD_USERLAND_DIR}/root.modes
    ${BSD_USERLAND_DIR}/mkimage.py
  COMMENT "Making the root disk (root.img)"
  VERBATIM)
add_custom_target(bsd_root_image ALL DEPENDS ${BSD_ROOT_IMAGE})
