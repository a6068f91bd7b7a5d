#!/usr/bin/env bash
# SIPp load against the demo configuration on this machine.
#
#   bench/run-sipp-bench.sh register RATE [SECONDS]   REGISTER with digest (401 + authenticated REGISTER)
#   bench/run-sipp-bench.sh calls RATE [SECONDS]      calls 1002 -> 1003: INVITE with digest, SIPp UAS answers,
#                                                     1 s hold, BYE
#   bench/run-sipp-bench.sh ivr RATE [SECONDS]        trunk calls to the demo's voice menu (0800 123 4567), which
#                                                     answers and plays its prompt; 2 s hold, BYE. Adds the INVITE->200
#                                                     set-up time p50/p99/max (SIPp's -trace_rtt, every call)
#
# Starts the engine from tools/target/atende.jar (build it first: mvn -B -ntp -DskipTests package) on a copy
# of the demo configuration (port 5160, data in a temp dir), runs SIPp at RATE per second for SECONDS
# (default 60) after a 20 s warm-up ramping up to half RATE, and prints one result line: offered rate, achieved rate, successful, failed, retransmissions,
# the engine's CPU (% of one core, from /proc) and its live heap (see live_heap below). Everything stays on 127.0.0.1 and
# every loop is bounded by -m (RATE x SECONDS).
set -euo pipefail
mode=${1:?register|calls}; rate=${2:?RATE}; secs=${3:-60}
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
jar=${ATENDE_JAR:-$root/tools/target/atende.jar}
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -DskipTests package" >&2; exit 2; }
port=5160
T=$(mktemp -d)
trap 'kill $engine_pid 2>/dev/null || true; [ -n "${uas_pid:-}" ] && kill $uas_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT

# calls are anchored (two RTP port pairs each): a range for thousands of calls, clear of the demo's and the
# media bench's ranges
java -jar "$jar" config demo | sed -e "s/port: 5060/port: $port/" -e "s|data_dir: .*|data_dir: $T/data|" \
  -e "s/level: info/level: warn/" -e 's/rtp_ports: "10000-10999"/rtp_ports: "20000-39999"/' > "$T/bench.yaml"
java -Xms512m -Xmx512m -XX:+UseG1GC ${ATENDE_JAVA_OPTS:-} -jar "$jar" run --config "$T/bench.yaml" > "$T/engine.log" 2>&1 &
engine_pid=$!
for i in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.2
done
sleep 1

total=$((rate * secs))
# -buff_size: SIPp's default 64 KB socket buffers overflow whenever its one thread stalls for a moment, and every
# response the kernel drops there comes back as a retransmission counted against the engine (at 3,000 REGISTER/s:
# 836 retransmissions, all of them drops on SIPp's socket, /proc/net/udp's drops column; none with 1 MB).
# SIPP_OPTS adds options of your own.
common=(-buff_size 1048576 ${SIPP_OPTS:-} -i 127.0.0.1 -mi 127.0.0.1 -key domain 127.0.0.1 -nostdin -trace_stat -fd 5 -timeout $((secs + 60))s)
ticks() { awk '{print $14 + $15}' /proc/$engine_pid/stat; }
# live heap: live objects after a full GC (jmap -histo:live, one pause of up to a few hundred ms). register: right
# after the run, when the transactions of its last 32 s still wait out Timer J (the run's own population), so the
# pause stays out of the measurement; calls: 3/4 of the way through, with the calls up; ivr: only with HEAP=1 (3/4
# of the way), since the pause would show in the set-up times it measures
live_heap() { jmap -histo:live $engine_pid 2>/dev/null | tee "$T/histo.txt" | awk '/^Total/{printf "%dK", $3/1024}' > "$T/heap"; }
sample_heap() {
  case $mode in register) return ;; ivr) [ "${HEAP:-0}" = 1 ] || { echo -n "not-sampled" > "$T/heap"; return; } ;; esac
  sleep $((secs * 3 / 4)); live_heap
}
# warm-up: 16 s ramping from a low rate to half the measured one, then 4 s there (bounded by -m), so that C2 has
# compiled the hot paths at their real profile before the measured run; after a warm-up at a fixed low rate, C2
# took about half a core for the first 10 s of a fast run and its latency with it
half=$(( rate / 2 > 100 ? rate / 2 : 100 ))
ramp=(-r 10 -rate_increase $(( (half - 10) / 4 + 1 )) -rate_interval 4s -rate_max $half -no_rate_quit -m $(( half * 12 ))
      -buff_size 1048576)

