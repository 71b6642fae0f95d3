#!/usr/bin/env bash
# What a newcomer meets first: --version, and help for every command (both
# spellings, on stdout, exit 0) listing its options with one line of doc each.
source "$(dirname "$0")/lib.sh"

# --version: the project version of the top CMakeLists.txt and the plugin ABI.
want=$(sed -n 's/^project(wprox VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
abi=$(sed -n 's/^constexpr int kAbiVersion = \([0-9]*\);/\1/p' "$SRC/engine/include/wprox/plugin.hpp")
expect 0 "" -- "$WPROX" --version
[ "$(cat "$TMP/stdout")" = "wprox $want (plugin ABI $abi)" ] || fail "--version printed: $(cat "$TMP/stdout")"

# --help: the commands, --version, the --set forms, --out and the exit codes.
expect 0 "" -- "$WPROX" --help
for word in "wprox --version" "problem.key=value" "METHOD.key=value" "summary.json" "exit codes" "3 the run diverged" \
  "wprox help COMMAND"; do
  grep -qF -- "$word" "$TMP/stdout" || fail "wprox --help does not mention '$word'"
done

# Help per command, both spellings, on stdout with exit 0.
options_of() {  # command -> the options its help must list
  case $1 in
    run) echo "--problem --set --config --seed --threads --out --quiet --checkpoint-every --interrupt-after" ;;
    compare) echo "--methods --metric --problem --set --config --seed --threads --out --quiet" ;;
    resume) echo "--threads --interrupt-after --quiet" ;;
    *) echo "" ;;
  esac
}
for cmd in run compare resume list info; do
  for form in "help $cmd" "$cmd --help" "$cmd -h"; do
    # shellcheck disable=SC2086
    expect 0 "" -- "$WPROX" $form
    head -1 "$TMP/stdout" | grep -q "^usage: wprox $cmd" || fail "wprox $form: first line $(head -1 "$TMP/stdout")"
    for opt in $(options_of "$cmd"); do
      grep -Eq -- "^ +$opt [A-Z]|^ +$opt +[a-z]" "$TMP/stdout" || fail "wprox $form does not document $opt"
    done
  done
done
# --help wins over otherwise bad arguments (it is asked before anything runs).
expect 0 "" -- "$WPROX" run no-such-method --help
expect 2 "unknown command 'rnu' \(did you mean 'run'\?\)" -- "$WPROX" help rnu
# A mistyped option names the nearest one and where the options are listed.
expect 2 "wprox run: unrecognised option '--threds' \(did you mean '--threads'\?\) \(see wprox run --help\)" -- \
  "$WPROX" run ula --threds 3
expect 2 "unrecognised option '--metrics' \(did you mean '--metric'\?\)" -- "$WPROX" compare --methods ula --metrics kl

finish
