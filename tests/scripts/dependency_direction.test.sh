#!/usr/bin/env bash
# The dependency direction of docs/architecture.md, enforced by the build: each library compiles
# with an include view of only the folders its row allows. For every library this compiles a
# probe with that library's own compile command: including an allowed folder's header must work,
# including a forbidden one must fail with "No such file" (so the check itself can fail).
# Usage: bash dependency_direction.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: $0 BUILD_DIR SOURCE_DIR}
source_dir=$(cd "${2:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
source "$source_dir/tests/scripts/lib.sh"

commands=$build_dir/compile_commands.json
[ -f "$commands" ] || { echo "FAIL - $commands missing (CMAKE_EXPORT_COMPILE_COMMANDS)"; exit 1; }

# compile_command FOLDER: the compiler command of one source file of FOLDER's library, without
# its input and output, and without a compiler launcher (ccache).
compile_command() {
  /usr/bin/python3 - "$commands" "$source_dir/$1/" <<'EOF'
import json, shlex, sys
# beast_impl.cpp is the Beast library, which sees no project folder at all.
entries = [e for e in json.load(open(sys.argv[1]))
           if e["file"].startswith(sys.argv[2]) and not e["file"].endswith("beast_impl.cpp")]
if not entries:
    sys.exit(1)
args = shlex.split(entries[0]["command"])
if args[0].endswith("ccache"):
    args = args[1:]
out, skip = [], False
for a in args:
    if skip:
        skip = False
        continue
    if a in ("-o", "-c", "-MF", "-MT", "-MQ"):
        skip = True
        continue
    if a in ("-MD", "-MMD"):
        continue
    out.append(a)
print(shlex.join(out))
EOF
}

# One header per folder that any include of it would bring in.
declare -A header=(
  [reference]=reference/core/result.hpp
  [reports]=reports/run_result.hpp
  [mockserver]=mockserver/server_options.hpp
  [harness]=harness/cli/exit_codes.hpp
)
# folder: allowed folders | forbidden folders
declare -A allowed=([reference]="reference" [reports]="reports" [mockserver]="reference mockserver"
                    [harness]="reference reports mockserver harness")
declare -A forbidden=([reference]="reports mockserver harness" [reports]="reference mockserver harness"
                      [mockserver]="reports harness" [harness]="")

# The probe lives outside the tree so that no folder is found beside it.
probe() {
  local cmd=$1 include=$2
  printf '#include "%s"\nint syncsuite_probe;\n' "$include" >"$work/probe.cpp"
  (cd "$build_dir" && eval "$cmd -fsyntax-only $work/probe.cpp") >"$work/probe.log" 2>&1
}

for folder in reference reports mockserver harness; do
  cmd=$(compile_command "$folder") || { fail "$folder: no compile command found"; continue; }
  for other in ${allowed[$folder]}; do
    check "$folder may include $other" probe "$cmd" "${header[$other]}"
  done
  for other in ${forbidden[$folder]}; do
    if probe "$cmd" "${header[$other]}"; then
      fail "$folder must not see $other, but ${header[$other]} compiled"
    elif grep -q "No such file" "$work/probe.log"; then
      pass "$folder cannot include $other"
    else
      fail "$folder including $other failed for another reason: $(head -n 3 "$work/probe.log")"
    fi
  done
done

if ((failures)); then
  echo "$failures failed"
  exit 1
fi
echo "dependency direction: every library sees only its allowed folders"
