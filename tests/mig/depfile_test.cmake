# SPDX-License-Identifier: BSD-2-Clause
# mig_generate() re-runs mig when a .defs file included by the interface
# changes, and only then (mig's -MD file read by the generator).
#   cmake -DMIG=... -DFUNCS=mig/MigFunctions.cmake -DGENERATOR=... -DWORK=... -P depfile_test.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/src)
file(WRITE ${WORK}/src/inc.defs "type myint = MACH_MSG_TYPE_INTEGER_32;\n")
file(WRITE ${WORK}/src/d.defs "subsystem d 5;\n#include <mach/std_types.defs>\n#include \"inc.defs\"\n"
           "routine r(s: mach_port_t; x: myint);\n")
file(WRITE ${WORK}/src/CMakeLists.txt "cmake_minimum_required(VERSION 3.20)\nproject(x C)\n"
           "set(MIG_EXECUTABLE ${MIG})\ninclude(${FUNCS})\n"
           "mig_generate(d_mig \${CMAKE_SOURCE_DIR}/d.defs USER \${CMAKE_BINARY_DIR}/dUser.c)\n"
           "add_custom_target(all_mig ALL DEPENDS d_mig)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -G ${GENERATOR} -S ${WORK}/src -B ${WORK}/b
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure: ${err}")
endif()
function(build expect what)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/b RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  string(FIND "${out}" "mig d.defs" ran)
  if(NOT rc EQUAL 0 OR (ran EQUAL -1) EQUAL expect)
    message(FATAL_ERROR "${what}: mig ran: ${ran} (expected run: ${expect}), status ${rc}\n${out}")
  endif()
endfunction()
build(TRUE "first build")
build(FALSE "second build, nothing changed")
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 1.1)
file(TOUCH ${WORK}/src/inc.defs)
build(TRUE "after the included .defs changed")
