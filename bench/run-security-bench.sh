#!/usr/bin/env bash
# What the protection costs, and what the registrar sustains while a password is being guessed.
#
#   bench/run-security-bench.sh cost RATE [SECONDS]
#       REGISTER with digest at RATE from 127.0.0.1 (not exempt: the demo's trunk is moved elsewhere), twice: with
#       the rate limits off, then on (set far above RATE, so every request runs through its bucket and passes).
#       Prints the engine's CPU for each; the difference is what the front gate costs at that rate.
#   bench/run-security-bench.sh attack RATE [SECONDS] [ATTACK]
#       REGISTER with digest at RATE from 127.0.0.1 (trusted, as a carrier's SBC or an office NAT would be) while
#       127.0.0.5 sends REGISTERs with a wrong password at ATTACK a second (default 500): slowed after 5 failures,
#       banned at 10, refused at the gate from then on. Prints the legitimate run's result and what the attacker got.
#
# Same engine and SIPp set-up as run-sipp-bench.sh (tools/target/atende.jar on a copy of the demo configuration,
# port 5160, 1 MB SIPp buffers, a 20 s warm-up ramp to half RATE). Every loop is bounded by -m.
set -euo pipefail
mode=${1:?cost|attack}; rate=${2:?RATE}; secs=${3:-30}; attack=${4:-500}
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
jar=${ATENDE_JAR:-$root/tools/target/atende.jar}
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -DskipTests package" >&2; exit 2; }
port=5160
T=$(mktemp -d)
engine_pid=
trap 'kill $engine_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' /proc/$engine_pid/stat; }
half=$(( rate / 2 > 100 ? rate / 2 : 100 ))
ramp=(-r 10 -rate_increase $(( (half - 10) / 4 + 1 )) -rate_interval 4s -rate_max $half -no_rate_quit -m $(( half * 12 )))
common=(-buff_size 1048576 -i 127.0.0.1 -key domain 127.0.0.1 -nostdin -trace_stat -fd 5 -timeout $((secs + 60))s)

# start_engine SECURITY_YAML: the demo configuration, its trunk off 127.0.0.1, with SECURITY_YAML appended
start_engine() {
  java -jar "$jar" config demo | sed -e "s/port: 5060/port: $port/" -e "s|data_dir: .*|data_dir: $T/data|" \
    -e "s/level: info/level: warn/" -e 's/allow: \[127.0.0.1\]/allow: [127.0.0.200]/' > "$T/bench.yaml"
  printf '%s\n' "$1" >> "$T/bench.yaml"
  java -Xms512m -Xmx512m -XX:+UseG1GC ${ATENDE_JAVA_OPTS:-} -jar "$jar" run --config "$T/bench.yaml" \
    > "$T/engine.log" 2>&1 &
  engine_pid=$!
  for i in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.2
  done
  sleep 1
}

stop_engine() {
  kill "$engine_pid" 2>/dev/null || true
  wait "$engine_pid" 2>/dev/null || true
  engine_pid=
}

# measure LABEL: warm-up, then RATE REGISTER/s for SECS from 127.0.0.1; prints one line
measure() {
  local label=$1 total=$((rate * secs))
  sipp 127.0.0.1:$port -sf "$here/sipp/register_auth.xml" -p 5193 -s 1002 -au 1002 -ap demo1002 \
    -key expires 300 "${ramp[@]}" -buff_size 1048576 -i 127.0.0.1 -key domain 127.0.0.1 -nostdin -timeout 90s \
    > "$T/warmup-$label.log" 2>&1 || true
  local t0 s0 t1 s1
  t0=$(ticks); s0=$(date +%s.%N)
  sipp 127.0.0.1:$port -sf "$here/sipp/register_auth.xml" -p 5191 -s 1002 -au 1002 -ap demo1002 \
    -key expires 300 -r "$rate" -m "$total" -l $((rate * 5)) -stf "$T/stat-$label.csv" "${common[@]}" \
    > "$T/sipp-$label.log" 2>&1 || true
  t1=$(ticks); s1=$(date +%s.%N)
  local cpu
  cpu=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN{printf "%.0f", 100*(b-a)/hz/(e-s)}')
  awk -F';' -v label="$label" -v rate="$rate" -v secs="$secs" -v cpu="$cpu" '
    NR==1{for(i=1;i<=NF;i++) col[$i]=i; next}
    {last=$0}
    END{split(last,f,";");
        printf "%s: REGISTER offered=%d/s for %ds: successful=%d failed=%d retransmissions=%d engine_cpu=%s%%\n",
          label, rate, secs, f[col["SuccessfulCall(C)"]], f[col["FailedCall(C)"]], f[col["Retransmissions(C)"]], cpu}' \
    "$T/stat-$label.csv"
}

case $mode in
  cost)
    start_engine "security: { rate_limits: { register: { rate: 0 }, invite: { rate: 0 }, other: { rate: 0 } } }"
    measure limits-off
    stop_engine
    high=$((rate * 20))
    start_engine "security: { rate_limits: { register: { rate: $high, burst: $((high * 2)) } } }"
    measure limits-on
    stop_engine
    ;;
  attack)
    start_engine "security: { trusted: [127.0.0.1] }"
    # the attacker: a wrong password, as fast as ATTACK/s, for the whole measured run and its warm-up
    sipp 127.0.0.1:$port -sf "$here/sipp/register_auth.xml" -p 5195 -s 1001 -au 1001 -ap guess \
      -key expires 300 -r "$attack" -m $((attack * (secs + 30))) -l $((attack * 5)) -i 127.0.0.5 \
      -key domain 127.0.0.1 -nostdin -buff_size 1048576 -trace_stat -stf "$T/attacker.csv" -fd 5 \
      -timeout $((secs + 60))s > "$T/attacker.log" 2>&1 &
    attacker=$!
    measure under-attack
    kill "$attacker" 2>/dev/null || true
    wait "$attacker" 2>/dev/null || true
    failures=$(grep -c 'auth-failure src=127.0.0.5 ' "$T/engine.log" || true)
    bans=$(grep -c 'ban-start src=127.0.0.5 ' "$T/engine.log" || true)
    echo "attacker 127.0.0.5 at ${attack}/s: digests checked=$failures bans=$bans (the rest refused at the gate)"
    stop_engine
    ;;
  *) echo "mode: cost|attack" >&2; exit 2 ;;
esac
echo "logs in $T"
