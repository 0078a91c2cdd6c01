#!/usr/bin/env bash
# Website Factory — one entry point for a fresh machine.
#   ./build.sh demo    install prerequisites, build, run the demo (simulators + embedded engine + dashboard; src/WebsiteFactory.Demo)
#   ./build.sh test    install prerequisites, build, run every test; ends with "N passed, N failed"
#   ./build.sh setup   only install prerequisites
#   ./build.sh chaos   only the chaos suite (kill -9, PostgreSQL stop, vendor faults); `test` runs it after the others
#   ./build.sh bench [engine|provisioning|publish] [-- args]   run a benchmark (Release)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 ASTRO_TELEMETRY_DISABLED=1

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

need_apt=()
setup() {
  # PostgreSQL server binaries, sshd + rsync (CloudPanel/deploy tests and the demo's local "server"), Chromium (dashboard tests).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need_apt+=(postgresql)
  [ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
  command -v rsync >/dev/null 2>&1 || need_apt+=(rsync)
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  if [ ${#need_apt[@]} -gt 0 ]; then
    log "Installing ${need_apt[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if command -v apt-get >/dev/null 2>&1; then
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    else
      echo "Please install: ${need_apt[*]} (this script knows apt-get only)" >&2; exit 1
    fi
  fi
  command -v dotnet >/dev/null 2>&1 || { echo "Install the .NET 10 SDK: https://dot.net" >&2; exit 1; }
  command -v node >/dev/null 2>&1 || { echo "Install Node.js 20+ (apt-get install nodejs npm, or nvm)" >&2; exit 1; }
  for dir in templates/site web; do
    if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" -o "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      log "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
  if [ -f web/package.json ] && [ ! -f web/dist/index.html -o -n "$(find web/src -newer web/dist/index.html -print -quit 2>/dev/null)" ]; then
    log "Building the dashboard (web/)"
    (cd web && npm run --silent build)
  fi
}

run_tests() {
  log "Building (Release)"
  dotnet build WebsiteFactory.sln -c Release -nologo -v:q -clp:ErrorsOnly
  local results="$ROOT/artifacts/test-results"
  rm -rf "$results" "$ROOT/artifacts/chaos"; mkdir -p "$results"
  log "Running tests"
  set +e
  dotnet test WebsiteFactory.sln -c Release --no-build -nologo \
    --logger "trx" --results-directory "$results" \
    --blame-hang-timeout 6m -- RunConfiguration.TestSessionTimeout=1500000 2>&1 | tee "$results/console.log"
  local code=${PIPESTATUS[0]}
  # The chaos suite (tests/WebsiteFactory.Chaos.Tests) runs after the others, on its own: it kills processes, stops its
  # PostgreSQL and measures recovery times, so it must not share the two cores with the other assemblies.
  run_chaos --logger "trx" --results-directory "$results" 2>&1 | tee -a "$results/console.log"
  [ "${PIPESTATUS[0]}" -ne 0 ] && code=1
  set -e
  # The chaos suite's summaries (recovery times, duplicate counts; tests/WebsiteFactory.Chaos.Tests) in the CI log.
  if compgen -G "$ROOT/artifacts/chaos/*.txt" >/dev/null; then
    log "Chaos suite (artifacts/chaos/)"
    cat "$ROOT"/artifacts/chaos/*.txt
  fi
  summarize "$results" "$code"
}

# The chaos suite, whose project is a test project only with WF_CHAOS=1 (so the solution-wide `dotnet test` skips it).
# Its scenarios take 1.5-4 minutes each; a scenario that hangs is cut off after 12.
run_chaos() {
  log "Running the chaos suite (kill -9, PostgreSQL outage, vendor faults)"
  WF_CHAOS=1 dotnet test tests/WebsiteFactory.Chaos.Tests/WebsiteFactory.Chaos.Tests.csproj -c Release --no-build -nologo \
    --blame-hang-timeout 12m "$@"
}

# Sums the per-assembly TRX counters; a test run that crashed or did not report counts as a failure.
summarize() {
  local results=$1 code=$2
  python3 - "$results" "$code" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
results, code = sys.argv[1], int(sys.argv[2])
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
print("\nTest summary by assembly:")
for f in sorted(glob.glob(f"{results}/**/*.trx", recursive=True)):
    root = ET.parse(f).getroot()
    c = root.find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    p, fl = int(c.get("passed", 0)), int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    sk = int(c.get("total", 0)) - int(c.get("executed", 0))
    storage = root.find("t:TestDefinitions/t:UnitTest", ns)
    name = storage.get("storage").split("/")[-1] if storage is not None else f
    print(f"  {name:<55} passed {p:>4}  failed {fl:>3}  skipped {sk:>3}")
    passed += p; failed += fl; skipped += sk
failures = []
for f in sorted(glob.glob(f"{results}/**/*.trx", recursive=True)):
    for r in ET.parse(f).getroot().iterfind("t:Results/t:UnitTestResult", ns):
        if r.get("outcome") in ("Failed", "Error", "Timeout", "Aborted"):
            msg = r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip().splitlines()
            failures.append((r.get("testName"), r.get("duration"), msg[:6]))
if failures:
    # The log keeps only its tail: name every failing test and the start of its message here.
    print("\nFailed tests:")
    for name, duration, msg in failures:
        print(f"  {name} ({duration})")
        for line in msg:
            print(f"      {line[:300]}")
if code != 0 and failed == 0:
    print("  dotnet test exited with", code, "without a failing test: counting the run as one failure")
    failed = 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
}

cmd=${1:-help}; shift || true
case "$cmd" in
  setup) setup ;;
  test) setup; run_tests ;;
  chaos)
    # Only the chaos suite (tests/WebsiteFactory.Chaos.Tests): kill -9 of the server, a PostgreSQL immediate stop, vendor
    # faults. `./build.sh test` runs it too, after the other suites.
    setup
    log "Building (Release)"
    dotnet build WebsiteFactory.sln -c Release -nologo -v:q -clp:ErrorsOnly
    rm -rf "$ROOT/artifacts/chaos"
    set +e
    run_chaos --logger "console;verbosity=normal" "$@"
    code=$?
    set -e
    cat "$ROOT"/artifacts/chaos/*.txt 2>/dev/null || true
    exit $code ;;
  demo)
    setup
    log "Building"
    dotnet build src/WebsiteFactory.Demo/WebsiteFactory.Demo.csproj -c Release -nologo -v:q -clp:ErrorsOnly
    exec dotnet run --project src/WebsiteFactory.Demo -c Release --no-build -- "$@" ;;
  bench)
    which=${1:-engine}; shift || true
    [ "${1:-}" = "--" ] && shift
    case "$which" in
      engine) exec dotnet run -c Release --project bench/WebsiteFactory.Bench.Engine -- "$@" ;;
      provisioning) exec dotnet run -c Release --project bench/WebsiteFactory.Bench.Provisioning -- "$@" ;;
      publish) exec dotnet run -c Release --project bench/WebsiteFactory.Bench.Publish -- "$@" ;;
      *) echo "unknown benchmark: $which (engine|provisioning|publish)" >&2; exit 2 ;;
    esac ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; [ "$cmd" = help ] || exit 2 ;;
esac
