package org.atende.media.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.utils.SrtpPacketUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP (RFC 3711) for one call leg, keyed by SDES: {@code localKeySalt} protects what Atende sends,
 * {@code remoteKeySalt} authenticates and decrypts what the peer sends. Crypto is jitsi-srtp's.
 *
 * <p><b>Threading:</b> not thread-safe. The session belongs to its call leg's event loop; every method is called
 * there.
 *
 * <p><b>Packets:</b> each method takes a {@link ByteBuf} holding one whole packet between its reader and writer
 * index and transforms it in place. Protecting appends the tag (and for SRTCP the E flag and index), so the buffer
 * needs that much writable room or must be able to grow ({@link ByteBuf#ensureWritable(int, boolean)}); a heap
 * buffer may get a new backing array. Unprotecting shrinks the readable bytes. Nothing is ever thrown for a bad
 * packet: the method returns {@code false}, counts why, and leaves the reference count alone (the caller drops and
 * releases). On {@code false} the indices are unchanged but the bytes are unspecified.
 *
 * <p><b>Copies:</b> a buffer with an accessible array (heap) is worked on in place: no copy. A direct or composite
 * buffer is copied into a scratch array the session keeps and copied back: two copies, no allocation once the
 * scratch array has grown to the largest packet seen. jitsi-srtp itself allocates a little per packet (an IV spec
 * and the HMAC result).
 *
 * <p><b>Streams:</b> crypto contexts are per SSRC and per direction, created on first use and kept for up to
 * {@value #MAX_SSRCS} SSRCs each (least recently used evicted; an evicted stream that comes back starts again with
 * ROC 0, which fails once its sequence numbers have wrapped). A context for an unknown incoming SSRC is only kept
 * once a packet has authenticated with it, so forged SSRCs cannot fill the table. Send-side replay protection is
 * on: sending a sequence number again, or one more than 64 behind, fails rather than reusing key stream.
 */
public final class SrtpSession implements org.atende.media.session.PacketProtection {

    /** SSRCs remembered per direction and per protocol. */
    public static final int MAX_SSRCS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(SrtpSession.class);
    private static final org.jitsi.utils.logging2.Logger JITSI_LOG =
            new Slf4jJitsiLogger(LoggerFactory.getLogger("org.jitsi.srtp"));

    private static final int RTP_HEADER_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final int SRTCP_INDEX_LENGTH = 4;

    private final SrtpSuite suite;
    private final SrtpContextFactory sender;
    private final SrtpContextFactory receiver;
    private final SsrcTable<SrtpCryptoContext> rtpSend = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtpCryptoContext> rtpReceive = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcpSend = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcpReceive = new SsrcTable<>(MAX_SSRCS);
    private final PacketView view = new PacketView();

    /** Receive contexts not yet bound to an SSRC: tried on unknown SSRCs, untouched by packets that fail. */
    private SrtpCryptoContext spareRtpReceive;
    private SrtcpCryptoContext spareRtcpReceive;

    private long authFailures;
    private long replayed;
    private long malformed;
    private long protectFailures;
    private long copiedPackets;
    private boolean closed;

    /**
     * @param suite         the negotiated suite
     * @param localKeySalt  our 30-byte master key||salt, used to protect
     * @param remoteKeySalt the peer's 30-byte master key||salt, used to unprotect
     * @throws IllegalArgumentException when a key is not 30 bytes or both are the same
     */
    public SrtpSession(SrtpSuite suite, byte[] localKeySalt, byte[] remoteKeySalt) {
        this.suite = Objects.requireNonNull(suite, "suite");
        checkKeySalt(localKeySalt, "localKeySalt");
        checkKeySalt(remoteKeySalt, "remoteKeySalt");
        if (Arrays.equals(localKeySalt, remoteKeySalt)) {
            throw new IllegalArgumentException("the two directions must not share a key");
        }
        this.sender = factory(true, suite, localKeySalt);
        this.receiver = factory(false, suite, remoteKeySalt);
    }

    /**
     * Does jitsi-srtp's one-off set-up: loads its bundled OpenSSL glue (extracted to a temporary file by JNA),
     * builds the BouncyCastle provider and benchmarks the AES implementations to pick the fastest. That takes
     * one to several seconds on a small machine, once per process, under a global lock. Call it once at start-up
     * off the event loops; otherwise the first session to see a packet stalls its event loop for that long.
     */
    public static void preload() {
        byte[] a = new byte[SrtpSuite.KEY_SALT_LENGTH];
        byte[] b = new byte[SrtpSuite.KEY_SALT_LENGTH];
        b[0] = 1;
        SrtpSession out = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, a, b);
        SrtpSession in = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, b, a);
        ByteBuf packet = Unpooled.buffer(64);
        try {
            packet.writeByte(0x80).writeByte(0).writeShort(1).writeInt(160).writeInt(0x5EED).writeZero(20);
            if (!out.protectRtp(packet) || !in.unprotectRtp(packet)) {
                LOG.warn("SRTP self-test at preload failed");
            }
        } finally {
            packet.release();
            out.close();
            in.close();
        }
    }

    public SrtpSuite suite() {
        return suite;
    }

    /** Encrypts an RTP packet in place and appends the auth tag; {@code false} if it cannot be protected. */
    public boolean protectRtp(ByteBuf packet) {
        if (closed) {
            return false;
        }
        int room = suite.rtpAuthTagLength();
        try {
            if (!isVersion2(packet, RTP_HEADER_LENGTH) || !makeRoom(packet, room)) {
                protectFailures++;
                return false;
            }
            int ssrc = packet.getInt(packet.readerIndex() + 8);
            SrtpCryptoContext context = rtpSend.get(ssrc);
            if (context == null) {
                context = sender.deriveContext(ssrc, 0);
                rtpSend.put(ssrc, context);
            }
            attach(packet, room);
            if (!SrtpPacketUtils.validatePacketLength(view, 0)
                    || context.transformPacket(view) != SrtpErrorStatus.OK) {
                view.detach();
                protectFailures++;
                return false;
            }
            view.commit();
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            view.detach();
            protectFailures++;
            LOG.debug("SRTP protect failed: {}", e.toString());
            return false;
        }
    }

    /**
     * Authenticates, replay-checks and decrypts an SRTP packet in place, removing the tag; {@code false} (and
     * counted) if it is too short, fails authentication or was seen before.
     */
    public boolean unprotectRtp(ByteBuf packet) {
        if (closed) {
            return false;
        }
        boolean spare = false;
        try {
            if (!isVersion2(packet, RTP_HEADER_LENGTH + suite.rtpAuthTagLength())) {
                malformed++;
                return false;
            }
            int ssrc = packet.getInt(packet.readerIndex() + 8);
            SrtpCryptoContext context = rtpReceive.get(ssrc);
            if (context == null) {
                if (spareRtpReceive == null) {
                    spareRtpReceive = receiver.deriveContext(ssrc, 0);
                }
                context = spareRtpReceive;
                spare = true;
            }
            attach(packet, 0);
            SrtpErrorStatus status = context.reverseTransformPacket(view, false);
            if (status != SrtpErrorStatus.OK) {
                view.detach();
                count(status);
                return false;
            }
            if (spare) {
                rtpReceive.put(ssrc, context);
                spareRtpReceive = null;
            }
            view.commit();
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            view.detach();
            if (spare) {
                spareRtpReceive = null;
            }
            malformed++;
            LOG.debug("SRTP unprotect failed: {}", e.toString());
            return false;
        }
    }

    /**
     * Encrypts an RTCP (compound) packet in place and appends the E flag, SRTCP index and auth tag; {@code false}
     * if it cannot be protected.
     */
    public boolean protectRtcp(ByteBuf packet) {
        if (closed) {
            return false;
        }
        int room = SRTCP_INDEX_LENGTH + suite.rtcpAuthTagLength();
        try {
            if (!isVersion2(packet, RTCP_HEADER_LENGTH) || !makeRoom(packet, room)) {
                protectFailures++;
                return false;
            }
            int ssrc = packet.getInt(packet.readerIndex() + 4);
            SrtcpCryptoContext context = rtcpSend.get(ssrc);
            if (context == null) {
                context = sender.deriveControlContext(ssrc);
                rtcpSend.put(ssrc, context);
            }
            attach(packet, room);
            if (context.transformPacket(view) != SrtpErrorStatus.OK) {
                view.detach();
                protectFailures++;
                return false;
            }
            view.commit();
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            view.detach();
            protectFailures++;
            LOG.debug("SRTCP protect failed: {}", e.toString());
            return false;
        }
    }

    /**
     * Authenticates, replay-checks (SRTCP index) and, when the E flag is set, decrypts an SRTCP packet in place,
     * removing index and tag; {@code false} (and counted) if it is too short, fails authentication or was seen
     * before.
     */
    public boolean unprotectRtcp(ByteBuf packet) {
        if (closed) {
            return false;
        }
        boolean spare = false;
        try {
            if (!isVersion2(packet, RTCP_HEADER_LENGTH + SRTCP_INDEX_LENGTH + suite.rtcpAuthTagLength())) {
                malformed++;
                return false;
            }
            int ssrc = packet.getInt(packet.readerIndex() + 4);
            SrtcpCryptoContext context = rtcpReceive.get(ssrc);
            if (context == null) {
                if (spareRtcpReceive == null) {
                    spareRtcpReceive = receiver.deriveControlContext(ssrc);
                }
                context = spareRtcpReceive;
                spare = true;
            }
            attach(packet, 0);
            SrtpErrorStatus status = context.reverseTransformPacket(view);
            if (status != SrtpErrorStatus.OK) {
                view.detach();
                count(status);
                return false;
            }
            if (spare) {
                rtcpReceive.put(ssrc, context);
                spareRtcpReceive = null;
            }
            view.commit();
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            view.detach();
            if (spare) {
                spareRtcpReceive = null;
            }
            malformed++;
            LOG.debug("SRTCP unprotect failed: {}", e.toString());
            return false;
        }
    }

    /** Incoming packets whose auth tag did not match (forged, corrupted, or keyed differently). */
    public long authFailures() {
        return authFailures;
    }

    /** Incoming packets already received, or older than the 64-packet replay window. */
    public long replayed() {
        return replayed;
    }

    /** Incoming packets too short, not version 2, or otherwise unusable before authentication. */
    public long malformed() {
        return malformed;
    }

    /** Outgoing packets not protected: malformed, no room to grow, a repeated sequence number, or a crypto error. */
    public long protectFailures() {
        return protectFailures;
    }

    /** Packets (either way) that had to be copied because their buffer has no accessible array. */
    public long copiedPackets() {
        return copiedPackets;
    }

    /**
     * Forgets the contexts and wipes the master keys this session holds; later calls return {@code false} without
     * counting.
     * jitsi-srtp gives no way to wipe the session keys inside its ciphers; they go with the garbage.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rtpSend.clear();
        rtpReceive.clear();
        rtcpSend.clear();
        rtcpReceive.clear();
        spareRtpReceive = null;
        spareRtcpReceive = null;
        sender.close();
        receiver.close();
    }

    private void attach(ByteBuf packet, int room) {
        view.attach(packet, room);
        if (view.copied()) {
            copiedPackets++;
        }
    }

    private void count(SrtpErrorStatus status) {
        switch (status) {
            case AUTH_FAIL -> authFailures++;
            case REPLAY_FAIL, REPLAY_OLD -> replayed++;
            default -> malformed++;
        }
    }

    private static boolean isVersion2(ByteBuf packet, int minLength) {
        return packet.readableBytes() >= minLength && (packet.getByte(packet.readerIndex()) & 0xC0) == 0x80;
    }

    /** Makes sure {@code extra} bytes can be written after the packet, growing the buffer if it may. */
    private static boolean makeRoom(ByteBuf packet, int extra) {
        if (packet.isReadOnly()) {
            return false;
        }
        if (packet.writableBytes() >= extra) {
            return true;
        }
        int result = packet.ensureWritable(extra, true);
        return result == 0 || result == 2;
    }

    private static SrtpContextFactory factory(boolean sender, SrtpSuite suite, byte[] keySalt) {
        byte[] key = Arrays.copyOfRange(keySalt, 0, SrtpSuite.MASTER_KEY_LENGTH);
        byte[] salt = Arrays.copyOfRange(keySalt, SrtpSuite.MASTER_KEY_LENGTH, SrtpSuite.KEY_SALT_LENGTH);
        try {
            return new SrtpContextFactory(sender, key, salt, suite.rtpPolicy(), suite.rtcpPolicy(), JITSI_LOG);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    private static void checkKeySalt(byte[] keySalt, String name) {
        Objects.requireNonNull(keySalt, name);
        if (keySalt.length != SrtpSuite.KEY_SALT_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + SrtpSuite.KEY_SALT_LENGTH + " bytes, not "
                    + keySalt.length);
        }
    }
}
