# One bounded fuzzing run, as ctest runs it in the VIGIL_FUZZ build (see CMakeLists.txt here):
#   cmake -DFUZZER=... -DCORPUS=... -DREGRESSIONS=... -DDICT=... -DWORK=... -DSECONDS=...
#         -DTIMEOUT=... -DRSS_LIMIT_MB=... -DMAX_LEN=... -P run_fuzzer.cmake
# The committed seeds and regressions are copied into WORK/corpus, which libFuzzer reads and adds
# its new inputs to, so nothing is ever written into the source tree. Any crash, leak, timeout,
# memory blow-up or broken invariant fails the test; the input that caused it is left in
# WORK/artifacts/ and named in the output.
foreach(var FUZZER CORPUS REGRESSIONS DICT WORK SECONDS TIMEOUT RSS_LIMIT_MB MAX_LEN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
file(GLOB seeds LIST_DIRECTORIES false ${CORPUS}/* ${REGRESSIONS}/*)
list(LENGTH seeds seed_count)
if(seed_count EQUAL 0)
  message(FATAL_ERROR "no seeds in ${CORPUS}")
endif()
file(COPY ${seeds} DESTINATION ${WORK}/corpus)

message(STATUS "fuzzing for ${SECONDS} s from ${seed_count} committed inputs")
execute_process(
  COMMAND ${FUZZER}
          -max_total_time=${SECONDS} -timeout=${TIMEOUT} -rss_limit_mb=${RSS_LIMIT_MB}
          -max_len=${MAX_LEN} -dict=${DICT} -print_final_stats=1
          -artifact_prefix=${WORK}/artifacts/
          ${WORK}/corpus
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(GLOB artifacts ${WORK}/artifacts/*)
  message(FATAL_ERROR "the fuzzer failed (${result}); input(s): ${artifacts}\n"
                      "Reproduce with: ${FUZZER} <input>; see tests/fuzz/README.md")
endif()
