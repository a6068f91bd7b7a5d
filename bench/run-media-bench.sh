#!/usr/bin/env bash
# Anchored-media load: N concurrent calls with RTP both ways through Atende, on this machine only.
#
#   bench/run-media-bench.sh N [SECS] [record]
#
# A SIPp UAC plays the carrier trunk (no auth) calling "0800 123 4567", which the demo delivers to 1001; a SIPp
# UAS registered as 1001 answers. Both offer PCMA only, so Atende relays packets (no transcoding), and both play
# 20 ms PCMA RTP (bench/media/make_pcap.py: SIPp's g711a.pcap speech, SECS long) from the ACK on. Calls start at
# RATE per second (env, default 50) up to N and each holds SECS (default 60) seconds. With "record" the number
# has record: true, so every call is also decoded and written as WAV.
#
# Once all calls are up (ramp + 5 s) the script captures loopback RTP on Atende's ports (12000-19999) for WINDOW
# seconds (env, default 20; also bounded by tcpdump -c) and measures over that window: CPU (% of one core, /proc) of
# the engine, of both SIPp processes and of tcpdump; the machine's idle share; how long the engine's threads were
# runnable but waiting for a core (thread-ms per s, /proc/PID/task/*/schedstat); the engine's GC pauses (its GC
# log: no JVM tool attaches while measuring). After the window: the engine's live heap (jmap -histo:live, one full
# GC). bench/media/analyze_rtp.py then matches every relayed packet with the one that came in (see there) and the
# script prints one result line; PASS means no loss added by Atende and p99 added jitter < 5 ms. Needs root (SIPp
# sends RTP through raw sockets; tcpdump). Everything stays on 127.0.0.1; every loop is bounded. Build first:
#   mvn -B -ntp -q -pl tools -am package -DskipTests
# Env: RATE, WINDOW, SETTLE (seconds after the ramp before measuring, default 5), PORT (engine SIP port, default
# 5170), KEEP=1 keeps the capture and recordings, JAR runs another build of the engine (default
# tools/target/atende.jar). The cores may be shared: the script first waits (up to IDLE_WAIT seconds, default 300)
# for the machine to be idle, and reports its idle share in the window.
set -euo pipefail
n=${1:?usage: run-media-bench.sh N [SECS] [record]}; secs=${2:-60}; record=${3:-}
rate=${RATE:-50}; window=${WINDOW:-20}; port=${PORT:-5170}
rtp_min=12000; rtp_max=19999  # below the ephemeral ports (32768+), clear of the demo's 10000-10999
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
jar=${JAR:-$root/tools/target/atende.jar}
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q -pl tools -am package -DskipTests" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root: SIPp plays pcap through raw sockets, tcpdump captures" >&2; exit 2; }
[ -z "$record" ] || [ "$record" = record ] || { echo "third argument: record (or nothing)" >&2; exit 2; }
ramp=$(( (n + rate - 1) / rate ))
settle=${SETTLE:-5}  # seconds after the ramp before measuring (JIT warm-up on a loaded machine wants more)
start=$((ramp + settle))
[ $((secs - start - 3)) -lt "$window" ] && window=$((secs - start - 3))
[ "$window" -ge 5 ] || { echo "SECS=$secs too short for N=$n at RATE=$rate: need at least $((start + 8))" >&2; exit 2; }
if ss -uln | awk -v lo=$rtp_min -v hi=$rtp_max '{n=split($4,a,":"); p=a[n]+0; if (p>=lo && p<=hi) f=1} END{exit !f}'; then
  echo "UDP ports $rtp_min-$rtp_max are partly in use: the capture would mix in foreign RTP" >&2; exit 2
fi

