# SPDX-License-Identifier: BSD-2-Clause
# The BSD userland's sources, in one place for both builds: the host build
# of tests/userland (host tests) and the RISC-V build (the disk's /bin).
#   BSD_SH_SOURCES        the shell
#   BSD_LIBUTIL_SOURCES   libutil, without the system-specific file
#   BSD_PROGRAMS          one program per bin/<name>.c
#   BSD_PROGRAM_LINKS     NAME:PROGRAM pairs, other names of a program;
#                         "[" (test) is not among them: a '[' cannot be in a
#                         CMake list, so each build adds it by itself.
set(BSD_USERLAND_DIR ${CMAKE_CURRENT_LIST_DIR})
set(BSD_SH_SOURCES lex.c parse.c tree.c expand.c arith.c exec.c builtin.c
  var.c jobs.c util.c main.c)
list(TRANSFORM BSD_SH_SOURCES PREPEND ${BSD_USERLAND_DIR}/sh/)
set(BSD_LIBUTIL_SOURCES msg.c getopt.c input.c number.c mode.c signame.c
  users.c tree.c run.c bre.c)
list(TRANSFORM BSD_LIBUTIL_SOURCES PREPEND ${BSD_USERLAND_DIR}/libutil/)
set(BSD_PROGRAMS cat chmod chown cp date df echo env false grep halt head id
  kill ln ls mkdir mv od printf ps pwd rm rmdir sleep sort stat su sync tail
  tee test time touch true uname uniq wc)
set(BSD_PROGRAM_LINKS "poweroff:halt")
