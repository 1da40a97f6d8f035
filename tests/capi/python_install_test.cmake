# SPDX-License-Identifier: Apache-2.0
# merit - the documented offline install of the Python package into a fresh
# virtual environment, then an import and an evaluation from outside the tree.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND ${PYTHON} -m venv --system-site-packages "${WORK_DIR}/venv" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "python3 -m venv failed")
endif()
# Build from a copy, so that no build output lands in the source tree.
file(COPY "${PACKAGE_DIR}/" DESTINATION "${WORK_DIR}/src" PATTERN "__pycache__" EXCLUDE PATTERN "*.egg-info" EXCLUDE)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env MERIT_LIBRARY=${LIBRARY} PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
          "${WORK_DIR}/venv/bin/pip" install --no-build-isolation --no-index "${WORK_DIR}/src"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pip install failed:\n${out}\n${err}")
endif()
# Outside the tree, without MERIT_LIBRARY: the path recorded at install is used.
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=MERIT_LIBRARY --unset=PYTHONPATH
          "${WORK_DIR}/venv/bin/python" -c
          "import merit; s = merit.compile('scheme \"t\"\\ninput { id: text key\\n x: decimal }\\nscore = x\\n'); r = s.evaluate([{'id': 'a', 'x': 0.1}]); assert str(r.candidates[0].score) == '0.1', r.candidates; print(merit.__file__)"
  WORKING_DIRECTORY "${WORK_DIR}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the installed package does not work:\n${out}\n${err}")
endif()
if(NOT out MATCHES "venv/lib")
  message(FATAL_ERROR "imported merit from outside the virtual environment: ${out}")
endif()
message(STATUS "installed and imported: ${out}")
