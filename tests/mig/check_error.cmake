# SPDX-License-Identifier: BSD-2-Clause
# One rejected input: mig must fail with exactly the message the file
# names in its `// expect: LINE:COL: error: ...' line (and, if it has an
# `// expect-file: NAME' line, at that file), and must write no output.
#   cmake -DMIG=... -DINC=... -DDEFS=... -DWORK=... -P check_error.cmake
file(READ ${DEFS} text)
string(REGEX MATCH "// expect: ([^\n]*)" _ "${text}")
set(expect "${CMAKE_MATCH_1}")
if(expect STREQUAL "")
  message(FATAL_ERROR "${DEFS} has no // expect: line")
endif()
get_filename_component(dir ${DEFS} DIRECTORY)
set(where ${DEFS})
if(text MATCHES "// expect-file: ([^\n]*)")
  set(where ${dir}/${CMAKE_MATCH_1})
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(
  COMMAND ${MIG} -I${INC} ${DEFS} -user ${WORK}/u.c -server ${WORK}/s.c -header ${WORK}/h.h
  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out TIMEOUT 20)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "mig exited with ${rc}, expected 1\n${err}")
endif()
if(NOT err STREQUAL "${where}:${expect}\n")
  message(FATAL_ERROR "expected exactly:\n${where}:${expect}\ngot:\n${err}")
endif()
file(GLOB written ${WORK}/*)
if(written)
  message(FATAL_ERROR "mig wrote ${written} despite the error")
endif()
