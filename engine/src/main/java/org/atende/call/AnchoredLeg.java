package org.atende.call;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.atende.media.sdp.NegotiatedMedia;
import org.atende.media.sdp.Origin;
import org.atende.media.sdp.SessionDescription;
import org.atende.media.session.MediaContext;
import org.atende.media.session.MediaLeg;
import org.atende.media.session.MediaSession;
import org.atende.media.srtp.CryptoAttribute;
import org.atende.media.srtp.SdesAnswer;
import org.atende.media.srtp.SrtpSession;

/**
 * One leg of a call's anchored media as its offer/answer sees it ({@link MediaNegotiation}): the RTP endpoint,
 * opened on first use and joined to the session; our o= line and the SDP we sent last (RFC 3264 §8 versions); what
 * was agreed; our offer awaiting its answer; the remote's offer we answered; the SRTP keys. Runs on the call's
 * event loop only.
 */
final class AnchoredLeg {

    final CallLeg.Side side;
    private final MediaContext ctx;
    private final MediaSession session;
    /** The endpoint; null until opened, and again once the callee's is dropped (survey). */
    MediaLeg leg;
    private Origin origin;
    /** The SDP we sent last without its o= line, to tell whether the next one changed. */
    String lastBody;
    NegotiatedMedia agreed;
    SessionDescription pendingOffer;
    /** The remote's last offer that we answered, for {@link MediaNegotiation#answerAgain}. */
    byte[] answeredOffer;
    /** SRTP: the keys in use, the remote's crypto lines they answer, our offered lines (callee leg). */
    SdesAnswer sdes;
    List<String> remoteCrypto = List.of();
    String remoteCryptoAnswer;
    List<CryptoAttribute> offeredCrypto;
    private SrtpSession srtp;

    AnchoredLeg(CallLeg.Side side, MediaContext ctx, MediaSession session) {
        this.side = side;
        this.ctx = ctx;
        this.session = session;
    }

    /** Opens the endpoint if it is not yet; false when no RTP port pair is free. */
    boolean open() {
        if (leg == null) {
            leg = MediaLeg.open(ctx, session.callId() + (side == CallLeg.Side.A ? " caller" : " callee"));
            if (leg == null) {
                return false;
            }
            if (side == CallLeg.Side.A) {
                session.setCaller(leg);
            } else {
                session.setOther(leg);
            }
        }
        return true;
    }

    Origin origin() {
        if (origin == null) {
            origin = Origin.of("atende", Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 48)),
                    1, ctx.advertisedAddress());
        }
        return origin;
    }

    /** Switches the leg to {@code keys} (null: plain RTP); unchanged keys keep the running session. */
    void useKeys(SdesAnswer keys) {
        if (keys == sdes && (keys == null || srtp != null)) {
            return;
        }
        if (srtp != null) {
            srtp.close();
        }
        sdes = keys;
        srtp = keys == null ? null : keys.newSession();
        leg.setProtection(srtp);
    }

    void apply(NegotiatedMedia media) {
        agreed = media;
        leg.configure(media);
        leg.detectInbandDigits(media.telephoneEventPayloadType().isEmpty());
    }

    /**
     * Our SDP for this leg as bytes, with o= version incremented whenever the content differs from what we
     * sent last (RFC 3264 §8), unchanged otherwise.
     */
    byte[] versioned(Function<Origin, SessionDescription> build) {
        String text = build.apply(origin()).format();
        String withoutOrigin = text.replaceFirst("o=[^\r\n]*", "");
        if (lastBody != null && !lastBody.equals(withoutOrigin)) {
            origin = origin.nextVersion();
            text = build.apply(origin).format();
        }
        lastBody = withoutOrigin;
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
