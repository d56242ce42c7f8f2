# Vigil: two commands do all set-up.
#   make run    installs what is missing, builds, serves on :8080 with the example detector
#   make test   installs what is missing, builds, runs every test (ends with ctest's summary)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
VIGIL = $(BUILD)/src/cli/vigil

.PHONY: all deps configure build test run bench test-sanitize clean

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_EXTRA) > /dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

run: configure
	@cmake --build $(BUILD) -j $(JOBS) --target vigil
	$(VIGIL) serve --data-dir ./data --apply examples/transaction_detector.yaml

bench: build
	@$(BUILD)/bench/micro/engine_bench
	@bench/http/run.sh

# The one sanitizer build, with clang (libFuzzer is clang's): every test under AddressSanitizer and
# UndefinedBehaviorSanitizer, and each fuzz target fuzzing for FUZZ_SECONDS (tests/fuzz/README.md).
SANITIZE_CXX ?= clang++-16
FUZZ_SECONDS ?= 60
test-sanitize: export UBSAN_OPTIONS = print_stacktrace=1
test-sanitize: export ASAN_SYMBOLIZER_PATH = /usr/lib/llvm-16/bin/llvm-symbolizer
test-sanitize:
	@$(MAKE) test BUILD=build-sanitize BUILD_TYPE=Debug \
	  CMAKE_EXTRA="-DCMAKE_CXX_COMPILER=$(SANITIZE_CXX) -DVIGIL_SANITIZE=ON -DVIGIL_FUZZ=ON \
	  -DVIGIL_FUZZ_SECONDS=$(FUZZ_SECONDS)"

clean:
	rm -rf $(BUILD) build-sanitize
