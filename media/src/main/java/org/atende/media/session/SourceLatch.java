package org.atende.media.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a leg's peer is (symmetric RTP): the address its SDP gave, and the source its packets actually come
 * from. Phones behind NAT send from an address their SDP does not show, so media goes to where the peer's
 * packets come from. To keep a stranger from hijacking the stream, the latch takes the first source seen within
 * the first {@link MediaLeg#LATCH_WINDOW} packets after the SDP was applied, and refuses packets from any other
 * address afterwards, except from the SDP address itself, which is always accepted and takes the stream back
 * (so a stranger who raced the phone's first packet loses it as soon as a phone that is not behind NAT speaks).
 * A new SDP address (re-INVITE) opens the window again. RTCP latches onto the first RTCP source on the host RTP
 * comes from.
 *
 * <p>Once the stream is latched onto the SDP address itself, no other source may speak for the peer; the same
 * holds for RTCP once it latched. The latch then names that address as {@link #settled} ({@link #settledRtcp}),
 * and the leg connects its socket to it ({@link RtpEndpoint#connectRtp}): the kernel drops datagrams from any other
 * source, as this latch would, and the leg reads and sends without an address per datagram. A stream latched onto
 * another source (the peer is behind NAT, or a stranger raced it) is not settled: its socket stays unconnected so
 * that the SDP address can still win the stream back. {@code moved} is told whenever the settled addresses may
 * have changed (a latch, a re-latch, a new SDP), never per packet.
 *
 * <p>Not thread-safe: owned by the leg's loop. {@link #acceptRtp} allocates nothing.
 */
final class SourceLatch {

    private static final Logger log = LoggerFactory.getLogger(SourceLatch.class);

    private final String name;
    private final Runnable moved;
    private InetSocketAddress sdpRemote;
    private InetSocketAddress sdpRemoteRtcp;
    private InetSocketAddress latched;
    private InetSocketAddress latchedRtcp;
    private int packetsSinceSdp;

    /** {@code moved} runs (on the leg's loop) whenever {@link #settled} or {@link #settledRtcp} may have changed. */
    SourceLatch(String name, Runnable moved) {
        this.name = name;
        this.moved = moved;
    }

    /** The SDP's RTP address (null: none or on hold) and RTCP port; a new address reopens latching. */
    void sdp(InetSocketAddress remote, int rtcpPort) {
        if (remote == null || !remote.equals(sdpRemote)) {
            latched = null;
            latchedRtcp = null;
            packetsSinceSdp = 0;
        }
        sdpRemote = remote;
        sdpRemoteRtcp = remote == null ? null : new InetSocketAddress(remote.getAddress(), rtcpPort);
        moved.run();
    }

    /** Whether an RTP packet from {@code sender} belongs to the stream (latching onto it if it may). */
    boolean acceptRtp(InetSocketAddress sender) {
        if (latched != null && latched.equals(sender)) {
            return true;
        }
        if (sender.equals(sdpRemote)) {
            latched = sender; // the SDP address is authoritative: it wins back a stream latched onto a stranger
            moved.run();
            return true;
        }
        if (latched != null) {
            return false;
        }
        if (packetsSinceSdp++ < LATCH_WINDOW) {
            latched = sender;
            log.debug("{}: latched RTP to {} (SDP said {})", name, sender, sdpRemote);
            moved.run();
            return true;
        }
        return false;
    }

    private static final int LATCH_WINDOW = MediaLeg.LATCH_WINDOW;

    /** Whether an RTCP packet from {@code sender} belongs to the stream (latching onto it if it may). */
    boolean acceptRtcp(InetSocketAddress sender) {
        if (latchedRtcp != null) {
            return latchedRtcp.equals(sender);
        }
        boolean sameHost = latched != null ? latched.getAddress().equals(sender.getAddress())
                : sdpRemote != null && sdpRemote.getAddress().equals(sender.getAddress());
        if (sameHost) {
            latchedRtcp = sender;
            moved.run();
        }
        return sameHost;
    }

    /**
     * The peer's RTP address once no other source may speak for it (latched onto the SDP address itself); null
     * while unlatched, latched elsewhere (NAT, a stranger), or without an SDP address.
     */
    InetSocketAddress settled() {
        return latched != null && latched.equals(sdpRemote) ? latched : null;
    }

    /** The peer's RTCP address once latched (no other RTCP source is accepted then); null before. */
    InetSocketAddress settledRtcp() {
        return latchedRtcp;
    }

    /** Where RTP goes: the latched source, else the SDP address; null while unknown or on hold. */
    InetSocketAddress remote() {
        return latched != null ? latched : sdpRemote;
    }

    /** Where RTCP goes: the latched RTCP source, else the port after the latched RTP one, else the SDP's. */
    InetSocketAddress remoteRtcp() {
        return latchedRtcp != null ? latchedRtcp
                : latched != null ? new InetSocketAddress(latched.getAddress(), latched.getPort() + 1) : sdpRemoteRtcp;
    }

    /** The SDP address as a socket address; null for none, on hold (0.0.0.0) or not a literal. */
    static InetSocketAddress resolve(String address, int port) {
        if (port <= 0 || address == null || address.equals("0.0.0.0") || address.equals("::")) {
            return null;
        }
        try {
            // SDP carries literal addresses; anything else (a host name) is not looked up on the event loop
            InetAddress literal = InetAddress.getByAddress(address, parseLiteral(address));
            return new InetSocketAddress(literal, port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] parseLiteral(String address) throws UnknownHostException {
        byte[] v4 = io.netty.util.NetUtil.createByteArrayFromIpAddressString(address);
        if (v4 == null) {
            throw new UnknownHostException("not a literal address: " + address);
        }
        return v4;
    }
}
