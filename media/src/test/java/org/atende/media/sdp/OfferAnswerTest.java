package org.atende.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OfferAnswerTest {

    private static final LocalMedia LOCAL = LocalMedia.telephony("192.0.2.1", 30000);
    private static final Origin ORIGIN = Origin.of("atende", "4242", 1, "192.0.2.1");

    private static SessionDescription offer(String audioAndBelow) throws SdpParseException {
        return SessionDescription.parse("v=0\no=- 1 1 IN IP4 10.0.0.9\ns=-\nc=IN IP4 10.0.0.9\nt=0 0\n" + audioAndBelow);
    }

    private static Answer.Accepted accepted(SessionDescription offer) {
        Answer a = OfferAnswer.answer(offer, LOCAL, ORIGIN);
        assertThat(a).isInstanceOf(Answer.Accepted.class);
        return (Answer.Accepted) a;
    }

    @Test
    void pcmuOnlyOfferIsAnsweredWithPcmu() throws Exception {
        Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 0\n"));
        MediaDescription m = a.sdp().media().get(0);
        assertThat(m.port()).isEqualTo(30000);
        assertThat(m.formats()).containsExactly("0");
        assertThat(m.direction()).contains(Direction.SENDRECV);
        assertThat(a.sdp().connection()).contains(Connection.of("192.0.2.1"));
        assertThat(a.sdp().origin()).isEqualTo(ORIGIN);
        assertThat(a.media().codec()).isEqualTo(Codec.PCMU);
        assertThat(a.media().remoteAddress()).isEqualTo("10.0.0.9");
        assertThat(a.media().remotePort()).isEqualTo(6000);
        assertThat(a.media().telephoneEventPayloadType()).isEmpty();
        assertThat(a.media().ptime()).isEmpty();
        assertThat(m.ptime()).isEmpty();
        assertThat(a.media().remoteHold()).isFalse();
    }

    @Test
    void offerOrderWinsOverOurPreference() throws Exception {
        Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 8 0\na=ptime:30\n"));
        assertThat(a.sdp().media().get(0).formats()).containsExactly("8");
        assertThat(a.media().codec()).isEqualTo(Codec.PCMA);
        assertThat(a.media().payloadType()).isEqualTo(8);
        assertThat(a.sdp().media().get(0).ptime()).isEqualTo(OptionalInt.of(30));
        assertThat(a.media().ptime()).isEqualTo(OptionalInt.of(30));
    }

    @Test
    void unsupportedOnlyOfferHasNoCommonCodec() throws Exception {
        Answer a = OfferAnswer.answer(offer("m=audio 6000 RTP/AVP 18\na=rtpmap:18 G729/8000\n"), LOCAL, ORIGIN);
        assertThat(a).isInstanceOf(Answer.NoCommonCodec.class);
    }

    @Test
    void telephoneEventAloneIsNotACommonCodec() throws Exception {
        Answer a = OfferAnswer.answer(offer("m=audio 6000 RTP/AVP 101\na=rtpmap:101 telephone-event/8000\n"),
                LOCAL, ORIGIN);
        assertThat(a).isInstanceOf(Answer.NoCommonCodec.class);
    }

    @Test
    void videoLineIsRejectedWithPortZeroAndOrderKept() throws Exception {
        Answer.Accepted a = accepted(offer("""
                m=video 6002 RTP/AVP 96
                a=rtpmap:96 H264/90000
                m=audio 6000 RTP/AVP 0 8
                """));
        List<MediaDescription> media = a.sdp().media();
        assertThat(media).hasSize(2);
        assertThat(media.get(0).media()).isEqualTo("video");
        assertThat(media.get(0).port()).isZero();
        assertThat(media.get(0).formats()).containsExactly("96");
        assertThat(media.get(1).media()).isEqualTo("audio");
        assertThat(media.get(1).port()).isEqualTo(30000);
        assertThat(a.media().mediaIndex()).isEqualTo(1);
        // the answer is valid SDP
        assertThat(SessionDescription.parse(a.sdp().format())).isEqualTo(a.sdp());
    }

    @Test
    void sendonlyHoldOfferIsAnsweredRecvonly() throws Exception {
        Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 0\na=sendonly\n"));
        assertThat(a.sdp().media().get(0).direction()).contains(Direction.RECVONLY);
        assertThat(a.media().direction()).isEqualTo(Direction.RECVONLY);
        assertThat(a.media().remoteHold()).isTrue();
    }

    @Test
    void legacyZeroAddressHoldIsRecognised() throws Exception {
        SessionDescription o = SessionDescription.parse(
                "v=0\no=- 1 2 IN IP4 10.0.0.9\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 6000 RTP/AVP 0\n");
        Answer.Accepted a = accepted(o);
        assertThat(a.media().remoteHold()).isTrue();
        assertThat(a.media().direction().sends()).isFalse();
        assertThat(a.media().remoteAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void recvonlyOfferIsAnsweredSendonly() throws Exception {
        Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 0\na=recvonly\n"));
        assertThat(a.sdp().media().get(0).direction()).contains(Direction.SENDONLY);
    }

    @Test
    void inactiveOfferIsAnsweredInactive() throws Exception {
        Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 0\na=inactive\n"));
        assertThat(a.sdp().media().get(0).direction()).contains(Direction.INACTIVE);
        assertThat(a.media().remoteHold()).isTrue();
    }

    @Test
    void telephoneEventPayloadTypeOfOffererIsEchoed() throws Exception {
        for (int pt : new int[] {96, 101}) {
            Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 0 " + pt + "\na=rtpmap:" + pt
                    + " telephone-event/8000\na=fmtp:" + pt + " 0-15\n"));
            MediaDescription m = a.sdp().media().get(0);
            assertThat(m.formats()).containsExactly("0", Integer.toString(pt));
            assertThat(m.rtpmap(pt)).contains(new Rtpmap(pt, "telephone-event", 8000));
            assertThat(m.fmtp(Integer.toString(pt))).contains("0-15");
            assertThat(a.media().telephoneEventPayloadType()).isEqualTo(OptionalInt.of(pt));
        }
    }

    @Test
    void linphoneStyleOfferPicksPcmuAndTelephoneEvent8000() throws Exception {
        Answer.Accepted a = accepted(SessionDescription.parse(SessionDescriptionTest.LINPHONE));
        assertThat(a.sdp().media().get(0).formats()).containsExactly("0", "100");
        assertThat(a.media().remoteRtcpPort()).isEqualTo(OptionalInt.of(7079));
    }

    @Test
    void carrierOfferUsesMediaLevelConnectionAndSkipsG729() throws Exception {
        Answer.Accepted a = accepted(SessionDescription.parse(SessionDescriptionTest.CARRIER));
        assertThat(a.media().remoteAddress()).isEqualTo("203.0.113.44");
        assertThat(a.media().codec()).isEqualTo(Codec.PCMU);
        assertThat(a.media().telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));
    }

    @Test
    void createOfferListsOurCodecsAndRoundTripsWithNegotiated() throws Exception {
        SessionDescription ours = OfferAnswer.createOffer(LOCAL, ORIGIN, Direction.SENDRECV);
        assertThat(SessionDescription.parse(ours.format())).isEqualTo(ours);
        MediaDescription m = ours.media().get(0);
        assertThat(m.formats()).containsExactly("0", "8", "101");
        assertThat(m.rtpmap(101)).contains(new Rtpmap(101, "telephone-event", 8000));
        assertThat(m.ptime()).isEqualTo(OptionalInt.of(20));

        // the remote answers (with our own answerer, playing the other side)
        LocalMedia remote = new LocalMedia("198.51.100.7", 40000, List.of(Codec.PCMA, Codec.TELEPHONE_EVENT), 101, 0);
        Answer.Accepted answer = (Answer.Accepted) OfferAnswer.answer(ours, remote,
                Origin.of("remote", "9", 1, "198.51.100.7"));
        Negotiation n = OfferAnswer.negotiated(ours, answer.sdp());
        assertThat(n).isInstanceOf(Negotiation.Agreed.class);
        NegotiatedMedia agreed = ((Negotiation.Agreed) n).media();
        assertThat(agreed.codec()).isEqualTo(Codec.PCMA);
        assertThat(agreed.payloadType()).isEqualTo(8);
        assertThat(agreed.remoteAddress()).isEqualTo("198.51.100.7");
        assertThat(agreed.remotePort()).isEqualTo(40000);
        assertThat(agreed.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(agreed.telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));
        assertThat(agreed.ptime()).isEqualTo(OptionalInt.of(20));
    }

    @Test
    void reofferIncrementsVersionAndHoldIsAnsweredRecvonly() throws Exception {
        SessionDescription first = OfferAnswer.createOffer(LOCAL, ORIGIN, Direction.SENDRECV);
        SessionDescription hold = OfferAnswer.createReoffer(first, LOCAL, Direction.SENDONLY);
        assertThat(hold.origin().sessionVersion()).isEqualTo(2);
        assertThat(hold.origin().sessionId()).isEqualTo("4242");
        SessionDescription answer = offer("m=audio 7000 RTP/AVP 0\na=recvonly\n");
        NegotiatedMedia agreed = ((Negotiation.Agreed) OfferAnswer.negotiated(hold, answer)).media();
        assertThat(agreed.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(agreed.remotePort()).isEqualTo(7000);
    }

    @Test
    void negotiatedReportsRejectedAudio() throws Exception {
        SessionDescription ours = OfferAnswer.createOffer(LOCAL, ORIGIN, Direction.SENDRECV);
        SessionDescription answer = offer("m=audio 0 RTP/AVP 0\n");
        assertThat(OfferAnswer.negotiated(ours, answer)).isInstanceOf(Negotiation.NoCommonCodec.class);
        SessionDescription wrongCount = offer("m=audio 7000 RTP/AVP 0\nm=video 0 RTP/AVP 96\n");
        assertThat(OfferAnswer.negotiated(ours, wrongCount)).isInstanceOf(Negotiation.NoCommonCodec.class);
    }

    @Test
    void answerTakesTheOtherLegsCodecWhenTheOfferHasItEvenLater() throws Exception {
        SessionDescription o = offer("m=audio 6000 RTP/AVP 0 8 101\na=rtpmap:101 telephone-event/8000\n");
        Answer.Accepted a = (Answer.Accepted) OfferAnswer.answer(o, LOCAL, ORIGIN, List.of(Codec.PCMA));
        assertThat(a.sdp().media().get(0).formats()).containsExactly("8", "101");
        assertThat(a.media().codec()).isEqualTo(Codec.PCMA);
        assertThat(a.media().formats()).containsExactly(new NegotiatedMedia.Format(8, Codec.PCMA));
        Answer.Accepted absent = (Answer.Accepted) OfferAnswer.answer(offer("m=audio 6000 RTP/AVP 0\n"), LOCAL, ORIGIN,
                List.of(Codec.PCMA));
        assertThat(absent.media().codec()).as("not offered: the offer's order").isEqualTo(Codec.PCMU);
    }

    @Test
    void negotiatedKeepsEveryFormatOfTheAnswerAndSendsInThePreferredOne() throws Exception {
        LocalMedia pcmaFirst = new LocalMedia("192.0.2.1", 30000, List.of(Codec.PCMA, Codec.PCMU,
                Codec.TELEPHONE_EVENT), 101, 20);
        SessionDescription ours = OfferAnswer.createOffer(pcmaFirst, ORIGIN, Direction.SENDRECV);
        SessionDescription answer = offer("m=audio 7000 RTP/AVP 0 8 101\na=rtpmap:101 telephone-event/8000\n");

        NegotiatedMedia preferred = ((Negotiation.Agreed) OfferAnswer.negotiated(ours, answer, List.of(Codec.PCMA)))
                .media();
        assertThat(preferred.codec()).as("listed second, but the other leg's").isEqualTo(Codec.PCMA);
        assertThat(preferred.payloadType()).isEqualTo(8);
        assertThat(preferred.formats()).containsExactly(new NegotiatedMedia.Format(8, Codec.PCMA),
                new NegotiatedMedia.Format(0, Codec.PCMU));
        assertThat(preferred.telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));

        NegotiatedMedia plain = ((Negotiation.Agreed) OfferAnswer.negotiated(ours, answer)).media();
        assertThat(plain.codec()).as("no preference: the answer's first").isEqualTo(Codec.PCMU);
        assertThat(plain.codecs()).containsExactly(Codec.PCMU, Codec.PCMA);
    }

    @Test
    void answerRepeatsOnlyAPtimeAtendeSendsAt() throws Exception {
        for (int ptime : new int[] {10, 30, 60}) {
            Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 8\na=ptime:" + ptime + "\n"));
            assertThat(a.sdp().media().get(0).ptime()).isEqualTo(OptionalInt.of(ptime));
            assertThat(a.media().sendPtime()).isEqualTo(OptionalInt.of(ptime));
        }
        for (int ptime : new int[] {5, 90, 200}) {
            Answer.Accepted a = accepted(offer("m=audio 6000 RTP/AVP 8\na=ptime:" + ptime + "\n"));
            assertThat(a.sdp().media().get(0).ptime()).as("ptime %d not honoured, not repeated", ptime).isEmpty();
            assertThat(a.media().sendPtime()).isEmpty();
            assertThat(a.media().ptime()).as("what the remote asked, still known").isEqualTo(OptionalInt.of(ptime));
        }
    }

    // ---- property: random offers ----

    record Stream(String media, int port, List<String> formats, List<String> rtpmaps, Direction direction) {
    }

    private static final List<String[]> CODECS = List.of(
            new String[] {"0", null}, new String[] {"8", null}, new String[] {"18", "G729/8000"},
            new String[] {"9", "G722/8000"}, new String[] {"3", null}, new String[] {"96", "opus/48000/2"},
            new String[] {"101", "telephone-event/8000"}, new String[] {"100", "telephone-event/16000"},
            new String[] {"97", "telephone-event/8000"}, new String[] {"98", "speex/8000"},
            new String[] {"0", "PCMU/8000"}, new String[] {"8", "PCMA/8000"});

    @Provide
    Arbitrary<List<Stream>> offers() {
        Arbitrary<Stream> stream = Combinators.combine(
                Arbitraries.of("audio", "audio", "video", "application"),
                Arbitraries.of(0, 4000, 6000, 16384),
                Arbitraries.of(CODECS).list().ofMinSize(1).ofMaxSize(5).uniqueElements(c -> c[0]),
                Arbitraries.of(Direction.class).injectNull(0.3))
                .as((media, port, codecs, dir) -> new Stream(media, port, codecs.stream().map(c -> c[0]).toList(),
                        codecs.stream().filter(c -> c[1] != null).map(c -> c[0] + " " + c[1]).toList(), dir));
        return stream.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 400)
    void answerMirrorsOfferShape(@ForAll("offers") List<Stream> streams,
            @ForAll("addresses") String address, @ForAll("directions") Direction sessionDirection) throws Exception {
        StringBuilder sb = new StringBuilder("v=0\no=- 1 1 IN IP4 10.0.0.9\ns=-\nc=IN IP4 " + address + "\nt=0 0\n");
        if (sessionDirection != null) {
            sb.append("a=").append(sessionDirection.attribute()).append('\n');
        }
        for (Stream s : streams) {
            sb.append("m=").append(s.media()).append(' ').append(s.port()).append(" RTP/AVP ")
                    .append(String.join(" ", s.formats())).append('\n');
            for (String r : s.rtpmaps()) {
                sb.append("a=rtpmap:").append(r).append('\n');
            }
            if (s.direction() != null) {
                sb.append("a=").append(s.direction().attribute()).append('\n');
            }
        }
        SessionDescription offer = SessionDescription.parse(sb.toString());
        Answer answer = OfferAnswer.answer(offer, LOCAL, ORIGIN);
        if (answer instanceof Answer.NoCommonCodec) {
            for (MediaDescription m : offer.media()) {
                if (m.isAudio() && !m.isRejected()) {
                    assertThat(m.formats()).as("no PCMU/PCMA offered on a live audio line")
                            .noneMatch(f -> m.rtpmap(Integer.parseInt(f))
                                    .filter(r -> Codec.PCMU.matches(r) || Codec.PCMA.matches(r)).isPresent());
                }
            }
            return;
        }
        SessionDescription sdp = ((Answer.Accepted) answer).sdp();
        assertThat(SessionDescription.parse(sdp.format())).isEqualTo(sdp);
        assertThat(sdp.media()).hasSize(offer.media().size());
        int accepted = 0;
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription a = sdp.media().get(i);
            assertThat(a.media()).isEqualTo(o.media());
            Set<String> offered = new HashSet<>(o.formats());
            assertThat(offered).containsAll(new ArrayList<>(a.formats()));
            if (o.isRejected()) {
                assertThat(a.port()).isZero();
            }
            if (!a.isRejected()) {
                accepted++;
                Direction od = offer.directionFor(o);
                Direction ad = sdp.directionFor(a);
                assertThat(!ad.sends() || od.receives()).as("we send only if the offerer receives").isTrue();
                assertThat(!ad.receives() || od.sends()).as("we receive only if the offerer sends").isTrue();
                if (address.equals("0.0.0.0")) {
                    assertThat(ad.sends()).isFalse();
                }
                for (String f : a.formats()) {
                    assertThat(a.rtpmap(Integer.parseInt(f)).orElseThrow().clockRate()).isEqualTo(8000);
                }
            }
        }
        assertThat(accepted).isEqualTo(1);
    }

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.of("10.0.0.9", "0.0.0.0");
    }

    @Provide
    Arbitrary<Direction> directions() {
        return Arbitraries.of(Direction.class).injectNull(0.5);
    }
}
