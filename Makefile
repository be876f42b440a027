# robo_trader front door. `make run` and `make test` are the whole set-up on a fresh clone:
# they install what is missing (scripts/install-deps.sh), configure, build and run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test bench compare-peers asan fuzz format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)
	@bash scripts/build-ui.sh $(CURDIR)/$(BUILD)/web-ui

# The main job: a paper session on the bundled sample in data/sample, served by the TWS
# simulator inside the process on a loopback port and traded through the real TWS socket
# protocol (no broker account needed), paced like a replay at 200 days of data per second
# (about 30 s) on the data's own calendar (2006-01-02 .. 2020-01-10) so the dashboard it
# prints can be watched; RUN_SPEED=0 publishes one record's second after another as fast as
# the simulator steps.
# A session through a broker keeps its kill switch in a state file until an operator resets
# it; the demo replays fourteen real years, where the daily-loss limit can trip, so it keeps
# its own switch in $(BUILD)/demo/, fresh for each demo (the operator's state/ is untouched).
RUN_SPEED ?= 17280000
run: build
	@rm -f $(BUILD)/demo/kill_switch.json
	./$(BUILD)/robo_trader run --data data/sample --broker tws-sim --dashboard --speed $(RUN_SPEED) \
	  --set RISK_KILL_SWITCH_FILE=$(CURDIR)/$(BUILD)/demo/kill_switch.json

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Benchmarks print a table and leave JSON in $(BUILD)/bench/results/.
bench: build
	cmake --build $(BUILD) -j $(JOBS) --target benchmarks
	@bash scripts/run-benchmarks.sh $(BUILD)

# The benchmarks beside the peers in ../shared/peers (TA-Lib C, pandas, @stoqey/ib, backtrader
# when present), one run: ratios in $(BUILD)/bench/results/peers.json (docs/performance.md).
compare-peers: configure
	@bash scripts/compare-peers.sh $(BUILD)

# The tests again under AddressSanitizer and UndefinedBehaviorSanitizer, built with clang:
# the second compiler catches what g++ lets through, and it compiles this tree about a
# quarter faster than g++ with the sanitizers on (CI builds the whole tree twice).
ASAN_CXX ?= clang++
asan: deps
	@# CMake drops every other -D setting when the compiler of an existing tree changes (the
	@# sanitizers included), so a tree configured with another compiler starts afresh.
	@if [ -f $(ASAN_BUILD)/CMakeCache.txt ] && \
	  ! grep -q '^CMAKE_CXX_COMPILER:.*$(notdir $(ASAN_CXX))$$' $(ASAN_BUILD)/CMakeCache.txt; then \
	  echo "asan: $(ASAN_BUILD) was configured with another compiler than $(ASAN_CXX); starting it afresh"; \
	  rm -rf $(ASAN_BUILD); fi
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROBO_SANITIZE=ON -DROBO_BENCH=OFF \
	  -DCMAKE_CXX_COMPILER=$(ASAN_CXX)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# The TWS decoder under libFuzzer (clang, ASan + UBSan) for FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
