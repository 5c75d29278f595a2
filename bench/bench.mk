# Benchmarks of issues 5, 12, 13, 14 and 17, included by the top-level Makefile. See bench/README.md.
#   make bench        S, M and L, full table and goals, writes bench/RESULTS.md (about 30 min,
#                     plus about 35 min once to generate L)
#   make bench-smoke  S only, one run of each, no goals judged (CI)
#   make bench-go     the Go testing.B benchmarks of the backend's hot paths
# BENCH_DIR holds the generated data (reused between runs) and scratch space.

BENCH_DIR ?= /var/tmp/mahall-bench
BENCH_FLAGS ?=
# The top-level Makefile finds go even where PATH lacks it; use its choice.
BENCH_GO ?= $(or $(GO),go)

.PHONY: bench bench-smoke bench-go bench-tools bench-tools-smoke

bench: bench-tools
	$(BENCH_GO) run ./bench/cmd/benchrun -dir $(BENCH_DIR) -sizes S,M,L -out bench/RESULTS.md $(BENCH_FLAGS)

bench-smoke: bench-tools-smoke
	$(BENCH_GO) run ./bench/cmd/benchrun -dir $(BENCH_DIR) -sizes S -runs 1 -smoke $(BENCH_FLAGS)

bench-go:
	$(BENCH_GO) test -run '^$$' -bench . -benchtime 3x ./backend/archive ./backend/backup ./backend/restore ./backend/crypt

# The baseline is GNU tar, the peers restic and borg, the verify reference
# unzip; install them where missing (Debian, as root). scripts/deps.sh lists
# the same packages. The smoke run needs no peers, so CI installs no more.
bench-tools: bench-tools-smoke
	@command -v restic >/dev/null && command -v borg >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq restic borgbackup; }

bench-tools-smoke:
	@command -v tar >/dev/null && command -v unzip >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tar unzip; }
