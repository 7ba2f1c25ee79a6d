# Shared by the whole-process comparison scripts in benchmarks/ (sourced).

# Prints the best wall time, in seconds, of 3 runs of the command (its output
# discarded; its exit status ignored: linters exit non-zero on findings).
best_of_3() {
  local best=""
  for _ in 1 2 3; do
    local start end t
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [[ -z "$best" ]] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}
