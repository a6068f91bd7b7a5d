#!/usr/bin/env bash
# The whole contact-center call under SIPp load (issue 11), on this machine only.
#
#   bench/run-cc-bench.sh [RATES] [SECS]        e.g. bench/run-cc-bench.sh "5 10 20 30 40" 40
#
# A carrier (SIPp UAC on the trunk's allowed address, 127.0.0.1, PCMA only) calls a number whose flow plays a
# built-in prompt (builtin:pt-BR/bem-vindo.wav, 3.1 s) and routes the caller to the queue "cc"; the number is
# recorded (numbers[].record: true: one WAV from the IVR's answer to the hang-up). The queue offers the call to the
# longest-idle of AGENTS agents (logged in at start with start_at, wrap_up 0s), each at an extension of its own;
# every extension is registered (register_contact.xml) to one SIPp UAS, which answers at once. Both SIPp sides send
# 20 ms PCMA RTP from the ACK to the BYE; the carrier hangs up 3.2 s + TALK seconds after its ACK, so the
# agent talks about TALK seconds (default 10) and the call lasts about 13 s.
#
# RTP: by default SIPp's rtp_stream (ordinary UDP sockets, one per SIPp process) plays the speech of
# /usr/share/sip-tester/g711a.pcap in a loop. MEDIA=pcap uses play_pcap_audio instead (trunk_uac_media.xml,
# uas_answer_media.xml: one raw socket per call side, needs root): Linux hands a copy of every UDP packet on the
# host to every raw UDP socket, in the sender's context, so the engine's CPU would grow with the square of the
# calls (bench/README-media.md section 5) and measure the bench rather than the engine.
#
# Sequence: the engine (tools/target/atende.jar, -Xmx512m G1, GC log) on a free port with a config written here;
# AGENTS registrations, 8 at a time; a warm-up of 20 s ramping to half the highest rate (its calls end before the
# first measured run); then for each rate, SECS seconds of calls at that rate (SIPp -m RATE x SECS) and their
# drain. Per rate it prints calls placed, failed (carrier side, agent side, and calls no agent answered),
# retransmissions (both SIPp sides), INVITE->200 and the agent's 200->ACK times (SIPp -trace_rtt), the engine's CPU
# over the steady part (from CALL_S + 3 s after the first call to SECS, when as many calls are up as there will
# be; from /proc/PID/stat) as % of one core and per call/s, the engine's CPU seconds per call over the whole run,
# young GC pauses, the machine's idle share and load, WAV files written, the RTP received (against what SIPp
# should have sent), lost, jitter and MOS the engine reports for each leg at the call's end (INFO lines: about 10
# per call), and the WARN/ERROR lines it logged. The engine's CPU when idle (5 s after the warm-up) is printed
# once; "net" subtracts it. It stops after the first rate with a failed call (KEEP_GOING=1: run all rates).
#
# Env: AGENTS (default: highest rate x (TALK + 3) + 10), TALK (s, default 10), MEDIA (stream | pcap), RTP_PORTS
# (engine range, default 22000-31999), LOG (engine log level, default info; warn loses the RTP figures), KEEP=1
# keeps the recordings, RECORD=0 records nothing (to see what recording costs), ATENDE_JAR, ATENDE_JAVA_OPTS,
# SIPP_OPTS.
# Everything stays on 127.0.0.1; every SIPp run is bounded by -m and -timeout. Build first (in the worktree):
#   mvn -B -ntp -o -q -DskipTests package
set -euo pipefail
rates=(${1:-5 10 20 30 40}); secs=${2:-40}
talk=${TALK:-10}; media=${MEDIA:-stream}; rtp_ports=${RTP_PORTS:-22000-31999}; log_level=${LOG:-info}
record=true; [ "${RECORD:-1}" = 0 ] && record=false
prompt_ms=3200   # bem-vindo.wav (3.08 s) and the agent's ring
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
jar=${ATENDE_JAR:-$root/tools/target/atende.jar}
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -o -q -DskipTests package" >&2; exit 2; }
case $media in stream) ;; pcap) [ "$(id -u)" = 0 ] || { echo "MEDIA=pcap needs root (raw sockets)" >&2; exit 2; } ;;
  *) echo "MEDIA: stream | pcap" >&2; exit 2 ;; esac
