# Vigil: two commands do all set-up.
#   make run    installs what is missing, builds, serves on :8080 with the example detector
#   make test   installs what is missing, builds, runs every test (ends with ctest's summary)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
VIGIL = $(BUILD)/src/cli/vigil

.PHONY: all deps configure build test run bench soak test-sanitize clean

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_EXTRA) > /dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# dynalite (npm) for the DynamoDB sink's test, under the build tree; the test would install it too.
test: build
	@./scripts/install-dynalite.sh $(BUILD)/node > /dev/null
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

run: configure
	@cmake --build $(BUILD) -j $(JOBS) --target vigil
	$(VIGIL) serve --data-dir ./data --apply examples/transaction_detector.yaml

# Micro benchmarks (engine: 5 repetitions, mean/median/stddev; store: fsync'd commits; aggregate
# windows; model scoring beside XGBoost's), then HTTP.
bench: build
	@$(BUILD)/bench/micro/engine_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
	@$(BUILD)/bench/micro/store_bench
	@$(BUILD)/bench/micro/features_bench
	@$(BUILD)/bench/micro/ml_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
	@VIGIL_BIN=$(VIGIL) OPEN_LOOP_BIN=$(BUILD)/bench/loadgen/open_loop bench/http/run.sh

# RSS over a long run at half load: make soak [MINUTES=10] [RATE=requests/s]. Not part of bench.
soak: build
	@VIGIL_BIN=$(VIGIL) OPEN_LOOP_BIN=$(BUILD)/bench/loadgen/open_loop bench/http/soak.sh $(MINUTES) $(RATE)

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
