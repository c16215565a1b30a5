# SPDX-License-Identifier: BSD-2-Clause
# CMake toolchain file for MachRV's target side: Debian's riscv64-unknown-elf
# GCC (package gcc-riscv64-unknown-elf), bare metal, no host libraries.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_OBJDUMP riscv64-unknown-elf-objdump CACHE FILEPATH "objdump")
# Bare-metal: test compiles cannot link a program.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