max_rate=0; for r in "${rates[@]}"; do [ "$r" -gt "$max_rate" ] && max_rate=$r; done
agents=${AGENTS:-$(( max_rate * (talk + 3) + 10 ))}
call_ms=$(( prompt_ms + talk * 1000 )); call_s=$(( (call_ms + 999) / 1000 ))
[ "$secs" -ge $(( call_s + 13 )) ] || { echo "SECS: at least $(( call_s + 13 )) (a 10 s steady window)" >&2; exit 2; }

T=$(mktemp -d /tmp/atende-cc-bench.XXXXXX)
engine_pid=; uas_pid=; uac_pid=
cleanup() {
  for p in $uac_pid $uas_pid $engine_pid; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$T/data/recordings"
}
trap cleanup EXIT

# free ports, checked by binding: the engine's SIP port (UDP and TCP), 12 SIP/control ports for SIPp, and two
# SIPp media bases with 4 free ports each (RTP, RTCP and SIPp's +2 pair)
read -r port uas_port uac_port uas_cp uac_cp reg_base uas_mp uac_mp < <(python3 - <<'EOF'
import random, socket
def free(p, tcp=False, n=1):
    for q in range(p, p + n):
        for kind in ([socket.SOCK_DGRAM, socket.SOCK_STREAM] if tcp else [socket.SOCK_DGRAM]):
            s = socket.socket(socket.AF_INET, kind)
            try:
                s.bind(('127.0.0.1', q))
            except OSError:
                return False
            finally:
                s.close()
    return True
def pick(lo, hi, n=1, tcp=False, step=1, taken=set()):
    start = random.randrange(lo, hi)
    for i in range(hi - lo):
        p = lo + (start - lo + i * step) % (hi - lo)
        if p % step == 0 and not set(range(p, p + n)) & taken and free(p, tcp, n):
            taken.update(range(p, p + n))
            return p
    raise SystemExit('no free port in %d-%d' % (lo, hi))
taken = set()
out = [pick(5200, 5999, tcp=True, taken=taken)]
out += [pick(5200, 5999, taken=taken) for _ in range(2)]
out += [pick(8900, 8999, taken=taken) for _ in range(2)]
out.append(pick(5200, 5999, n=16, taken=taken))          # 8 registration SIP ports, then their 8 control ports
out += [pick(6000, 7999, n=4, step=2, taken=taken) for _ in range(2)]
print(*out)
EOF
)
lo=${rtp_ports%-*}; hi=${rtp_ports#*-}
in_use=$(ss -uln | awk -v lo="$lo" -v hi="$hi" '{n=split($4,a,":"); p=a[n]+0; if (p>=lo && p<=hi) c++} END{print c+0}')
[ "$in_use" -lt 50 ] || echo "warning: $in_use UDP ports of $rtp_ports in use by others (the engine skips them)" >&2

# the configuration: demo mode on loopback, AGENTS extensions and agents, one trunk, one recorded number
{
  cat <<EOF
demo: true
server:
  domain: 127.0.0.1
  country_code: "55"
  listen:
    - { transport: udp, address: 127.0.0.1, port: $port }
    - { transport: tcp, address: 127.0.0.1, port: $port }
  data_dir: $T/data
  media:
    address: 127.0.0.1
    rtp_ports: "$rtp_ports"
# qualify: off, so that no OPTIONS reaches the SIPp UAS between calls
extensions:
EOF
  for i in $(seq 1 "$agents"); do
    echo "  - { number: \"$((40000 + i))\", password: agent$((40000 + i)), qualify: off }"
  done
  cat <<EOF
trunks:
  - { name: carrier, allow: [127.0.0.1], trusted: true, numbers: ["0800 555 0100"] }
numbers:
  - { number: "0800 555 0100", flow: cc, record: $record }
flows:
  cc:
    start: welcome
    nodes:
      welcome: { play: builtin:pt-BR/bem-vindo.wav, next: fila }
      fila: { route: { queue: cc } }
queues:
  cc: { strategy: longest_idle, wrap_up: 0s }
agents:
EOF
  for i in $(seq 1 "$agents"); do
    echo "  - { id: \"$((60000 + i))\", pin: \"1234\", queues: [cc], wrap_up: 0s, start_at: \"$((40000 + i))\" }"
  done
  cat <<EOF
logging:
  level: $log_level
EOF
} > "$T/bench.yaml"
java -jar "$jar" config check "$T/bench.yaml" > "$T/check.log" 2>&1 || { cat "$T/check.log" >&2; exit 2; }

# the scenarios: the media ones, with rtp_stream in place of play_pcap_audio unless MEDIA=pcap
cd "$T"
if [ "$media" = stream ]; then
  python3 - "$here/media" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
from make_pcap import read_payloads
audio = b''.join(read_payloads('/usr/share/sip-tester/g711a.pcap'))
open('speech.al', 'wb').write(audio[:len(audio) // 160 * 160])   # raw A-law, 160 bytes a 20 ms packet
EOF
  for s in trunk_uac_media uas_answer_media; do
    sed 's|<exec play_pcap_audio="media.pcap"/>|<exec rtp_stream="speech.al,-1,8"/>|' "$here/sipp/$s.xml" > "$s.xml"
    grep -q 'rtp_stream="speech.al' "$s.xml" || { echo "$s.xml: no play_pcap_audio to replace" >&2; exit 2; }
  done
else
  cp "$here/sipp/trunk_uac_media.xml" "$here/sipp/uas_answer_media.xml" .
  python3 "$here/media/make_pcap.py" $(( call_s + 10 )) media.pcap > /dev/null
fi

java -Xms512m -Xmx512m -XX:+UseG1GC -Xlog:gc:file="$T/gc.log":timemillis ${ATENDE_JAVA_OPTS:-} \
  -jar "$jar" run --config "$T/bench.yaml" > "$T/engine.log" 2>&1 &
engine_pid=$!
for _ in $(seq 1 150); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  kill -0 "$engine_pid" 2>/dev/null || { echo "engine did not start:" >&2; tail -20 engine.log >&2; exit 1; }
  sleep 0.2
done
sleep 1

# AGENTS registrations, all with their Contact on the UAS's port, 8 SIPp runs at a time
register() {  # register SLOT: extensions SLOT+1, SLOT+9, ... from SIP port reg_base+SLOT
  local slot=$1 i
  for (( i = slot + 1; i <= agents; i += 8 )); do
    local ext=$((40000 + i))
    sipp 127.0.0.1:$port -sf "$here/sipp/register_contact.xml" -p $((reg_base + slot)) -cp $((reg_base + 8 + slot)) \
      -m 1 -s $ext -au $ext -ap agent$ext -key expires 3600 -key contact_port "$uas_port" -i 127.0.0.1 \
      -key domain 127.0.0.1 -nostdin -timeout 10s > /dev/null 2>&1 || echo "registration of $ext failed" >&2
  done
}
reg_t0=$(date +%s.%N); reg_pids=()
for slot in 0 1 2 3 4 5 6 7; do register $slot 2>> "$T/register.log" & reg_pids+=($!); done
wait "${reg_pids[@]}" || true
reg_failed=$(grep -c failed "$T/register.log" || true)
echo "engine pid $engine_pid on 127.0.0.1:$port; $agents agents registered in" \
  "$(awk -v a="$reg_t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s ($reg_failed failed); media $media;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg); logs in $T"
[ "$reg_failed" = 0 ] || { head -5 "$T/register.log" >&2; exit 1; }

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
idle() { awk '/^cpu /{print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
wavs() { find "$T/data" -name '*.wav' 2>/dev/null | wc -l; }
col() {  # col FILE COLUMN: the last value of a SIPp statistics column
  awk -F';' -v c="$2" 'NR==1{for(i=1;i<=NF;i++) if ($i==c) k=i; next} {l=$0}
    END{split(l,f,";"); print (k && f[k] != "") ? f[k] : 0}' "$1" 2>/dev/null || echo 0
}
failures() {  # the non-zero Failed* columns of a SIPp statistics file
  awk -F';' 'NR==1{for(i=1;i<=NF;i++) h[i]=$i; next} {l=$0} END{n=split(l,f,";");
    for(i=1;i<=n;i++) if (h[i] ~ /^Failed.*\(C\)$/ && h[i] != "FailedCall(C)" && f[i] > 0) {
      sub(/\(C\)/,"",h[i]); printf "%s%s=%s", s, h[i], f[i]; s=","}}' "$1" 2>/dev/null
}
pctl() {  # pctl FILES...: p50/p99/max of SIPp's per-call rtt files (ms)
  cat "$@" 2>/dev/null | awk -F';' '$2 ~ /^[0-9.]+$/ {print $2}' | sort -n | awk '{v[NR]=$1}
    END{if (NR==0) {print "-"; exit} i=int(NR*0.99)+1; if (i>NR) i=NR;
      printf "%.0f/%.0f/%.0f", v[int(NR*0.5)+1], v[i], v[NR]}'
}

# run LABEL SIPP_RATE_ARGS... : the UAS, then the carrier, until both ended; sets the figures below
run() {
  local label=$1; shift
  local d="$T/$label"; mkdir -p "$d"; cd "$d"
  cp "$T"/*.xml "$T"/speech.al "$T"/media.pcap . 2>/dev/null || true
  sipp -sf uas_answer_media.xml -aa -p "$uas_port" -cp "$uas_cp" -mp "$uas_mp" -i 127.0.0.1 -mi 127.0.0.1 \
    -buff_size 1048576 ${SIPP_OPTS:-} -nostdin -trace_stat -stf uas.csv -fd 1 -trace_err -trace_rtt -rtt_freq 1 \
    -timeout $(( secs + call_s + 120 ))s > uas.log 2>&1 &
  uas_pid=$!
  sleep 0.5
  log0=$(wc -l < "$T/engine.log"); w0=$(wavs)
  e0=$(ticks "$engine_pid"); read -r i0 tt0 < <(idle); s0=$(date +%s.%N)
  sipp 127.0.0.1:$port -sf trunk_uac_media.xml -p "$uac_port" -cp "$uac_cp" -mp "$uac_mp" -i 127.0.0.1 \
    -mi 127.0.0.1 -s 08005550100 -key caller 5511987654321 -key domain 127.0.0.1 -d "$call_ms" "$@" \
    -buff_size 1048576 ${SIPP_OPTS:-} -nostdin -trace_stat -stf uac.csv -fd 1 -trace_err -trace_rtt -rtt_freq 1 \
    -timeout $(( secs + call_s + 90 ))s > uac.log 2>&1 &
  uac_pid=$!
  if [ "$label" != warmup ]; then  # the steady window: every call of the rate is up and new ones replace those ending
    sleep $(( call_s + 3 ))
    m0=$(ticks "$engine_pid"); a0=$(( $(ticks "$uac_pid") + $(ticks "$uas_pid") )); read -r mi0 mt0 < <(idle)
    ms0=$(date +%s.%N); load=$(cut -d' ' -f1 /proc/loadavg)
    sleep $(( secs - call_s - 3 ))
    m1=$(ticks "$engine_pid"); a1=$(( $(ticks "$uac_pid") + $(ticks "$uas_pid") )); read -r mi1 mt1 < <(idle)
    ms1=$(date +%s.%N)
  fi
  wait "$uac_pid" || true; uac_pid=
  e1=$(ticks "$engine_pid"); s1=$(date +%s.%N)
  kill -USR1 "$uas_pid" 2>/dev/null || true   # SIPp's 'q': ends once its calls have (they have)
  for _ in $(seq 1 50); do kill -0 "$uas_pid" 2>/dev/null || break; sleep 0.2; done
  kill "$uas_pid" 2>/dev/null || true; wait "$uas_pid" 2>/dev/null || true; uas_pid=
  sleep 1   # the last recordings closed
  cd "$T"
}

# warm-up: 16 s ramping from 2 calls/s to half the highest rate, 4 s there; its calls end before the first run
half=$(( max_rate / 2 > 2 ? max_rate / 2 : 2 ))
run warmup -r 2 -rate_increase $(( (half - 2 + 3) / 4 )) -rate_interval 4s -rate_max "$half" -no_rate_quit \
  -m $(( half * 12 )) -l $(( half * (call_s + 10) ))
b0=$(ticks "$engine_pid"); bs0=$(date +%s.%N); sleep 5; b1=$(ticks "$engine_pid"); bs1=$(date +%s.%N)
idle_cpu=$(awk -v a="$b0" -v b="$b1" -v s="$bs0" -v e="$bs1" -v hz="$hz" 'BEGIN{printf "%.1f", 100*(b-a)/hz/(e-s)}')
echo "warm-up: $(col warmup/uac.csv 'SuccessfulCall(C)') calls, $(col warmup/uac.csv 'FailedCall(C)') failed;" \
  "engine idle afterwards: $idle_cpu % of one core"

fmt='%-5s %6s %6s %5s %5s %5s %7s %12s %11s %6s %6s %6s %9s %5s %9s %5s %5s %5s %5s %14s %6s %4s %s\n'
printf "$fmt" rate calls ok fail no_ag retr retr_ag setup_ms "ack_ms(ag)" "cpu%" "%/cps" "net" "cpus/call" sipp% \
  "ygc n/ms" idle% load wavs rtp% "lost/legs/MOS" "jit99" "log" notes
for r in "${rates[@]}"; do
  total=$(( r * secs ))
  run "rate$r" -r "$r" -m "$total" -l $(( r * (call_s + 10) ))
  d="$T/rate$r"
  ok=$(col "$d/uac.csv" 'SuccessfulCall(C)'); fail=$(col "$d/uac.csv" 'FailedCall(C)')
  ag_ok=$(col "$d/uas.csv" 'SuccessfulCall(C)'); ag_fail=$(col "$d/uas.csv" 'FailedCall(C)')
  retr=$(col "$d/uac.csv" 'Retransmissions(C)'); ag_retr=$(col "$d/uas.csv" 'Retransmissions(C)')
  # calls the carrier completed that no agent answered (they waited in the queue until the carrier hung up)
  no_agent=$(( ok > ag_ok ? ok - ag_ok : 0 ))
  cpu=$(awk -v a="$m0" -v b="$m1" -v s="$ms0" -v e="$ms1" -v hz="$hz" 'BEGIN{printf "%.1f", 100*(b-a)/hz/(e-s)}')
  per_cps=$(awk -v c="$cpu" -v r="$r" 'BEGIN{printf "%.2f", c/r}')
  net_cps=$(awk -v c="$cpu" -v i="$idle_cpu" -v r="$r" 'BEGIN{printf "%.2f", (c-i)/r}')
  per_call=$(awk -v a="$e0" -v b="$e1" -v hz="$hz" -v n="$ok" 'BEGIN{printf "%.3f", n ? (b-a)/hz/n : 0}')
  sipp_cpu=$(awk -v a="$a0" -v b="$a1" -v s="$ms0" -v e="$ms1" -v hz="$hz" 'BEGIN{printf "%.0f", 100*(b-a)/hz/(e-s)}')
  idle_pct=$(awk -v a=$(( mi1 - mi0 )) -v t=$(( mt1 - mt0 )) 'BEGIN{printf "%.0f", 100*a/t}')
  gc=$(awk -v s="$s0" -v e="$s1" '{t = substr($1, 2, 13) / 1000} t >= s && t <= e && /Pause Young/ {n++; ms += $NF + 0}
    t >= s && t <= e && /Pause Full/ {f++} END{printf "%d/%.0f%s", n, ms, f ? " FULL=" f : ""}' "$T/gc.log")
  w1=$(wavs)
  tail -n +$(( log0 + 1 )) "$T/engine.log" > "$d/engine.log"
  logged=$(grep -c -E ' (WARN|ERROR) ' "$d/engine.log" || true)
  # per leg: "media caller: PCMA, received R sent S lost L jitter J/JMAX ms ..., MOS M" (INFO, at the call's end)
  # and the RTP the engine received against what SIPp should have sent: 50 packets a second, from the ACK to the
  # BYE, on the caller's leg (the whole call) and the agent's (TALK); a starved SIPp sends late and so fewer
  quality=$(awk -v cs="$(( call_ms / 20 ))" -v as="$(( talk * 50 ))" '/ media (caller|callee): / {
      for (i = 1; i <= NF; i++) {if ($i == "lost") l = $(i+1); if ($i == "received") rx += $(i+1);
        if ($i == "jitter") {split($(i+1), j, "/"); jm = j[2] + 0} if ($i == "MOS") m = $(i+1) + 0}
      want += / media caller: / ? cs : as; n++; lost += l; if (l > 0) ll++; print jm > "/dev/stderr"
      if (n == 1 || m < mos) mos = m}
    END{if (n) printf "%d/%d/%s %.0f", lost, ll + 0, mos, 100 * rx / want; else printf "- -"}' "$d/engine.log" \
    2> "$d/jitter.txt")
  rtp_in=${quality#* }; quality=${quality% *}
  jit=$(sort -n "$d/jitter.txt" | awk '{v[NR]=$1}
    END{if (!NR) {print "-"; exit} i=int(NR*0.99)+1; if (i>NR) i=NR; printf "%.0f", v[i]}')
  notes=$(failures "$d/uac.csv"); a=$(failures "$d/uas.csv"); [ -z "$a" ] || notes="$notes agent:$a"
  printf "$fmt" "$r" "$total" "$ok" "$(( fail + ag_fail ))" "$no_agent" "$retr" "$ag_retr" \
    "$(pctl "$d"/trunk_uac_media_*_rtt.csv)" "$(pctl "$d"/uas_answer_media_*_rtt.csv)" "$cpu" "$per_cps" "$net_cps" \
    "$per_call" "$sipp_cpu" "$gc" "$idle_pct" "$load" "$(( w1 - w0 ))" "$rtp_in" "$quality" "$jit" "$logged" "$notes"
  [ -n "${KEEP:-}" ] || rm -rf "$T/data/recordings"
  if [ $(( fail + ag_fail + no_agent )) -gt 0 ] || [ "$ok" -lt "$total" ]; then
    tail -n +$(( log0 + 1 )) "$T/engine.log" | grep -E ' (WARN|ERROR) ' | head -5 | sed 's/^/  engine: /'
    [ -n "${KEEP_GOING:-}" ] || { echo "stopped after the first rate with failed calls (KEEP_GOING=1: all)"; break; }
  fi
done
echo "columns: calls placed; ok = carrier calls completed; fail = failed on either SIPp side; no_ag = completed" \
  "without an agent answering; retr = retransmissions received by the carrier / the agents' UAS;" \
  "setup_ms = INVITE->200 p50/p99/max, ack_ms(ag) = the agent's 200->ACK; cpu% = engine, % of one core, steady" \
  "window; %/cps = that per call/s; net = the same less the engine's idle CPU; cpus/call = engine CPU seconds" \
  "per call over the whole run; sipp% = both SIPp;" \
  "ygc = young GC pauses in the run; idle% = machine idle in the window (of $(nproc) cores); load = 1-min load" \
  "average at the window's start; wavs = recordings written;" \
  "rtp% = RTP packets the engine received, % of what SIPp should have sent;" \
  "lost/legs/MOS = RTP packets lost, legs with loss, lowest MOS (the engine's per-leg report); jit99 = p99 of the" \
  "legs' highest jitter (ms); log = engine WARN/ERROR lines."
echo "logs in $T"
