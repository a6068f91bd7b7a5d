package org.atende.call;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.atende.media.sdp.Answer;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.LocalMedia;
import org.atende.media.recorder.CallRecorder;
import org.atende.media.recorder.RecordingResult;
import org.atende.media.sdp.MediaDescription;
import org.atende.media.sdp.MediaLine;
import org.atende.media.sdp.SdpLine;
import org.atende.media.srtp.CryptoAttribute;
import org.atende.media.srtp.SdesAnswer;
import org.atende.media.srtp.SdesNegotiator;
import org.atende.media.srtp.SrtpSession;
import org.atende.media.sdp.NegotiatedMedia;
import org.atende.media.sdp.Negotiation;
import org.atende.media.sdp.OfferAnswer;
import org.atende.media.sdp.Origin;
import org.atende.media.sdp.SdpParseException;
import org.atende.media.sdp.SessionDescription;
import org.atende.media.session.DigitSource;
import org.atende.media.session.MediaContext;
import org.atende.media.session.MediaLeg;
import org.atende.media.session.MediaSession;

/**
 * The anchored media of one {@link Call}: Atende is the offerer or answerer on each leg separately (RFC 3264),
 * owns an RTP endpoint per leg, and connects the legs in a {@link MediaSession}. Each leg's SDP is Atende's own:
 * the caller never sees the callee's addresses or codecs and the reverse, and a re-INVITE on one leg (hold, a
 * new address, a codec change) is answered here without disturbing the other.
 *
 * <p>Codec choice favours relaying: the callee is offered the caller's codec first, and whenever an offer or
 * an answer on one leg lists a codec the other leg agreed, that one is chosen, even when listed later; the
 * caller's answer, held back until the callee answers, is chosen again then ({@link #answerAgain}). Packets
 * then pass untouched; only legs with no codec in common are transcoded.
 *
 * <p>Runs on the call's event loop only.
 */
public final class CallMedia implements MediaSession.Listener {

    /** The result of an offer/answer step: our SDP, or why the step failed (the SIP status to answer). */
    sealed interface Outcome {
        record Sdp(byte[] body) implements Outcome {
        }

        record Refused(int status, String reason) implements Outcome {
        }
    }

    /** What the media reports to the call. */
    interface Events {
        void mediaTimedOut(CallLeg.Side side);

        void digit(CallLeg.Side side, char digit, int durationMs, DigitSource source);

        /** A playback on {@code side}'s leg ended by itself. */
        default void playbackDone(CallLeg.Side side, boolean interrupted) {
        }
    }

    private static final Outcome NO_PORTS = new Outcome.Refused(503, "Service Unavailable");

    private final MediaContext ctx;
    private final List<Codec> codecs;
    private final Events events;
    private final MediaSession session;
    private final LegState caller = new LegState(CallLeg.Side.A);
    private final LegState callee = new LegState(CallLeg.Side.B);
    private final Recordings recordings;
    private final boolean srtpToCallee;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private CallRecorder recorder;

    /** Opens recordings (the engine's recording writer); non-blocking, any thread. */
    public interface Recordings {
        CallRecorder open(String callId, java.nio.file.Path directory);
    }

    CallMedia(MediaContext ctx, List<Codec> codecs, Recordings recordings, boolean srtpToCallee, String callId,
              Events events) {
        this.srtpToCallee = srtpToCallee;
        this.ctx = ctx;
        this.recordings = recordings;
        this.codecs = List.copyOf(codecs);
        this.events = events;
        this.session = new MediaSession(ctx, callId, this);
    }

    MediaSession session() {
        return session;
    }