# other work on the machine spoils the figures: wait (at most IDLE_WAIT s) for 5 quiet seconds (>= 85 % idle)
idle() { awk '/^cpu /{print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
quiet=0
for _ in $(seq 1 $(( (${IDLE_WAIT:-300} + 4) / 5 ))); do
  read -r qi0 qt0 < <(idle); sleep 5; read -r qi1 qt1 < <(idle)
  quiet=$(( 100 * (qi1 - qi0) / (qt1 - qt0) ))
  [ "$quiet" -ge 85 ] && break
done
[ "$quiet" -ge 85 ] || echo "warning: the machine stayed busy (idle $quiet %); figures are suspect" >&2

T=$(mktemp -d /tmp/atende-media-bench.XXXXXX)
cleanup() {
  [ -n "${tcpdump_pid:-}" ] && kill "$tcpdump_pid" 2>/dev/null || true
  [ -n "${uac_pid:-}" ] && kill "$uac_pid" 2>/dev/null || true
  [ -n "${uas_pid:-}" ] && kill "$uas_pid" 2>/dev/null || true
  [ -n "${engine_pid:-}" ] && kill "$engine_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

cp "$here/sipp/trunk_uac_media.xml" "$here/sipp/uas_answer_media.xml" "$here/sipp/register_auth.xml" "$T/"
python3 "$here/media/make_pcap.py" $((secs + ramp + 10)) "$T/media.pcap" > "$T/pcap.log"

java -jar "$jar" config demo | sed -e "s/port: 5060/port: $port/" -e "s|data_dir: .*|data_dir: $T/data|" \
  -e "s/level: info/level: warn/" -e "s/rtp_ports: .*/rtp_ports: \"$rtp_min-$rtp_max\"/" \
  -e 's/^    flow: principal$/    extension: "1001"/' > "$T/bench.yaml"  # straight to 1001, past the demo's IVR
if [ -n "$record" ]; then
  sed -i 's/^    extension: "1001"$/    extension: "1001"\n    record: true/' "$T/bench.yaml"
fi
java -jar "$jar" config check "$T/bench.yaml" > "$T/check.log" 2>&1 || { cat "$T/check.log" >&2; exit 2; }
java -Xms512m -Xmx512m -XX:+UseG1GC -Xlog:gc:file="$T/gc.log":timemillis ${ATENDE_JAVA_OPTS:-} \
  -jar "$jar" run --config "$T/bench.yaml" > "$T/engine.log" 2>&1 &
engine_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.2
done
sleep 1

cd "$T"
sipp 127.0.0.1:$port -sf register_auth.xml -p 5290 -cp 8890 -m 1 -s 1001 -au 1001 -ap demo1001 -key expires 3600 \
  -i 127.0.0.1 -key domain 127.0.0.1 -nostdin -timeout 10s > reg.log 2>&1
sipp -sf uas_answer_media.xml -aa -p 5290 -cp 8890 -mp 7000 -i 127.0.0.1 -mi 127.0.0.1 -nostdin -bg \
  -trace_stat -stf uas.csv -fd 5 -trace_err > uas.log 2>&1 || true
uas_pid=$(grep -o 'PID=\[[0-9]*' uas.log | tr -dc 0-9)
sleep 0.5
sipp 127.0.0.1:$port -sf trunk_uac_media.xml -p 5291 -cp 8891 -mp 6000 -i 127.0.0.1 -mi 127.0.0.1 \
  -s 08001234567 -key caller 5511987654321 -key domain 127.0.0.1 -d $((secs * 1000)) \
  -r "$rate" -l "$n" -m "$n" -nostdin -trace_stat -stf uac.csv -fd 5 -trace_err -timeout $((secs + ramp + 60))s \
  > uac.log 2>&1 &
uac_pid=$!

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
sleep "$start"
kill -0 "$uac_pid" 2>/dev/null || { echo "SIPp UAC ended early:" >&2; tail -20 uac.log >&2; exit 1; }
cap=$((n * 200 * window * 2 + 10000))
tcpdump -i lo -nn -s 96 --time-stamp-precision=nano -B 65536 -c "$cap" -w rtp.pcap \
  "udp and portrange $rtp_min-$rtp_max" > tcpdump.log 2>&1 &
tcpdump_pid=$!
sleep 1
# time the engine's threads spent runnable but waiting for a core (ns, /proc/PID/task/*/schedstat)
rqwait() { cat /proc/"$engine_pid"/task/*/schedstat 2>/dev/null | awk '{s += $2} END{printf "%.0f", s}'; }
e0=$(ticks "$engine_pid"); a0=$(ticks "$uac_pid"); b0=$(ticks "$uas_pid"); d0=$(ticks "$tcpdump_pid")
read -r i0 t0 < <(idle); w0=$(rqwait)
s0=$(date +%s.%N)
sleep "$window"
e1=$(ticks "$engine_pid"); a1=$(ticks "$uac_pid"); b1=$(ticks "$uas_pid"); d1=$(ticks "$tcpdump_pid")
read -r i1 t1 < <(idle); w1=$(rqwait)
s1=$(date +%s.%N)
kill -INT "$tcpdump_pid" 2>/dev/null || true
wait "$tcpdump_pid" 2>/dev/null || true
tcpdump_pid=
heap=$(jmap -histo:live "$engine_pid" 2>/dev/null | awk '/^Total/{printf "%dK", $3/1024}')
wait "$uac_pid" || true
uac_pid=

hz=$(getconf CLK_TCK)
pct() { awk -v a="$1" -v b="$2" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN{printf "%.0f", 100*(b-a)/hz/(e-s)}'; }
engine_cpu=$(pct "$e0" "$e1"); sipp_cpu=$(pct $((a0 + b0)) $((a1 + b1))); tcpdump_cpu=$(pct "$d0" "$d1")
rq_ms=$(awk -v a="$w0" -v b="$w1" -v s="$s0" -v e="$s1" 'BEGIN{printf "%.0f", (b - a) / 1e6 / (e - s)}')
idle_pct=$(awk -v a=$((i1 - i0)) -v t=$((t1 - t0)) 'BEGIN{printf "%.0f", 100 * a / t}')
# GC pauses inside the window, from the engine's GC log (no JVM tool attached while measuring)
read -r ygc ygct fgc < <(awk -v s="$s0" -v e="$s1" '{t = substr($1, 2, 13) / 1000}
  t >= s && t <= e && /Pause Young/ {n++; ms += $NF + 0} t >= s && t <= e && /Pause Full/ {f++}
  END{printf "%d %.0f %d\n", n, ms, f}' "$T/gc.log")
dropped=$(awk '/dropped by kernel/{print $1}' tcpdump.log)
calls=$(awk -F';' 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} {l=$0} END{split(l,f,";");
  printf "ok=%s failed=%s", f[c["SuccessfulCall(C)"]], f[c["FailedCall(C)"]]}' uac.csv)
python3 "$here/media/analyze_rtp.py" rtp.pcap --ports "$rtp_min-$rtp_max" > analysis.txt
kv=$(tail -1 analysis.txt)
get() { echo "$kv" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }
recs=""
if [ -n "$record" ]; then
  wavs=$(find data -name '*.wav' 2>/dev/null | wc -l)
  recs=" recordings=$wavs/$(du -sh data 2>/dev/null | cut -f1)"
  [ "$wavs" -gt 0 ] || recs="$recs(NONE WRITTEN: the engine did not record these calls)"
fi
# GC pauses in the window, at their offset in the capture (to set against the stalls analysis.txt lists)
pauses=$(awk -v s="$s0" -v e="$s1" -v f="$(get first_epoch)" '{t = substr($1, 2, 13) / 1000}
  t >= s && t <= e && /Pause/ {printf "%s+%.1fs:%.0fms", sep, t - f, $NF + 0; sep = ","}' "$T/gc.log")
echo "GC pauses in the window (offset in the capture): ${pauses:-none}" >> analysis.txt
verdict=PASS
[ "$(get lost)" = 0 ] || verdict=FAIL
awk -v j="$(get added_jitter_p99_ms)" 'BEGIN{exit !(j < 5)}' || verdict=FAIL
[ "$(get streams_in)" = $((2 * n)) ] || verdict="$verdict(streams_in=$(get streams_in), expected $((2 * n)))"
[ "${dropped:-0}" = 0 ] || verdict="$verdict(tcpdump dropped $dropped: figures incomplete)"
echo "N=$n secs=$secs rate=$rate${record:+ record} calls: $calls window=$(get window_s)s pps=$(get pps)" \
  "in=$(get pkts_in) out=$(get pkts_out) lost=$(get lost)/$(get considered) unmatched_out=$(get unmatched_out)" \
  "delay_ms p50=$(get delay_p50_ms) p99=$(get delay_p99_ms) max=$(get delay_max_ms)" \
  "added_jitter_ms p99=$(get added_jitter_p99_ms) max=$(get added_jitter_max_ms)" \
  "rfc3550_dJ_mean_ms=$(get rfc3550_dj_mean_ms) ingress_gap_dev_ms p99=$(get ingress_gap_dev_p99_ms)" \
  "max=$(get ingress_gap_dev_max_ms) held_over_5ms=$(get held_over_5ms) in $(get stall_bursts) bursts" \
  "engine_cpu=$engine_cpu% sipp_cpu=$sipp_cpu% tcpdump_cpu=$tcpdump_cpu% machine_idle=$idle_pct% of $(nproc) cores" \
  "engine_waiting_for_cpu=${rq_ms}ms/s" \
  "young_gc=$ygc/${ygct}ms [${pauses:-}] full_gc=$fgc live_heap=$heap$recs => $verdict"
if [ -z "${KEEP:-}" ]; then
  rm -f rtp.pcap media.pcap
  rm -rf data/recordings
fi
echo "logs in $T (analysis.txt: full report)"
