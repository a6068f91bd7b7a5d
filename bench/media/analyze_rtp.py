#!/usr/bin/env python3
"""What Atende did to the RTP it relayed, from a loopback capture (pcap, Ethernet or Linux cooked, IPv4).

    analyze_rtp.py CAPTURE.pcap [--ports 10000-19999] [--guard 0.5]

Atende's RTP ports are the --ports range (even ports; odd ones carry RTCP and are ignored). A packet *to* such a
port is ingress, one *from* it egress. Streams are named by Atende's port: ingress stream A (a leg receiving)
and egress stream B (the other leg of the same call sending).

Matching. A relay rewrites sequence number, timestamp, SSRC and payload type but keeps the payload, so:
 1. Pairing: each egress packet votes for the ingress stream holding the latest earlier packet (within 100 ms)
    with the same payload bytes (the first bytes the capture kept); payloads that occur at several places of the
    played audio (silence) do not vote. Egress and ingress streams are then paired one to one, strongest votes
    first. Every call plays the same audio, started at different times, so this is right while forwarding takes
    less time than the gap between two call starts; calls started within the same millisecond split their votes
    (counted as "weak"; "conflicts" are egress streams not given their top-voted ingress stream). A swap between
    such twins moves sub-millisecond differences between them and changes no total.
 2. Per pair, the sequence offset (egress seq - ingress seq, fixed per relay segment) is the most common offset of
    the votes; an egress packet matches the ingress packet with its sequence number minus the offset and the same
    payload bytes.
Ingress packets arriving in the capture window less --guard seconds at each end that have no match were lost by
Atende (an ingress stream with no egress stream at all loses all its packets; a packet held over 1 s counts as lost
and its late copy as an unmatched egress packet).

Figures:
  forwarding delay   egress capture time - ingress capture time of matched packets (p50/p99/max, all streams)
  added jitter       |delay(i) - delay(i-1)| for consecutive packets of a stream: how much Atende changed the
                     spacing of packets (p50/p99/max, all streams) -- the headline jitter figure
  RFC 3550 jitter    interarrival jitter J (A.8, 1/16 gain) of each ingress and egress stream; reported as the
                     mean and max over streams of J(egress) - J(ingress)
  ingress timing     |arrival gap - RTP timestamp gap| of consecutive ingress packets: how evenly the senders
                     (SIPp) sent, before Atende touched anything
  pps                ingress + egress RTP packets per second on Atende's ports
  stalls             packets held over 5 ms, grouped into bursts (less than 100 ms apart): a burst across many
                     streams is the whole engine stopping (GC pause, no CPU)

Prints a readable report and, last, one line of key=value pairs for scripts.
"""
import argparse
import bisect
import collections
import struct
import sys


