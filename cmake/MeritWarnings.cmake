# SPDX-License-Identifier: Apache-2.0
# merit - warning flags for the project's own targets
function(merit_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(MERIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
