package org.atende.call;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.atende.media.sdp.Answer;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.LocalMedia;
import org.atende.media.sdp.MediaDescription;
import org.atende.media.sdp.MediaLine;
import org.atende.media.sdp.NegotiatedMedia;
import org.atende.media.sdp.Negotiation;
import org.atende.media.sdp.OfferAnswer;
import org.atende.media.sdp.SdpLine;
import org.atende.media.sdp.SdpParseException;
import org.atende.media.sdp.SessionDescription;
import org.atende.media.srtp.CryptoAttribute;
import org.atende.media.srtp.SdesAnswer;
import org.atende.media.srtp.SdesNegotiator;

/**
 * The RFC 3264 offer/answer of one call's anchored media, on each {@link AnchoredLeg} separately: Atende answers
 * the remote's offer or makes its own, takes the remote's answer, and configures the leg's endpoint with what was
 * agreed, SDES keys (RFC 4568) included.
 *
 * <p>Codec choice favours relaying: the callee is offered the caller's codec first, and whenever an offer or an
 * answer on one leg lists a codec the other leg agreed, that one is chosen, even when listed later; the caller's
 * answer, held back until the callee answers, is chosen again then ({@link #answerAgain}). Packets then pass
 * untouched; only legs with no codec in common are transcoded.
 *
 * <p>Runs on the call's event loop only.
 */
final class MediaNegotiation {

    /** The result of an offer/answer step: our SDP, or why the step failed (the SIP status to answer). */
    sealed interface Outcome {
        record Sdp(byte[] body) implements Outcome {
        }

        record Refused(int status, String reason) implements Outcome {
        }
    }

    private static final Outcome NO_PORTS = new Outcome.Refused(503, "Service Unavailable");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Codec> codecs;
    private final boolean srtpToCallee;
    private final AnchoredLeg caller;
    private final AnchoredLeg callee;

    /** {@code codecs}: ours, in preference order; {@code srtpToCallee}: the callee is offered SRTP only. */
    MediaNegotiation(List<Codec> codecs, boolean srtpToCallee, AnchoredLeg caller, AnchoredLeg callee) {
        this.codecs = List.copyOf(codecs);
        this.srtpToCallee = srtpToCallee;
        this.caller = caller;
        this.callee = callee;
    }

