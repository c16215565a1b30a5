# SPDX-License-Identifier: BSD-2-Clause
# Make a cpio newc archive of FILES (separated by '|'), each under its base
# name, in the order given:
#   cmake -DCPIO=cpio -DOUTPUT=out.cpio -DFILES=a|b -DWORK=dir -P boot_archive.cmake
# Files are copied into WORK first so that the archive holds no directories.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
string(REPLACE "|" ";" files "${FILES}")
set(list "")
foreach(f ${files})
  get_filename_component(base ${f} NAME)
  if(EXISTS ${WORK}/${base})
    message(FATAL_ERROR "boot archive: two files named ${base}")
  endif()
  file(COPY ${f} DESTINATION ${WORK})
  string(APPEND list "${base}\n")
endforeach()
file(WRITE ${WORK}.list "${list}")
execute_process(
  COMMAND ${CPIO} -o -H newc --reproducible --owner=0:0 --quiet
  WORKING_DIRECTORY ${WORK}
  INPUT_FILE ${WORK}.list
  OUTPUT_FILE ${OUTPUT}
  RESULT_VARIABLE rc
  ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpio failed: ${err}")
endif()