def percentile(values, p):
    if not values:
        return float('nan')
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def read_capture(path, lo, hi):
    """Returns (ingress, egress, first_t, last_t): dicts port -> list of (t, seq, ts, payload-prefix)."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        endian = '<'
    elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
        endian = '>'
    else:
        sys.exit(f'{path}: not a pcap file')
    nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    if linktype == 1:
        l2, ethertype_at = 14, 12
    elif linktype == 113:
        l2, ethertype_at = 16, 14
    else:
        sys.exit(f'{path}: link type {linktype} (want Ethernet or Linux cooked)')
    record = struct.Struct(endian + 'IIII')
    ingress = collections.defaultdict(list)
    egress = collections.defaultdict(list)
    first = last = None
    off = 24
    n = len(data)
    scale = 1e-9 if nano else 1e-6
    while off + 16 <= n:
        sec, frac, incl, _ = record.unpack_from(data, off)
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(pkt) < l2 + 20 + 8 + 12 or pkt[ethertype_at:ethertype_at + 2] != b'\x08\x00':
            continue
        ip = l2
        if pkt[ip + 9] != 17:
            continue
        udp = ip + (pkt[ip] & 0x0F) * 4
        sport, dport = struct.unpack_from('!HH', pkt, udp)
        rtp = udp + 8
        if len(pkt) < rtp + 12 or pkt[rtp] >> 6 != 2:
            continue
        pt = pkt[rtp + 1] & 0x7F
        if 72 <= pt <= 76:
            continue  # RTCP
        t = sec + frac * scale
        if first is None:
            first = t
        last = t
        seq, ts = struct.unpack_from('!HI', pkt, rtp + 2)
        header = 12 + 4 * (pkt[rtp] & 0x0F)
        key = pkt[rtp + header:]
        if lo <= dport <= hi and dport % 2 == 0 and not lo <= sport <= hi:
            ingress[dport].append((t, seq, ts, key))
        elif lo <= sport <= hi and sport % 2 == 0 and not lo <= dport <= hi:
            egress[sport].append((t, seq, ts, key))
    return ingress, egress, first, last


def ts_delta(ts0, ts1):
    """ts1 - ts0 as a signed 32-bit RTP timestamp difference."""
    return ((ts1 - ts0 + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def rfc3550_jitter(packets):
    """Interarrival jitter (RFC 3550 A.8) in seconds at the end of the stream; 8 kHz clock."""
    j = 0.0
    for (t0, _, ts0, _), (t1, _, ts1, _) in zip(packets, packets[1:]):
        d = (t1 - t0) - ts_delta(ts0, ts1) / 8000.0
        j += (abs(d) - j) / 16.0
    return j


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('capture')
    ap.add_argument('--ports', default='10000-19999', help="Atende's RTP port range (default 10000-19999)")
    ap.add_argument('--guard', type=float, default=0.5, help='seconds left out at each end of the window')
    args = ap.parse_args()
    lo, hi = (int(x) for x in args.ports.split('-'))
    ingress, egress, first, last = read_capture(args.capture, lo, hi)
    if first is None:
        sys.exit('no RTP on Atende ports in the capture')
    window = last - first
    packets_in = sum(len(v) for v in ingress.values())
    packets_out = sum(len(v) for v in egress.values())

    # payload -> [(t, port, seq)] in time order; payloads met at distant sequence numbers are ambiguous
    index = collections.defaultdict(list)
    seqs_of = collections.defaultdict(set)
    for port, pkts in ingress.items():
        for t, seq, _, key in pkts:
            index[key].append((t, port, seq))
            seqs_of[key].add(seq)
    for entries in index.values():
        entries.sort()
    ambiguous = set()
    for key, seqs in seqs_of.items():
        s = sorted(seqs)
        if any(b - a < 200 for a, b in zip(s, s[1:])):
            ambiguous.add(key)
    times_of = {key: [e[0] for e in entries] for key, entries in index.items()}

    votes = {}     # egress port -> Counter(ingress port -> votes)
    offs = {}      # egress port -> Counter((ingress port, seq offset) -> votes)
    for b, pkts in egress.items():
        v = votes[b] = collections.Counter()
        o = offs[b] = collections.Counter()
        for t, seq, _, key in pkts:
            if key in ambiguous or key not in index:
                continue
            times = times_of[key]
            i = bisect.bisect_right(times, t) - 1
            if i < 0 or t - times[i] > 0.1:
                continue
            _, a, seq_in = index[key][i]
            v[a] += 1
            o[(a, (seq - seq_in) & 0xFFFF)] += 1
    # one egress stream per ingress stream: strongest votes first. Calls whose audio started within the same
    # millisecond look alike (same packets at the same time); they split their votes and are told apart here.
    pair = {}      # egress port -> ingress port
    taken = set()
    weak = 0
    for count, b, a in sorted(((c, b, a) for b, v in votes.items() for a, c in v.items()), reverse=True):
        if b in pair or a in taken:
            continue
        pair[b] = a
        taken.add(a)
        if count < 0.9 * sum(votes[b].values()):
            weak += 1
    offsets = {}   # egress port -> set of seq offsets
    for b, a in pair.items():
        top = max(c for (aa, _), c in offs[b].items() if aa == a)
        offsets[b] = {o for (aa, o), c in offs[b].items() if aa == a and c >= max(3, 0.05 * top)}
    conflicts = sum(1 for b, v in votes.items() if v and pair.get(b) != v.most_common(1)[0][0])

    by_seq = {a: {seq: (t, key) for t, seq, _, key in pkts} for a, pkts in ingress.items()}
    matched = {}   # ingress port -> {seq: delay}
    unmatched_out = 0
    delays, added = [], []
    slow = []      # (ingress time, delay) of packets held more than 5 ms
    jitter_delta = []
    for b, pkts in egress.items():
        a = pair.get(b)
        got = matched.setdefault(a, {}) if a is not None else None
        prev = None
        for t, seq, _, key in pkts:
            hit = None
            if a is not None:
                for o in offsets[b]:
                    s_in = (seq - o) & 0xFFFF
                    entry = by_seq[a].get(s_in)
                    if entry and entry[1] == key and 0 <= t - entry[0] < 1.0:
                        hit = (s_in, t - entry[0])
                        break
            if hit is None:
                unmatched_out += 1
                prev = None
                continue
            s_in, d = hit
            got[s_in] = d
            delays.append(d)
            if d > 0.005:
                slow.append((t - d, d))
            if prev is not None and ((s_in - prev[0]) & 0xFFFF) == 1:
                added.append(abs(d - prev[1]))
            prev = hit
        if a is not None and len(pkts) > 16 and len(ingress[a]) > 16:
            jitter_delta.append(rfc3550_jitter(pkts) - rfc3550_jitter(ingress[a]))

    lost_by_stream = {}
    considered = 0
    for a, pkts in ingress.items():
        got = matched.get(a, {})
        lost = 0
        for t, seq, _, _ in pkts:
            if first + args.guard <= t <= last - args.guard:
                considered += 1
                if seq not in got:
                    lost += 1
        if lost:
            lost_by_stream[a] = lost
    lost_total = sum(lost_by_stream.values())

    timing = []
    for pkts in ingress.values():
        for (t0, _, ts0, _), (t1, _, ts1, _) in zip(pkts, pkts[1:]):
            timing.append(abs((t1 - t0) - ts_delta(ts0, ts1) / 8000.0))

    ms = 1000.0
    print(f'capture window {window:.1f} s: {len(ingress)} ingress streams, {len(egress)} egress streams, '
          f'{len(pair)} paired ({conflicts} pairing conflicts, {weak} weak majorities)')
    print(f'packets in {packets_in}, out {packets_out}, pps (in+out) {(packets_in + packets_out) / window:.0f}')
    print(f'loss added by Atende: {lost_total} of {considered} ingress packets in the guarded window '
          f'({100.0 * lost_total / max(1, considered):.3f} %), in {len(lost_by_stream)} streams; '
          f'egress packets not matched: {unmatched_out}')
    for a, lost in sorted(lost_by_stream.items(), key=lambda x: -x[1])[:10]:
        print(f'  stream to :{a}: {lost} lost of {len(ingress[a])}' + ('' if a in matched else ' (no egress stream)'))
    print(f'forwarding delay ms: p50 {percentile(delays, 50) * ms:.3f} p99 {percentile(delays, 99) * ms:.3f} '
          f'max {max(delays, default=float("nan")) * ms:.3f} ({len(delays)} packets)')
    print(f'added jitter |delay(i)-delay(i-1)| ms: p50 {percentile(added, 50) * ms:.3f} '
          f'p99 {percentile(added, 99) * ms:.3f} max {max(added, default=float("nan")) * ms:.3f}')
    # packets held long come in bursts when the whole engine stalls (GC, CPU taken by other processes)
    bursts = []
    for t_in, d in sorted(slow):
        if bursts and t_in - bursts[-1][1] < 0.1:
            b = bursts[-1]
            bursts[-1] = (b[0], t_in, b[2] + 1, max(b[3], d))
        else:
            bursts.append((t_in, t_in, 1, d))
    print(f'packets held > 5 ms: {len(slow)}, in {len(bursts)} bursts; longest:')
    for t0, t1, count, worst in sorted(bursts, key=lambda b: -b[3])[:5]:
        print(f'  at +{t0 - first:.3f} s: {count} packets over {(t1 - t0) * ms:.0f} ms, worst {worst * ms:.1f} ms')
    mean_dj = sum(jitter_delta) / len(jitter_delta) if jitter_delta else float('nan')
    print(f'RFC 3550 jitter, egress minus ingress, ms: mean {mean_dj * ms:.3f} '
          f'max {max(jitter_delta, default=float("nan")) * ms:.3f} over {len(jitter_delta)} streams')
    print(f'ingress timing (sender) |gap - 20 ms| ms: p50 {percentile(timing, 50) * ms:.3f} '
          f'p99 {percentile(timing, 99) * ms:.3f} max {max(timing, default=float("nan")) * ms:.3f}')
    print(' '.join([
        f'window_s={window:.1f}', f'streams_in={len(ingress)}', f'streams_out={len(egress)}',
        f'paired={len(pair)}', f'conflicts={conflicts}',
        f'pkts_in={packets_in}', f'pkts_out={packets_out}', f'pps={(packets_in + packets_out) / window:.0f}',
        f'lost={lost_total}', f'considered={considered}', f'unmatched_out={unmatched_out}',
        f'delay_p50_ms={percentile(delays, 50) * ms:.3f}', f'delay_p99_ms={percentile(delays, 99) * ms:.3f}',
        f'delay_max_ms={max(delays, default=float("nan")) * ms:.3f}',
        f'added_jitter_p99_ms={percentile(added, 99) * ms:.3f}',
        f'added_jitter_max_ms={max(added, default=float("nan")) * ms:.3f}',
        f'rfc3550_dj_mean_ms={mean_dj * ms:.3f}',
        f'ingress_gap_dev_p99_ms={percentile(timing, 99) * ms:.3f}',
        f'ingress_gap_dev_max_ms={max(timing, default=float("nan")) * ms:.3f}',
        f'held_over_5ms={len(slow)}', f'stall_bursts={len(bursts)}', f'first_epoch={first:.3f}',
    ]))


if __name__ == '__main__':
    main()