    /** Answers a remote offer on {@code side} (the caller's INVITE, or a re-INVITE/UPDATE from either side). */
    Outcome answer(CallLeg.Side side, byte[] offerBody) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerBody);
        } catch (SdpParseException e) {
            return new Outcome.Refused(400, "Bad SDP: " + e.getMessage());
        }
        LegState state = state(side);
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
        LegState state = state(side);
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
        LegState state = state(side);
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
        LegState state = state(side);
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

    /** Connects caller and callee. */
    void bridge() {
        if (caller.leg != null && callee.leg != null) {
            session.bridge();
        }
    }

    /** The echo application: the caller hears themselves. */
    void echo() {
        if (caller.leg != null) {
            session.echo();
        }
    }

    /** A SIP INFO with a key press (application/dtmf-relay, or application/dtmf) from {@code side}. */
    boolean info(CallLeg.Side side, String contentSubtype, byte[] body) {
        LegState state = state(side);
        if (state.leg == null || body == null) {
            return false;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        char digit = 0;
        int duration = 250;
        if ("dtmf".equalsIgnoreCase(contentSubtype)) {
            digit = dtmfDigit(text.strip());
        } else {
            for (String line : text.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                if (key.equalsIgnoreCase("Signal")) {
                    digit = dtmfDigit(value);
                } else if (key.equalsIgnoreCase("Duration")) {
                    try {
                        duration = Math.max(0, Math.min(60_000, Integer.parseInt(value)));
                    } catch (NumberFormatException ignored) {
                        // keep the default
                    }
                }
            }
        }
        if (digit == 0) {
            return false;
        }
        state.leg.digitSignalled(digit, duration);
        return true;
    }

    private static char dtmfDigit(String signal) {
        if (signal.length() == 1 && "0123456789*#ABCDabcd".indexOf(signal.charAt(0)) >= 0) {
            return Character.toUpperCase(signal.charAt(0));
        }
        return switch (signal) {
            case "10" -> '*';
            case "11" -> '#';
            default -> 0;
        };
    }

    /** The callee hung up while the caller stays (survey): its endpoint closes now, its figures are kept. */
    void dropCallee() {
        if (callee.leg != null) {
            droppedFigures = figuresOf(callee);
            session.dropOther();
            callee.leg = null;
        }
    }

    private CallRecord.LegMedia droppedFigures;

    /** Media figures of each leg that had an endpoint. */
    List<CallRecord.LegMedia> figures() {
        List<CallRecord.LegMedia> out = new ArrayList<>();
        if (caller.leg != null) {
            out.add(figuresOf(caller));
        }
        if (callee.leg != null) {
            out.add(figuresOf(callee));
        } else if (droppedFigures != null) {
            out.add(droppedFigures);
        }
        return out;
    }

    private CallRecord.LegMedia figuresOf(LegState s) {
        MediaLeg l = s.leg;
        org.atende.media.quality.LegQuality q = l.quality();
        return new CallRecord.LegMedia(s.side == CallLeg.Side.A ? "caller" : "callee",
                l.codec() == null ? "-" : l.codec().encoding(), l.secure(), l.packetsReceived(), l.packetsSent(),
                Math.max(0, q.packetsLost()), q.jitterMs(), q.jitterMaxMs(), q.rttMs(), l.rtcpReceived(),
                l.packetsReceived() == 0 ? Double.NaN : q.mos());
    }

    /**
     * Starts recording the call into a file in {@code directory} named after the call (caller left, what the
     * caller hears right). Once per call.
     */
    void startRecording(java.nio.file.Path directory) {
        if (recordings == null || recorder != null || session.closed()) {
            return;
        }
        CallRecorder r = recordings.open(session.callId(), directory);
        recorder = r;
        session.record(new MediaSession.RecordingTap() {
            @Override
            public void caller(short[] pcm, int samples) {
                r.offer(CallRecorder.Channel.LEFT, pcm, 0, samples);
            }

            @Override
            public void heard(short[] pcm, int samples) {
                r.offer(CallRecorder.Channel.RIGHT, pcm, 0, samples);
            }

            @Override
            public void tick() {
                r.tick();
            }

            @Override
            public void close() {
                r.stop();
            }
        });
    }

    /** Pauses the recording (silence is written meanwhile): card numbers and personal data stay out (LGPD). */
    boolean pauseRecording() {
        if (recorder == null || recorder.isStopped()) {
            return false;
        }
        recorder.pause();
        return true;
    }

    boolean resumeRecording() {
        if (recorder == null || recorder.isStopped()) {
            return false;
        }
        recorder.resume();
        return true;
    }

    /** The recording's outcome, once its file is complete; null when the call was not recorded. */
    java.util.concurrent.CompletableFuture<RecordingResult> recording() {
        return recorder == null ? null : recorder.result();
    }

    void close() {
        session.close();
    }

    // ---- MediaSession.Listener ----

    @Override
    public void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source) {
        events.digit(leg == caller.leg ? CallLeg.Side.A : CallLeg.Side.B, digit, durationMs, source);
    }

    @Override
    public void onPlaybackDone(MediaLeg leg, boolean interrupted) {
        if (afterPlayback != null && leg == caller.leg) {
            Runnable then = afterPlayback;
            afterPlayback = null;
            then.run();
            return;
        }
        events.playbackDone(leg == caller.leg ? CallLeg.Side.A : CallLeg.Side.B, interrupted);
    }

    /** Plays to the caller (the IVR); replaces what was playing, and what was to follow it. */
    void playToCaller(org.atende.media.player.Playback playback) {
        afterPlayback = null;
        if (caller.leg != null) {
            session.play(caller.leg, playback);
        }
    }

    /** Stops what plays to the caller; what was to follow it does not run. */
    void stopPlaybackToCaller() {
        afterPlayback = null;
        if (caller.leg != null) {
            session.stopPlayback(caller.leg);
        }
    }

    /** Brazilian ringback (425 Hz, 1 s on, 4 s off) to the caller until stopped. */
    void playRingback() {
        playToCaller(org.atende.media.player.Playback.of(
                new org.atende.media.player.Playback.ToneItem(org.atende.media.player.ToneGenerator::ringback, 250))
                .looped());
    }

    /** Three seconds of busy tone to the caller, then {@code then}. */
    void playBusy(Runnable then) {
        playThen(org.atende.media.player.Playback.of(
                new org.atende.media.player.Playback.ToneItem(org.atende.media.player.ToneGenerator::busy, 150)), then);
    }

    /** Plays {@code playback} to the caller, then runs {@code then} (on the call's loop). */
    void playThen(org.atende.media.player.Playback playback, Runnable then) {
        if (caller.leg == null) {
            then.run();
            return;
        }
        playToCaller(playback);
        afterPlayback = then;
    }

    private Runnable afterPlayback;

    @Override
    public void onMediaTimeout(MediaLeg leg) {
        events.mediaTimedOut(leg == caller.leg ? CallLeg.Side.A : CallLeg.Side.B);
    }

    // ---- helpers ----

    private static boolean secure(MediaDescription m) {
        return m.proto().toUpperCase(java.util.Locale.ROOT).startsWith("RTP/SAVP");
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

    private LegState state(CallLeg.Side side) {
        return side == CallLeg.Side.A ? caller : callee;
    }

    /**
     * The codecs to choose first on {@code side} when an offer or answer lists several: those the other leg
     * agreed (its chosen one first), so that packets can be relayed, then the one this leg has already (no needless
     * change on a re-INVITE).
     */
    private List<Codec> preferred(CallLeg.Side side) {
        LegState own = state(side);
        LegState other = side == CallLeg.Side.A ? callee : caller;
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
        LegState other = side == CallLeg.Side.A ? callee : caller;
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

    /** Per leg: the endpoint, our o= line and what was agreed. */
    private final class LegState {
        final CallLeg.Side side;
        MediaLeg leg;
        Origin origin;
        String lastBody;
        NegotiatedMedia agreed;
        SessionDescription pendingOffer;
        /** The remote's last offer that we answered, for {@link #answerAgain}. */
        byte[] answeredOffer;
        /** SRTP: the keys in use, the remote's crypto lines they answer, our offered lines (callee leg). */
        SdesAnswer sdes;
        List<String> remoteCrypto = List.of();
        String remoteCryptoAnswer;
        List<CryptoAttribute> offeredCrypto;
        SrtpSession srtp;

        LegState(CallLeg.Side side) {
            this.side = side;
        }

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
        byte[] versioned(java.util.function.Function<Origin, SessionDescription> build) {
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
}
