package org.atende.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RFC 3264 offer/answer for one audio stream per leg, as used when Atende anchors media. Pure functions.
 *
 * <p>Answering: the answer has the offer's m= lines in the same order; the first usable audio line (RTP/AVP or
 * RTP/AVPF, or RTP/SAVP(F) whose keys the caller negotiates, non-zero port, a codec in common) is accepted with one
 * codec plus telephone-event on the offerer's payload type; every other line is rejected with port 0 and its
 * offered formats. The codec is the first of {@code prefer} that is offered (the other leg's, so that packets can
 * be relayed untouched), else the first offered one we support. Direction per §6.1; a legacy hold
 * ({@code c=0.0.0.0}) counts as the offerer not receiving.
 *
 * <p>Reading an answer to our offer: every audio format of the answer that we offered is agreed (§5.1: either
 * side may switch among them); the one we send in is the first of {@code prefer} among them, else the answer's
 * first.
 *
 * <p>{@code a=ptime}: an answer repeats the offerer's only when it is one Atende packetises at
 * ({@link NegotiatedMedia#sendPtime()}), and our offers ask for our own.
 */
public final class OfferAnswer {

    private OfferAnswer() {
    }

    /** Answers a remote offer with our capabilities; {@code origin} is our o= line for this leg. */
    public static Answer answer(SessionDescription offer, LocalMedia local, Origin origin) {
        return answer(offer, local, origin, List.of());
    }

    /**
     * As {@link #answer(SessionDescription, LocalMedia, Origin)}, choosing the first codec of {@code prefer} that
     * the offer has (in {@code prefer}'s order) before the offer's own order.
     */
    public static Answer answer(SessionDescription offer, LocalMedia local, Origin origin, List<Codec> prefer) {
        List<MediaDescription> answerMedia = new ArrayList<>();
        NegotiatedMedia agreed = null;
        String reason = offer.media().isEmpty() ? "offer has no media" : "no audio stream with a codec in common";
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (agreed == null) {
                Optional<NegotiatedMedia> n = negotiateOffered(offer, i, local, prefer);
                if (n.isPresent()) {
                    agreed = n.get();
                    answerMedia.add(acceptedLine(m, agreed, local));
                    continue;
                }
            }
            answerMedia.add(new MediaDescription(m.mediaLine().withPort(0), List.of()));
        }
        if (agreed == null) {
            return new Answer.NoCommonCodec(reason);
        }
        return new Answer.Accepted(new SessionDescription(sessionLines(origin, local), answerMedia), agreed);
    }

    /** An initial offer of one audio stream with all our codecs in preference order. */
    public static SessionDescription createOffer(LocalMedia local, Origin origin, Direction direction) {
        List<String> formats = new ArrayList<>();
        List<SdpLine> lines = new ArrayList<>();
        for (Codec c : local.codecs()) {
            int pt = c.isDynamic() ? local.telephoneEventPayloadType() : c.staticPayloadType();
            if (c.isDynamic() && !c.isTelephoneEvent()) {
                continue; // only telephone-event gets a dynamic payload type here
            }
            formats.add(Integer.toString(pt));
            lines.add(SdpLine.attribute("rtpmap", new Rtpmap(pt, c.encoding(), c.clockRate()).formatValue()));
            if (c.isTelephoneEvent()) {
                lines.add(SdpLine.attribute("fmtp", pt + " 0-16"));
            }
        }
        if (local.ptime() > 0) {
            lines.add(SdpLine.attribute("ptime", Integer.toString(local.ptime())));
        }
        lines.add(SdpLine.attribute(direction.attribute()));
        MediaDescription audio = new MediaDescription(new MediaLine("audio", local.rtpPort(), "RTP/AVP", formats), lines);
        return new SessionDescription(sessionLines(origin, local), List.of(audio));
    }

    /**
     * A re-offer (RFC 3264 §8): same session id, version incremented, same address; e.g. with
     * {@link Direction#SENDONLY} to put the remote on hold.
     */
    public static SessionDescription createReoffer(SessionDescription previous, LocalMedia local, Direction direction) {
        return createOffer(local, previous.origin().nextVersion(), direction);
    }

    /** What our offer and the remote's answer agreed on (for a leg where Atende was the offerer). */
    public static Negotiation negotiated(SessionDescription offer, SessionDescription answer) {
        return negotiated(offer, answer, List.of());
    }

    /**
     * As {@link #negotiated(SessionDescription, SessionDescription)}, sending in the first codec of {@code prefer}
     * that the answer lists (in {@code prefer}'s order) rather than the answer's first.
     */
    public static Negotiation negotiated(SessionDescription offer, SessionDescription answer, List<Codec> prefer) {
        if (offer.media().size() != answer.media().size()) {
            return new Negotiation.NoCommonCodec("answer has " + answer.media().size() + " m= lines, offer had "
                    + offer.media().size());
        }
        for (int i = 0; i < answer.media().size(); i++) {
            MediaDescription a = answer.media().get(i);
            MediaDescription o = offer.media().get(i);
            if (!a.isAudio() || a.isRejected() || o.isRejected()) {
                continue;
            }
            Optional<Connection> conn = answer.connectionFor(a);
            if (conn.isEmpty()) {
                continue;
            }
            List<NegotiatedMedia.Format> formats = new ArrayList<>();
            for (String f : a.formats()) {
                int pt = Sdp.parseInt(f);
                if (pt < 0 || pt > 127 || !o.formats().contains(f)) {
                    continue;
                }
                Optional<Rtpmap> map = a.rtpmap(pt).or(() -> o.rtpmap(pt));
                if (map.isEmpty() || map.get().encoding().equalsIgnoreCase("telephone-event")) {
                    continue;
                }
                formats.add(new NegotiatedMedia.Format(pt, codecOf(map.get())));
            }
            if (formats.isEmpty()) {
                continue;
            }
            formats = chosenFirst(formats, prefer);
            NegotiatedMedia.Format chosen = formats.get(0);
            OptionalInt te = telephoneEvent(a, o.formats());
            Direction answered = answer.directionFor(a);
            boolean hold = conn.get().isHoldAddress();
            Direction ours = answered.answer();
            if (hold) {
                ours = ours.intersect(Direction.RECVONLY);
            }
            Direction offered = offer.directionFor(o);
            ours = ours.intersect(offered);
            return new Negotiation.Agreed(new NegotiatedMedia(i, chosen.codec(), chosen.payloadType(), te,
                    conn.get().address(), a.port(), a.rtcpPort(), ours, a.ptime(), hold || !answered.receives(),
                    formats));
        }
        return new Negotiation.NoCommonCodec("answer accepts no audio stream with a codec we offered");
    }

    /** {@code formats} with the first one whose codec comes earliest in {@code prefer} moved to the front. */
    private static List<NegotiatedMedia.Format> chosenFirst(List<NegotiatedMedia.Format> formats, List<Codec> prefer) {
        for (Codec wanted : prefer) {
            for (NegotiatedMedia.Format f : formats) {
                if (f.codec().equals(wanted)) {
                    List<NegotiatedMedia.Format> ordered = new ArrayList<>(formats.size());
                    ordered.add(f);
                    formats.stream().filter(other -> other != f).forEach(ordered::add);
                    return ordered;
                }
            }
        }
        return formats;
    }

    private static Codec codecOf(Rtpmap map) {
        for (Codec c : List.of(Codec.PCMU, Codec.PCMA, Codec.TELEPHONE_EVENT)) {
            if (c.matches(map)) {
                return c;
            }
        }
        int staticPt = map.payloadType() < 96 ? map.payloadType() : Codec.DYNAMIC;
        return new Codec(map.encoding(), map.clockRate(), staticPt);
    }

    private static Optional<NegotiatedMedia> negotiateOffered(SessionDescription offer, int index, LocalMedia local,
            List<Codec> prefer) {
        MediaDescription m = offer.media().get(index);
        if (!m.isAudio() || m.isRejected()
                || !(m.proto().equalsIgnoreCase("RTP/AVP") || m.proto().equalsIgnoreCase("RTP/AVPF")
                || m.proto().equalsIgnoreCase("RTP/SAVP") || m.proto().equalsIgnoreCase("RTP/SAVPF"))) {
            return Optional.empty();
        }
        Optional<Connection> conn = offer.connectionFor(m);
        if (conn.isEmpty()) {
            return Optional.empty();
        }
        List<NegotiatedMedia.Format> usable = new ArrayList<>();
        for (String f : m.formats()) {
            int pt = Sdp.parseInt(f);
            if (pt < 0 || pt > 127) {
                continue;
            }
            Optional<Rtpmap> map = m.rtpmap(pt);
            if (map.isEmpty()) {
                continue;
            }
            local.codecs().stream().filter(c -> !c.isTelephoneEvent() && c.matches(map.get())).findFirst()
                    .ifPresent(c -> usable.add(new NegotiatedMedia.Format(pt, c)));
        }
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        NegotiatedMedia.Format chosen = chosenFirst(usable, prefer).get(0); // our answer lists this one alone
        OptionalInt te = local.supportsTelephoneEvent() ? telephoneEvent(m, m.formats()) : OptionalInt.empty();
        Direction offered = offer.directionFor(m);
        boolean hold = conn.get().isHoldAddress();
        Direction remote = hold ? offered.intersect(Direction.SENDONLY) : offered;
        Direction answerDirection = remote.answer();
        return Optional.of(new NegotiatedMedia(index, chosen.codec(), chosen.payloadType(), te, conn.get().address(),
                m.port(), m.rtcpPort(), answerDirection, m.ptime(), hold || !offered.receives()));
    }

    /** The telephone-event/8000 payload type in a media section, restricted to formats in {@code allowed}. */
    private static OptionalInt telephoneEvent(MediaDescription m, List<String> allowed) {
        for (String f : m.formats()) {
            int pt = Sdp.parseInt(f);
            if (pt < 0 || pt > 127 || !allowed.contains(f)) {
                continue;
            }
            Optional<Rtpmap> map = m.rtpmap(pt);
            if (map.isPresent() && Codec.TELEPHONE_EVENT.matches(map.get())) {
                return OptionalInt.of(pt);
            }
        }
        return OptionalInt.empty();
    }

    private static MediaDescription acceptedLine(MediaDescription offered, NegotiatedMedia n, LocalMedia local) {
        List<String> formats = new ArrayList<>();
        List<SdpLine> lines = new ArrayList<>();
        formats.add(Integer.toString(n.payloadType()));
        lines.add(SdpLine.attribute("rtpmap",
                new Rtpmap(n.payloadType(), n.codec().encoding(), n.codec().clockRate()).formatValue()));
        if (n.telephoneEventPayloadType().isPresent()) {
            int te = n.telephoneEventPayloadType().getAsInt();
            formats.add(Integer.toString(te));
            lines.add(SdpLine.attribute("rtpmap", te + " telephone-event/8000"));
            lines.add(SdpLine.attribute("fmtp", te + " " + offered.fmtp(Integer.toString(te)).orElse("0-16")));
        }
        // repeated only when Atende sends at it (MediaLeg packetises toward this leg at the remote's ptime)
        n.sendPtime().ifPresent(p -> lines.add(SdpLine.attribute("ptime", Integer.toString(p))));
        lines.add(SdpLine.attribute(n.direction().attribute()));
        return new MediaDescription(new MediaLine("audio", local.rtpPort(), offered.proto(), formats), lines);
    }

    private static List<SdpLine> sessionLines(Origin origin, LocalMedia local) {
        return List.of(new SdpLine('v', "0"), new SdpLine('o', origin.format()), new SdpLine('s', "-"),
                new SdpLine('c', Connection.of(local.address()).format()), new SdpLine('t', "0 0"));
    }
}
