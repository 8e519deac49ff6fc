# Sourced by the benchmark scripts: starts the release `waico serve` on
# loopback with an empty data folder in $work, and gives a write token of a
# user made with the shell, signed in through the sign-in and account forms.
#   start_node PORT [env assignments…]  → sets base, waico_pid
#   write_token                          → sets token, auth=(-H "Authorization: Bearer …")
start_node() {
  local port="$1"; shift
  base="http://127.0.0.1:$port"
  env "$@" "$WAICO_BIN" --data-dir "$work/data" --config /nonexistent serve --listen "127.0.0.1:$port" > "$work/waico.log" 2>&1 &
  waico_pid=$!
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
}

write_token() {
  WAICO_NEW_PASSWORD="bench password 1" "$WAICO_BIN" --data-dir "$work/data" --config /nonexistent \
    admin create-user --username bench --display-name Bench --email bench@example.org > /dev/null 2>&1
  local jar="$work/cookies" c
  csrf() { grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }
  c=$(curl -s -c "$jar" -b "$jar" "$base/signin" | csrf)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$c" -d username=bench \
    --data-urlencode "password=bench password 1" -d next=/account "$base/signin"
  c=$(curl -s -c "$jar" -b "$jar" "$base/account" | csrf)
  token=$(curl -s -c "$jar" -b "$jar" --data-urlencode "csrf=$c" -d name=bench -d scope=write -d days=1 \
    "$base/account/tokens" | grep -o 'waico_[A-Za-z0-9_-]*' | head -n1)
  auth=(-H "Authorization: Bearer $token")
}
