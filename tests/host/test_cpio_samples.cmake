# SPDX-License-Identifier: BSD-2-Clause
# The archives test_cpio reads, made by the real cpio tool:
#   cmake -DCPIO=cpio -DOUT=dir -P test_cpio_samples.cmake
# plain.cpio  newc: hello.txt, empty, odd3, odd5, big (4099 bytes), in that order
# nested.cpio newc with a directory: sub, sub/inner, hello.txt
# crc.cpio    the crc variant (magic 070702): hello.txt
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/files/sub)
file(WRITE ${OUT}/files/hello.txt "hello, world\n")
file(WRITE ${OUT}/files/empty "")
file(WRITE ${OUT}/files/odd3 "abc")
file(WRITE ${OUT}/files/odd5 "abcde")
file(WRITE ${OUT}/files/sub/inner "inner file\n")
# 4099 bytes, byte i = 'a' + i % 26: spans pages and ends unaligned.
set(alphabet "abcdefghijklmnopqrstuvwxyz")
set(big "")
foreach(i RANGE 158)
  string(APPEND big "${alphabet}")
endforeach()
string(SUBSTRING "${big}" 0 4099 big)
file(WRITE ${OUT}/files/big "${big}")

function(make_archive name format list)
  file(WRITE ${OUT}/${name}.list "${list}")
  execute_process(COMMAND ${CPIO} -o -H ${format} --quiet --reproducible
    WORKING_DIRECTORY ${OUT}/files INPUT_FILE ${OUT}/${name}.list
    OUTPUT_FILE ${OUT}/${name}.cpio RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cpio ${name}: ${err}")
  endif()
endfunction()
make_archive(plain newc "hello.txt\nempty\nodd3\nodd5\nbig\n")
make_archive(nested newc "sub\nsub/inner\nhello.txt\n")
make_archive(crc crc "hello.txt\n")
