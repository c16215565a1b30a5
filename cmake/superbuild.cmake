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

# Kernel variants (docs/testing.md, *The debug variants*): the kernel alone,
# built another way in build/variant-NAME; the qemu.variant.* tests boot it
# with the user programs of build/target (they do not depend on the
# kernel's build options).
#   variant-debug    the lock-order checker on, the IPC fast path off: every
#                    message takes the general path, every lock is checked;
#   variant-checked  the checker on, the fast path on: the fast path's own
#                    locking (two ports at once) checked.
option(MACHRV_VARIANTS "Also build and test the kernel variants (lock checker on)" ON)
if(CMAKE_GENERATOR MATCHES "Make")
  set(_variant_build $(MAKE) mach_kernel)	# shares make's job slots
else()
  set(_variant_build ${CMAKE_COMMAND} --build <BINARY_DIR> --target mach_kernel)
endif()
function(machrv_kernel_variant name kernel_var)
  ExternalProject_Add(variant_${name}
    SOURCE_DIR ${CMAKE_SOURCE_DIR}
    BINARY_DIR ${CMAKE_BINARY_DIR}/variant-${name}
    CMAKE_ARGS ${_target_args} ${ARGN}
    BUILD_COMMAND ${_variant_build}
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    USES_TERMINAL_BUILD ON
    DEPENDS ${_target_deps})
  set(${kernel_var} ${CMAKE_BINARY_DIR}/variant-${name}/mach/mach_kernel CACHE INTERNAL
    "kernel ELF of variant-${name}")
endfunction()
if(MACHRV_VARIANTS)
  machrv_kernel_variant(debug MACHRV_VARIANT_DEBUG_KERNEL
    -DMACHRV_LOCK_CHECK=ON -DMACHRV_IPC_FAST=OFF)
  machrv_kernel_variant(checked MACHRV_VARIANT_CHECKED_KERNEL
    -DMACHRV_LOCK_CHECK=ON -DMACHRV_IPC_FAST=ON)
else()
  unset(MACHRV_VARIANT_DEBUG_KERNEL CACHE)
  unset(MACHRV_VARIANT_CHECKED_KERNEL CACHE)
endif()
