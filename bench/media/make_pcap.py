#!/usr/bin/env python3
"""Writes a pcap for SIPp's play_pcap_audio: SECONDS of 20 ms PCMA RTP packets (160-byte payload, payload type 8),
one SSRC, sequence numbers and timestamps continuous from start to end.

The audio is the speech of SIPp's own sample (/usr/share/sip-tester/g711a.pcap, 30 ms packets, 7 s), cut into 20 ms
frames and looped. One long continuous stream, rather than SIPp looping the 7 s sample, keeps Atende relaying one
segment per call (no sequence restarts, which a relay treats as a new source) and matches the 20 ms framing of
real phones.

    make_pcap.py SECONDS OUT.pcap [SOURCE.pcap]
"""
import struct
import sys

ETHERNET = 1


def read_payloads(path):
    """RTP payloads of the UDP packets of an Ethernet pcap, in file order."""
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    if linktype != ETHERNET:
        sys.exit(f'{path}: link type {linktype}, expected Ethernet')
    payloads, off = [], 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + 'I', data[off + 8:off + 12])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(pkt) < 14 + 20 + 8 + 12 or pkt[12:14] != b'\x08\x00' or pkt[14 + 9] != 17:
            continue
        udp = 14 + (pkt[14] & 0x0F) * 4
        rtp = pkt[udp + 8:]
        header = 12 + 4 * (rtp[0] & 0x0F)
        payloads.append(rtp[header:])
    return payloads


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    seconds = float(sys.argv[1])
    out = sys.argv[2]
    source = sys.argv[3] if len(sys.argv) > 3 else '/usr/share/sip-tester/g711a.pcap'
    audio = b''.join(read_payloads(source))
    frames = [audio[i:i + 160] for i in range(0, len(audio) - 159, 160)]
    count = int(seconds * 50)
    ssrc = 0x5EED0008
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, ETHERNET))
        for i in range(count):
            rtp = struct.pack('!BBHII', 0x80, (0x80 if i == 0 else 0) | 8, (1 + i) & 0xFFFF,
                              (160 * i) & 0xFFFFFFFF, ssrc) + frames[i % len(frames)]
            udp = struct.pack('!HHHH', 5000, 6000, 8 + len(rtp), 0) + rtp
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i & 0xFFFF, 0, 64, 17, 0,
                             bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
            frame = b'\x00' * 12 + b'\x08\x00' + ip + udp
            usec = i * 20_000
            f.write(struct.pack('<IIII', usec // 1_000_000, usec % 1_000_000, len(frame), len(frame)))
            f.write(frame)
    print(f'{out}: {count} packets, {count / 50:.1f} s, {len(frames)} distinct 20 ms frames looped')


if __name__ == '__main__':
    main()
