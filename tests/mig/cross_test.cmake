# SPDX-License-Identifier: BSD-2-Clause
# Configure and build tests/mig/cross with the RISC-V toolchain file and the
# host mig; exit 77 (skip) without a RISC-V compiler.
#   cmake -DMIG=... -DSRC=tests/mig/cross -DTOOLCHAIN=... -DWORK=... -P cross_test.cmake
find_program(RISCV_GCC riscv64-unknown-elf-gcc)
if(NOT RISCV_GCC)
  message("skipped: riscv64-unknown-elf-gcc not found")
  cmake_language(EXIT 77)
endif()
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC} -B ${WORK} -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN}
                        -DMIG_EXECUTABLE=${MIG}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build failed:\n${out}\n${err}")
endif()
if(NOT EXISTS ${WORK}/libcalc_stubs.a)
  message(FATAL_ERROR "no libcalc_stubs.a")
endif()
