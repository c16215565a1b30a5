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

# The debug variant (docs/testing.md, *The debug variant*): the kernel
# alone, built a second way in build/variant-debug, with the lock-order
# checker on and the IPC fast path off.  The qemu.variant.* tests boot it
# with the user programs of build/target (they do not depend on the
# kernel's build options).
option(MACHRV_VARIANT_DEBUG
  "Also build the debug variant kernel (lock checker on, IPC fast path off) and test it" ON)
if(MACHRV_VARIANT_DEBUG)
  set(MACHRV_VARIANT_DIR ${CMAKE_BINARY_DIR}/variant-debug)
  set(MACHRV_VARIANT_KERNEL ${MACHRV_VARIANT_DIR}/mach/mach_kernel CACHE INTERNAL
    "the debug variant's kernel ELF")
  if(CMAKE_GENERATOR MATCHES "Make")
    set(_variant_build $(MAKE) mach_kernel)	# shares make's job slots
  else()
    set(_variant_build ${CMAKE_COMMAND} --build <BINARY_DIR> --target mach_kernel)
  endif()
  ExternalProject_Add(variant_debug
    SOURCE_DIR ${CMAKE_SOURCE_DIR}
    BINARY_DIR ${MACHRV_VARIANT_DIR}
    CMAKE_ARGS ${_target_args} -DMACHRV_LOCK_CHECK=ON -DMACHRV_IPC_FAST=OFF
    BUILD_COMMAND ${_variant_build}
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    USES_TERMINAL_BUILD ON
    DEPENDS ${_target_deps})
endif()
