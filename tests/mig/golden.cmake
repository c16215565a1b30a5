# SPDX-License-Identifier: BSD-2-Clause
# Golden test: mig's output for a .defs file must equal the checked-in copy.
#   cmake -DMIG=... -DINC=... -DDEFS=... -DEXPECTED=dir -DWORK=dir
#         [-DDEFINES=...] [-DINCLUDES=...] [-DFLAGS=a|b|...] [-DUPDATE=1] -P golden.cmake
# With -DUPDATE=1 the checked-in copy is replaced (review the diff!).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
get_filename_component(base ${DEFS} NAME_WE)
set(args -I${INC})
foreach(d ${DEFINES})
  list(APPEND args -D${d})
endforeach()
foreach(i ${INCLUDES})
  list(APPEND args -I${i})
endforeach()
string(REPLACE "|" ";" FLAGS "${FLAGS}")
list(APPEND args ${FLAGS})
set(files ${base}.h ${base}User.c ${base}Server.c ${base}Server.h ${base}.list)
execute_process(
  COMMAND ${MIG} ${args} ${DEFS} -header ${WORK}/${base}.h -user ${WORK}/${base}User.c
          -server ${WORK}/${base}Server.c -sheader ${WORK}/${base}Server.h -list ${WORK}/${base}.list
  RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 20)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mig failed on ${DEFS}:\n${err}")
endif()
if(UPDATE)
  file(MAKE_DIRECTORY ${EXPECTED})
  foreach(f ${files})
    file(COPY ${WORK}/${f} DESTINATION ${EXPECTED})
  endforeach()
  return()
endif()
find_program(DIFF diff)
set(bad "")
foreach(f ${files})
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${EXPECTED}/${f} ${WORK}/${f}
                  RESULT_VARIABLE differ)
  if(differ)
    list(APPEND bad ${f})
    if(DIFF)
      execute_process(COMMAND ${DIFF} -u ${EXPECTED}/${f} ${WORK}/${f})
    endif()
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "generated ${bad} differ from ${EXPECTED} "
          "(if the change is intended, rerun with -DUPDATE=1 and commit the new files)")
endif()
