# SPDX-License-Identifier: BSD-2-Clause
# The RISC-V side of MachRV, built as an ExternalProject of this same source
# tree with the RISC-V toolchain file.  Its binary directory is build/target;
# the host side learns the paths of the images it produces from here.
include(ExternalProject)

set(MACHRV_TARGET_DIR ${CMAKE_BINARY_DIR}/target)
set(MACHRV_KERNEL ${MACHRV_TARGET_DIR}/mach/mach_kernel CACHE INTERNAL "kernel ELF")

set(_target_args
  -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/riscv64-elf.cmake
  -DCMAKE_BUILD_TYPE=RelWithDebInfo
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
set(_target_deps)
if(TARGET mig)
  list(APPEND _target_args -DMIG_EXECUTABLE=$<TARGET_FILE:mig>)
  list(APPEND _target_deps mig)
endif()

ExternalProject_Add(target
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${MACHRV_TARGET_DIR}
  CMAKE_ARGS ${_target_args}
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  USES_TERMINAL_BUILD ON
  DEPENDS ${_target_deps})
