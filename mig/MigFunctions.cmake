# SPDX-License-Identifier: BSD-2-Clause
# mig_generate(): run mig on a .defs file at build time.
#
#   mig_generate(<name> <file.defs>
#                [USER <user.c>] [SERVER <server.c>]
#                [HEADER <user.h>] [SHEADER <server.h>]
#                [LIST <list>] [INCLUDES dir...] [DEFINES NAME=V...]
#                [FLAGS extra mig options...])
#
# Sets <name>_SOURCES to the generated .c files and <name>_HEADERS to the
# headers, and creates a custom target <name> that produces them.  Outputs
# default to ${CMAKE_CURRENT_BINARY_DIR}.  mig runs the host preprocessor;
# MIG_CPP (a list, e.g. "gcc;-E") overrides it.  In a cross-compiling
# (RISC-V) project pass -DMIG_EXECUTABLE=<host mig> to the project; in the
# host project MIG_EXECUTABLE names the mig target.  The mach ABI include
# directory (for <mach/std_types.defs>) is always on the include path.
get_filename_component(_MIG_FUNCTIONS_DIR ${CMAKE_CURRENT_LIST_FILE} DIRECTORY)
if(NOT MACHRV_MACH_INCLUDE)
  # A cache variable, so every directory sees it, not just this one.
  get_filename_component(_mach_include ${_MIG_FUNCTIONS_DIR}/../mach/include ABSOLUTE)
  set(MACHRV_MACH_INCLUDE ${_mach_include} CACHE INTERNAL "the Mach headers and .defs")
endif()

function(mig_generate name defs)
  cmake_parse_arguments(MG "" "USER;SERVER;HEADER;SHEADER;LIST" "INCLUDES;DEFINES;FLAGS" ${ARGN})
  if(NOT MIG_EXECUTABLE)
    message(FATAL_ERROR "mig_generate(${name}): set MIG_EXECUTABLE to the host-built mig")
  endif()
  get_filename_component(defs ${defs} ABSOLUTE)
  get_filename_component(base ${defs} NAME_WE)
  set(bin ${CMAKE_CURRENT_BINARY_DIR})
  if(NOT MG_HEADER)
    set(MG_HEADER ${bin}/${base}.h)
  endif()
  set(args -header ${MG_HEADER})
  set(outputs ${MG_HEADER})
  set(headers ${MG_HEADER})
  set(sources)
  foreach(kind USER SERVER SHEADER LIST)
    string(TOLOWER ${kind} opt)
    if(MG_${kind})
      list(APPEND args -${opt} ${MG_${kind}})
      list(APPEND outputs ${MG_${kind}})
      if(kind STREQUAL "SHEADER")
        list(APPEND headers ${MG_${kind}})
      elseif(NOT kind STREQUAL "LIST")
        list(APPEND sources ${MG_${kind}})
      endif()
    else()
      if(kind STREQUAL "USER" OR kind STREQUAL "SERVER")
        list(APPEND args -${opt} /dev/null)
      endif()
    endif()
  endforeach()
  foreach(dir ${MG_INCLUDES} ${MACHRV_MACH_INCLUDE})
    list(APPEND args -I${dir})
  endforeach()
  foreach(def ${MG_DEFINES})
    list(APPEND args -D${def})
  endforeach()
  if(MIG_CPP)
    list(JOIN MIG_CPP " " cpp)
    list(APPEND args "--cpp=${cpp}")
  endif()
  set(depfile ${bin}/${name}.mig.d)
  set(depargs)
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    set(depargs DEPFILE ${depfile})
  endif()
  set(migdep ${MIG_EXECUTABLE})
  if(TARGET mig)
    set(migdep mig)
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${MIG_EXECUTABLE} -q ${MG_FLAGS} ${args} -MD -MF ${depfile} ${defs}
    DEPENDS ${defs} ${migdep}
    ${depargs}
    COMMENT "mig ${base}.defs"
    VERBATIM)
  add_custom_target(${name} DEPENDS ${outputs})
  set(${name}_SOURCES ${sources} PARENT_SCOPE)
  set(${name}_HEADERS ${headers} PARENT_SCOPE)
endfunction()
