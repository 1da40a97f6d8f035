# SPDX-License-Identifier: Apache-2.0
# merit - warning flags for the project's own targets
function(merit_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  # g++ 12 at -O2 reports -Wrestrict on ordinary std::string concatenation
  # inside libstdc++ (GCC bug 105329, fixed in later releases); it is a false
  # positive, so it is not allowed to fail the build.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(MERIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
