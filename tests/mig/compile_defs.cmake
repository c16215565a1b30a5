# SPDX-License-Identifier: BSD-2-Clause
# A .defs file that must compile: run mig on it, then compile the user and
# server stubs with -Wall -Wextra -Werror by each compiler given.
#   cmake -DMIG=... -DINC=... -DDEFS=... -DWORK=... -DCCS="cc1;cc2" [-DDEFINES=...] -P compile_defs.cmake
# Each entry of CCS is a compiler with options, words separated by '|'.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
get_filename_component(base ${DEFS} NAME_WE)
set(defines)
foreach(d ${DEFINES})
  list(APPEND defines -D${d})
endforeach()
execute_process(
  COMMAND ${MIG} -I${INC} -I${EXTRA_INC} ${defines} ${DEFS} -user ${WORK}/${base}User.c
          -server ${WORK}/${base}Server.c -header ${WORK}/${base}.h -sheader ${WORK}/${base}Server.h
  RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 20)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mig failed on ${DEFS}:\n${err}")
endif()
if(NOT err STREQUAL "")
  message(FATAL_ERROR "mig warned on ${DEFS}:\n${err}")
endif()
foreach(cc ${CCS})
  string(REPLACE "|" ";" cc "${cc}")
  foreach(src ${base}User.c ${base}Server.c)
    execute_process(
      COMMAND ${cc} -std=c11 -Wall -Wextra -Werror -I${INC} -I${EXTRA_INC} -I${WORK} -c ${WORK}/${src} -o ${WORK}/${src}.o
      RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 60)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${cc} failed on ${src}:\n${err}")
    endif()
  endforeach()
endforeach()