case $mode in
  register)
    sipp 127.0.0.1:$port -sf "$here/sipp/register_auth.xml" -p 5193 -mp 26300 -s 1002 -au 1002 -ap demo1002 \
      -key expires 300 "${ramp[@]}" -i 127.0.0.1 -key domain 127.0.0.1 -nostdin -timeout 90s > "$T/warmup.log" 2>&1 || true
    t0=$(ticks); s0=$(date +%s.%N); sample_heap & heap_pid=$!
    sipp 127.0.0.1:$port -sf "$here/sipp/register_auth.xml" -p 5191 -mp 26000 -s 1002 -au 1002 -ap demo1002 \
      -key expires 300 -r "$rate" -m "$total" -l $((rate * 5)) -stf "$T/stat.csv" "${common[@]}" > "$T/sipp.log" 2>&1 || true
    ;;
  calls)
    sipp 127.0.0.1:$port -sf "$here/sipp/register_auth.xml" -p 5190 -mp 26100 -m 1 -s 1003 -au 1003 -ap demo1003 \
      -key expires 3600 -nostdin -i 127.0.0.1 -key domain 127.0.0.1 > "$T/reg.log" 2>&1
    sipp -sf "$here/sipp/uas_answer.xml" -aa -p 5190 -mp 26200 -d 100 -i 127.0.0.1 -mi 127.0.0.1 -nostdin \
      -bg -trace_stat -stf "$T/uas.csv" -fd 5 > "$T/uas.log" 2>&1 || true
    uas_pid=$(grep -o 'PID=\[[0-9]*' "$T/uas.log" | tr -dc 0-9)
    sleep 0.5
    sipp 127.0.0.1:$port -sf "$here/sipp/uac_call_auth.xml" -p 5193 -mp 26300 -s 1003 -key caller 1002 \
      -au 1002 -ap demo1002 -d 1000 "${ramp[@]}" -i 127.0.0.1 -mi 127.0.0.1 -key domain 127.0.0.1 -nostdin \
      -timeout 90s > "$T/warmup.log" 2>&1 || true
    t0=$(ticks); s0=$(date +%s.%N); sample_heap & heap_pid=$!
    sipp 127.0.0.1:$port -sf "$here/sipp/uac_call_auth.xml" -p 5191 -mp 26000 -s 1003 -key caller 1002 \
      -au 1002 -ap demo1002 -d 1000 -r "$rate" -m "$total" -l $((rate * 10)) -stf "$T/stat.csv" "${common[@]}" \
      > "$T/sipp.log" 2>&1 || true
    ;;
  ivr)
    cd "$T"
    sipp 127.0.0.1:$port -sf "$here/sipp/trunk_uac.xml" -p 5193 -mp 26300 -s 08001234567 -key caller 5511987654321 \
      -d 2000 "${ramp[@]}" -i 127.0.0.1 -mi 127.0.0.1 -key domain 127.0.0.1 -nostdin -timeout 90s \
      > "$T/warmup.log" 2>&1 || true
    rm -f "$T"/*_rtt.csv
    t0=$(ticks); s0=$(date +%s.%N); sample_heap & heap_pid=$!
    sipp 127.0.0.1:$port -sf "$here/sipp/trunk_uac.xml" -p 5191 -mp 26000 -s 08001234567 -key caller 5511987654321 \
      -d 2000 -r "$rate" -m "$total" -l $((rate * 10)) -stf "$T/stat.csv" -trace_rtt -rtt_freq 1 "${common[@]}" \
      > "$T/sipp.log" 2>&1 || true
    ;;
  *) echo "mode: register|calls|ivr" >&2; exit 2 ;;
esac
t1=$(ticks); s1=$(date +%s.%N)
if [ "$mode" = register ]; then live_heap; fi
hz=$(getconf CLK_TCK)
cpu=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN{printf "%.0f", 100*(b-a)/hz/(e-s)}')
wait $heap_pid; heap=$(cat "$T/heap" 2>/dev/null)
awk -F';' -v mode="$mode" -v rate="$rate" -v secs="$secs" -v cpu="$cpu" -v heap="$heap" '
  NR==1{for(i=1;i<=NF;i++) col[$i]=i; next}
  {last=$0}
  END{split(last,f,";");
      ok=f[col["SuccessfulCall(C)"]]; fail=f[col["FailedCall(C)"]]; re=f[col["Retransmissions(C)"]];
      el=f[col["ElapsedTime(C)"]];
      printf "%s offered=%d/s for %ds: successful=%d failed=%d retransmissions=%d elapsed=%s engine_cpu=%s%% live_heap=%s\n",
        mode, rate, secs, ok, fail, re, el, cpu, heap}' "$T/stat.csv"
if [ "$mode" = ivr ]; then
  # per-call INVITE->200 times (ms) from SIPp's rtt file: "date_ms;response_time_ms;rtd_no"
  cat "$T"/*_rtt.csv 2>/dev/null | awk -F';' '$2 ~ /^[0-9.]+$/ {print $2}' | sort -n | awk '
    {v[NR]=$1} END{ if (NR==0) {print "setup: no samples"; exit}
      printf "setup INVITE->200 ms: n=%d p50=%.1f p99=%.1f max=%.1f\n", NR, v[int(NR*0.5)+1], v[(int(NR*0.99)+1 > NR) ? NR : int(NR*0.99)+1], v[NR]}'
fi
echo "logs in $T"
