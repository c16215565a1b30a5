# SPDX-License-Identifier: BSD-2-Clause
# Target side of the build: code that runs on the RISC-V machine.
enable_language(ASM)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo)
endif()
add_subdirectory(mach)
# User space: libmach, and the programs that test it.
add_subdirectory(libmach)
add_subdirectory(bootstrap)
add_subdirectory(drivers/console)
# The file-system core (fss/): a library the fss server and bsd_server link.
add_subdirectory(fss)
add_subdirectory(drivers/virtio_blk)
add_subdirectory(personalities/bsd)
add_subdirectory(bsd_server)
add_subdirectory(tests/libmach)
add_subdirectory(tests/bootstrap)
add_subdirectory(tests/console)
add_subdirectory(tests/ports)
add_subdirectory(tests/user)
add_subdirectory(tests/bench)
add_subdirectory(tests/bsd)
