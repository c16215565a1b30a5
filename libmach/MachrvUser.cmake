# SPDX-License-Identifier: BSD-2-Clause
# CMake helpers for MachRV user programs (RISC-V side):
#
#   machrv_user_program(<name> <source>...)
#     A static RV64GC ELF, linked at 0x10000 by libmach/user.ld with crt0,
#     libmach and picolibc.  Its path is $<TARGET_FILE:<name>>.
#
#   machrv_boot_archive(<name> OUTPUT <file.cpio> FILES <file>... [DEPENDS <target>...])
#     A cpio "newc" archive for QEMU -initrd, made with the cpio tool.
#     Each file is stored under its base name (no directories), in the
#     order given, owned by 0:0, with cpio's --reproducible numbering.
#     Target <name> builds it.
set(MACHRV_USER_LD ${CMAKE_CURRENT_LIST_DIR}/user.ld CACHE INTERNAL "link script of user programs")
set(MACHRV_BOOT_ARCHIVE_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/boot_archive.cmake
    CACHE INTERNAL "script that makes a boot archive")

function(machrv_user_program name)
  add_executable(${name} ${ARGN} $<TARGET_OBJECTS:machrv_crt>)
  set_target_properties(${name} PROPERTIES SUFFIX "" LINK_DEPENDS ${MACHRV_USER_LD})
  target_link_libraries(${name} PRIVATE mach)
  target_link_options(${name} PRIVATE
    -march=rv64gc -mabi=lp64d --specs=picolibc.specs -nostartfiles -static
    -T ${MACHRV_USER_LD} -Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments
    -Wl,-Map=${name}.map)
endfunction()

function(machrv_boot_archive name)
  cmake_parse_arguments(BA "" "OUTPUT" "FILES;DEPENDS" ${ARGN})
  if(NOT BA_OUTPUT OR NOT BA_FILES)
    message(FATAL_ERROR "machrv_boot_archive(${name}): OUTPUT and FILES are required")
  endif()
  find_program(CPIO_EXECUTABLE cpio REQUIRED)
  string(REPLACE ";" "|" files "${BA_FILES}")
  add_custom_command(OUTPUT ${BA_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DCPIO=${CPIO_EXECUTABLE} -DOUTPUT=${BA_OUTPUT}
            "-DFILES=${files}" -DWORK=${CMAKE_CURRENT_BINARY_DIR}/${name}.stage
            -P ${MACHRV_BOOT_ARCHIVE_SCRIPT}
    DEPENDS ${BA_FILES} ${BA_DEPENDS} ${MACHRV_BOOT_ARCHIVE_SCRIPT}
    COMMENT "cpio newc archive ${name}"
    VERBATIM)
  # The only target that owns the rule: a second target depending on the
  # same file would run it twice at once in a parallel build.
  add_custom_target(${name} ALL DEPENDS ${BA_OUTPUT})
endfunction()