    /** Answers a remote offer on {@code side} (the caller's INVITE, or a re-INVITE/UPDATE from either side). */
    Outcome answer(CallLeg.Side side, byte[] offerBody) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerBody);
        } catch (SdpParseException e) {
            return new Outcome.Refused(400, "Bad SDP: " + e.getMessage());
        }
        AnchoredLeg state = state(side);
        if (!state.open()) {
            return NO_PORTS;
        }
        LocalMedia local = state.leg.localMedia(codecsFor(side));
        List<Codec> prefer = preferred(side);
        Answer answer = OfferAnswer.answer(offer, local, state.origin(), prefer);
        if (answer instanceof Answer.NoCommonCodec none) {
            return new Outcome.Refused(488, "Not Acceptable Here");
        }
        Answer.Accepted accepted = (Answer.Accepted) answer;
        int index = accepted.media().mediaIndex();
        MediaDescription offered = offer.media().get(index);
        SdesAnswer keys = null;
        if (secure(offered)) {
            List<String> crypto = cryptoValues(offered);
            keys = crypto.equals(state.remoteCrypto) && state.sdes != null ? state.sdes
                    : SdesNegotiator.answer(crypto, RANDOM).orElse(null);
            if (keys == null) {
                return new Outcome.Refused(488, "Not Acceptable Here"); // SRTP without a suite we support
            }
            state.remoteCrypto = crypto;
        } else {
            state.remoteCrypto = List.of();
        }
        state.useKeys(keys);
        state.apply(accepted.media());
        state.pendingOffer = null;
        state.answeredOffer = offerBody;
        SdesAnswer chosen = keys;
        return new Outcome.Sdp(state.versioned(o -> withCrypto(
                ((Answer.Accepted) OfferAnswer.answer(offer, local, o, prefer)).sdp(), index, null,
                chosen == null ? List.of() : List.of(chosen.attributeValue()))));
    }

    /**
     * Our answer to {@code side}'s offer chosen again now that the other leg has agreed its media, so that the
     * legs share a codec whenever the offer has one the other leg agreed; for an answer that has not left yet
     * (the caller's, sent in the first 18x with SDP or the 200 once the callee answers). Same o= version: the
     * first answer was never seen. Returns the answer to send, {@code previous} when there is nothing to redo.
     */
    byte[] answerAgain(CallLeg.Side side, byte[] previous) {
        AnchoredLeg state = state(side);
        if (previous == null || state.answeredOffer == null || state.pendingOffer != null) {
            return previous;
        }
        String sentBefore = state.lastBody;
        state.lastBody = null;
        Outcome again = answer(side, state.answeredOffer);
        if (again instanceof Outcome.Sdp sdp) {
            return sdp.body();
        }
        state.lastBody = sentBefore; // cannot happen (the same offer was accepted before): keep the first answer
        return previous;
    }

    /** Our offer on {@code side}: the callee's INVITE, the caller's 200 after a delayed offer, a re-INVITE without SDP. */
    Outcome offer(CallLeg.Side side) {
        AnchoredLeg state = state(side);
        if (!state.open()) {
            return NO_PORTS;
        }
        LocalMedia local = state.leg.localMedia(codecsFor(side));
        boolean srtp = side == CallLeg.Side.B && srtpToCallee;
        if (srtp && state.offeredCrypto == null) {
            state.offeredCrypto = SdesNegotiator.offer(RANDOM);
        }
        List<String> crypto = srtp ? state.offeredCrypto.stream().map(CryptoAttribute::format).toList() : List.of();
        byte[] body = state.versioned(o -> withCrypto(OfferAnswer.createOffer(local, o, Direction.SENDRECV), 0,
                srtp ? "RTP/SAVP" : null, crypto));
        try {
            state.pendingOffer = SessionDescription.parse(body);
        } catch (SdpParseException e) {
            throw new IllegalStateException("our own offer does not parse", e);
        }
        return new Outcome.Sdp(body);
    }

    /** The remote's answer to our offer on {@code side} (in a 18x, a 2xx or an ACK). */
    Outcome answered(CallLeg.Side side, byte[] answerBody) {
        AnchoredLeg state = state(side);
        if (state.pendingOffer == null) {
            return new Outcome.Refused(488, "Not Acceptable Here"); // an answer to nothing: ignore it
        }
        SessionDescription answer;
        try {
            answer = SessionDescription.parse(answerBody);
        } catch (SdpParseException e) {
            return new Outcome.Refused(400, "Bad SDP: " + e.getMessage());
        }
        Negotiation n = OfferAnswer.negotiated(state.pendingOffer, answer, preferred(side));
        if (n instanceof Negotiation.NoCommonCodec none) {
            return new Outcome.Refused(488, none.reason());
        }
        NegotiatedMedia agreed = ((Negotiation.Agreed) n).media();
        SdesAnswer keys = null;
        if (secure(state.pendingOffer.media().get(agreed.mediaIndex()))) {
            MediaDescription answered = answer.media().get(agreed.mediaIndex());
            List<String> crypto = cryptoValues(answered);
            if (!secure(answered) || crypto.size() != 1) {
                return new Outcome.Refused(488, "SRTP offered, answer has no usable a=crypto");
            }
            keys = crypto.get(0).equals(state.remoteCryptoAnswer) && state.sdes != null ? state.sdes
                    : SdesNegotiator.accept(state.offeredCrypto, crypto.get(0)).orElse(null);
            if (keys == null) {
                return new Outcome.Refused(488, "SRTP answer does not match our offer");
            }
            state.remoteCryptoAnswer = crypto.get(0);
        }
        state.useKeys(keys);
        state.apply(agreed);
        return new Outcome.Sdp(answerBody);
    }

    /** Whether {@code side} has agreed media (an answer was given or received). */
    boolean agreed(CallLeg.Side side) {
        return state(side).agreed != null;
    }

    // ---- helpers ----

    private static boolean secure(MediaDescription m) {
        return m.proto().toUpperCase(Locale.ROOT).startsWith("RTP/SAVP");
    }

    private static List<String> cryptoValues(MediaDescription m) {
        return m.attributes().stream().filter(l -> l.isAttribute("crypto")).map(SdpLine::attributeValue).toList();
    }

    /** {@code sdp} with media line {@code index} given {@code proto} (if not null) and {@code crypto} attributes. */
    private static SessionDescription withCrypto(SessionDescription sdp, int index, String proto, List<String> crypto) {
        if (proto == null && crypto.isEmpty()) {
            return sdp;
        }
        List<MediaDescription> media = new ArrayList<>(sdp.media());
        MediaDescription m = media.get(index);
        MediaLine line = m.mediaLine();
        if (proto != null) {
            line = new MediaLine(line.media(), line.port(), line.portCount(), proto, line.formats());
        }
        List<SdpLine> lines = new ArrayList<>();
        for (String c : crypto) {
            lines.add(SdpLine.attribute("crypto", c));
        }
        lines.addAll(m.lines());
        media.set(index, new MediaDescription(line, lines));
        return new SessionDescription(sdp.sessionLines(), media);
    }

    private AnchoredLeg state(CallLeg.Side side) {
        return side == CallLeg.Side.A ? caller : callee;
    }

    /**
     * The codecs to choose first on {@code side} when an offer or answer lists several: those the other leg
     * agreed (its chosen one first), so that packets can be relayed, then the one this leg has already (no needless
     * change on a re-INVITE).
     */
    private List<Codec> preferred(CallLeg.Side side) {
        AnchoredLeg own = state(side);
        AnchoredLeg other = side == CallLeg.Side.A ? callee : caller;
        List<Codec> prefer = new ArrayList<>();
        if (other.agreed != null && other.leg != null) {
            prefer.addAll(other.agreed.codecs());
        }
        if (own.agreed != null && !prefer.contains(own.agreed.codec())) {
            prefer.add(own.agreed.codec());
        }
        return prefer;
    }

    /** Our codecs in preference order, with the codec already agreed on the other leg first (so we can relay). */
    private List<Codec> codecsFor(CallLeg.Side side) {
        AnchoredLeg other = side == CallLeg.Side.A ? callee : caller;
        List<Codec> ordered = new ArrayList<>();
        if (other.agreed != null && codecs.contains(other.agreed.codec())) {
            ordered.add(other.agreed.codec());
        }
        for (Codec c : codecs) {
            if (!ordered.contains(c)) {
                ordered.add(c);
            }
        }
        ordered.add(Codec.TELEPHONE_EVENT);
        return ordered;
    }
}
