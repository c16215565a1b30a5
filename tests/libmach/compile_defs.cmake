# SPDX-License-Identifier: BSD-2-Clause
# One kernel interface in one use compiles, warning-free, with mig and then
# with each compiler in CCS (entries "cc|opt|opt...").
#   cmake -DMIG=... -DINC=mach/include -DDEFS=x.defs -DMODE=user|kernel_server|kernel_user
#         -DCCS=... -DWORK=dir -P compile_defs.cmake
# user: the user and server stubs as tasks use them.  kernel_server: the
# kernel's server stubs (-DKERNEL_SERVER=1 -DMACH_KERNEL=1).  kernel_user:
# the kernel's client stubs (-DKERNEL_USER=1 -DMACH_KERNEL=1).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
get_filename_component(base ${DEFS} NAME_WE)
set(migdefs)
set(cdefs)
if(MODE STREQUAL "user")
  set(srcs ${base}User.c ${base}Server.c)
elseif(MODE STREQUAL "kernel_server")
  set(migdefs -DKERNEL_SERVER=1 -DMACH_KERNEL=1)
  set(cdefs -DMACH_KERNEL)
  set(srcs ${base}Server.c)
elseif(MODE STREQUAL "kernel_user")
  set(migdefs -DKERNEL_USER=1 -DMACH_KERNEL=1)
  set(cdefs -DMACH_KERNEL)
  set(srcs ${base}User.c)
else()
  message(FATAL_ERROR "unknown MODE ${MODE}")
endif()
execute_process(
  COMMAND ${MIG} -I${INC} ${migdefs} ${DEFS} -user ${WORK}/${base}User.c
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
  foreach(src ${srcs})
    execute_process(
      COMMAND ${cc} -std=c11 -Wall -Wextra -Werror ${cdefs} -I${INC} -I${WORK}
              -c ${WORK}/${src} -o ${WORK}/${src}.o
      RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 60)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${cc} failed on ${src}:\n${err}")
    endif()
  endforeach()
endforeach()
