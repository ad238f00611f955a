#!/usr/bin/env bash
# Regenerates the lme4 golden values of the real-data job specs (issue 9): runs each spec with
# coprod, exports the feature table its models read (from the run's Parquet) to CSV outside the
# project, and fits the same models with lme4::glmer in R (make.R). Needs ../shared/data/real
# beside the project, R with lme4 (apt-get install r-cran-lme4). The tests never need R.
#   src/test/resources/golden/real/make.sh             (runs the four jobs first)
#   src/test/resources/golden/real/make.sh --no-run [CASE]   (their latest runs in out/; one model id)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
export_dir="$(mktemp -d)"
cd "$root"
export_table() { # job table
  local run
  run="out/$1/runs/$(cat "out/$1/latest")"
  jobs/coprod show "$run/$2" --format csv --limit 100000000 > "$export_dir/$1.csv"
}
if [ "${1:-}" != "--no-run" ]; then
  for job in boston311 la311 fixmystreet ess-norway; do
    jobs/coprod run "jobs/$job.yaml" > /dev/null
  done
fi
export_table boston311 event_features
export_table la311 event_features
export_table fixmystreet neighbourhood_features
export_table ess-norway features
Rscript "$here/make.R" "$export_dir" ${2:-}
rm -rf "$export_dir"
