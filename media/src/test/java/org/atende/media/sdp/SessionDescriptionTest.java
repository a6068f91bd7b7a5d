package org.atende.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    static final String SIPP = """
            v=0
            o=user1 53655765 2353687637 IN IP4 127.0.1.1
            s=-
            c=IN IP4 127.0.1.1
            t=0 0
            m=audio 6000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            """;

    static final String BARESIP = "v=0\r\n"
            + "o=- 1393297414 1093004588 IN IP4 192.168.1.20\r\n"
            + "s=-\r\n"
            + "c=IN IP4 192.168.1.20\r\n"
            + "t=0 0\r\n"
            + "a=tool:baresip 3.10.1\r\n"
            + "m=audio 10118 RTP/AVP 0 8 101\r\n"
            + "b=AS:128\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n"
            + "a=sendrecv\r\n"
            + "a=label:1\r\n"
            + "a=rtcp-rsize\r\n"
            + "a=ssrc:3183281457 cname:5f7c8fa2-9b9e-4fe0-a5a0-2e4a5e0d2b31\r\n"
            + "a=ptime:20\r\n";

    static final String LINPHONE = """
            v=0
            o=bob 2862 1043 IN IP4 10.0.0.7
            s=Talk
            c=IN IP4 10.0.0.7
            t=0 0
            a=ice-pwd:a6e5c07d9a0f8c2d0b1e7f32
            a=ice-ufrag:4c1d2e3f
            a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
            a=record:off
            m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100
            a=rtpmap:96 opus/48000/2
            a=fmtp:96 useinbandfec=1
            a=rtpmap:97 speex/16000
            a=fmtp:97 vbr=on
            a=rtpmap:98 speex/8000
            a=fmtp:98 vbr=on
            a=fmtp:18 annexb=yes
            a=rtpmap:101 telephone-event/48000
            a=rtpmap:99 telephone-event/16000
            a=rtpmap:100 telephone-event/8000
            a=rtcp:7079
            a=candidate:1 1 UDP 2130706431 10.0.0.7 7078 typ host
            a=rtcp-fb:* trr-int 1000
            a=rtcp-fb:* ccm tmmbr
            a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
            """;

    static final String CARRIER = "v=0\r\n"
            + "o=Sonus_UAC 216914 401526 IN IP4 203.0.113.10\r\n"
            + "s=SIP Media Capabilities\r\n"
            + "t=0 0\r\n"
            + "m=audio 25514 RTP/AVP 18 0 8 101\r\n"
            + "c=IN IP4 203.0.113.44\r\n"
            + "a=rtpmap:18 G729/8000\r\n"
            + "a=fmtp:18 annexb=no\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n"
            + "a=sendrecv\r\n"
            + "a=maxptime:30\r\n"
            + "a=ptime:20\r\n";

    private static String crlf(String lf) {
        return lf.replace("\n", "\r\n");
    }

    @Test
    void sippOfferParsesAndFormatsBackIdentically() throws Exception {
        SessionDescription sdp = SessionDescription.parse(SIPP);
        assertThat(sdp.origin()).isEqualTo(new Origin("user1", "53655765", 2353687637L, "IN", "IP4", "127.0.1.1"));
        assertThat(sdp.sessionName()).isEqualTo("-");
        assertThat(sdp.connection()).contains(Connection.of("127.0.1.1"));
        assertThat(sdp.media()).hasSize(1);
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.port()).isEqualTo(6000);
        assertThat(audio.formats()).containsExactly("0");
        assertThat(audio.rtpmap(0)).contains(new Rtpmap(0, "PCMU", 8000));
        assertThat(sdp.directionFor(audio)).isEqualTo(Direction.SENDRECV);
        assertThat(sdp.format()).isEqualTo(crlf(SIPP));
    }

    @Test
    void baresipOfferKeepsUnknownLinesInOrder() throws Exception {
        SessionDescription sdp = SessionDescription.parse(BARESIP);
        assertThat(sdp.format()).isEqualTo(BARESIP);
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.formats()).containsExactly("0", "8", "101");
        assertThat(audio.rtpmap(101)).contains(new Rtpmap(101, "telephone-event", 8000));
        assertThat(audio.fmtp("101")).contains("0-15");
        assertThat(audio.ptime()).isEqualTo(OptionalInt.of(20));
        assertThat(audio.direction()).contains(Direction.SENDRECV);
        assertThat(sdp.attribute("tool")).contains("baresip 3.10.1");
        assertThat(audio.lines().get(0)).isEqualTo(new SdpLine('b', "AS:128"));
    }

    @Test
    void linphoneOfferWithManyCodecsRtcpFbAndCryptoRoundTrips() throws Exception {
        SessionDescription sdp = SessionDescription.parse(LINPHONE);
        assertThat(sdp.format()).isEqualTo(crlf(LINPHONE));
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.rtpmap(96)).contains(new Rtpmap(96, "opus", 48000, "2"));
        assertThat(audio.rtpmap(18)).contains(new Rtpmap(18, "G729", 8000));
        assertThat(audio.rtcp()).contains("7079");
        assertThat(audio.rtcpPort()).isEqualTo(OptionalInt.of(7079));
        assertThat(audio.attribute("crypto"))
                .contains("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
        assertThat(audio.attributes()).filteredOn(l -> l.isAttribute("rtcp-fb")).hasSize(2);
        assertThat(SessionDescription.parse(sdp.format())).isEqualTo(sdp);
    }

    @Test
    void carrierOfferWithMediaLevelConnection() throws Exception {
        SessionDescription sdp = SessionDescription.parse(CARRIER);
        assertThat(sdp.format()).isEqualTo(CARRIER);
        MediaDescription audio = sdp.media().get(0);
        assertThat(sdp.connection()).isEmpty();
        assertThat(sdp.connectionFor(audio)).contains(Connection.of("203.0.113.44"));
        assertThat(audio.maxptime()).isEqualTo(OptionalInt.of(30));
        assertThat(sdp.sessionName()).isEqualTo("SIP Media Capabilities");
    }

    @Test
    void sessionLevelDirectionAppliesUnlessMediaOverrides() throws Exception {
        SessionDescription sdp = SessionDescription.parse("""
                v=0
                o=- 1 1 IN IP4 10.0.0.1
                s=-
                c=IN IP4 10.0.0.1
                t=0 0
                a=sendonly
                m=audio 4000 RTP/AVP 0
                m=audio 4002 RTP/AVP 0
                a=inactive
                """);
        assertThat(sdp.directionFor(sdp.media().get(0))).isEqualTo(Direction.SENDONLY);
        assertThat(sdp.directionFor(sdp.media().get(1))).isEqualTo(Direction.INACTIVE);
    }

    @Test
    void portCountIsKept() throws Exception {
        String text = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 49170/2 RTP/AVP 0\r\n";
        SessionDescription sdp = SessionDescription.parse(text);
        assertThat(sdp.media().get(0).mediaLine().portCount()).isEqualTo(2);
        assertThat(sdp.format()).isEqualTo(text);
    }

    private static void assertRefused(String text, int line, String reasonPart) {
        assertThatThrownBy(() -> SessionDescription.parse(text))
                .isInstanceOfSatisfying(SdpParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(line);
                    assertThat(e.reason()).contains(reasonPart);
                });
    }

    @Test
    void garbageIsRefusedWithLineNumberAndReason() {
        assertRefused("", 0, "empty");
        assertRefused("hello world", 1, "<type>=<value>");
        assertRefused("v=1\n", 1, "v=0");
        assertRefused("v=0\ns=-\n", 2, "o=");
        assertRefused("v=0\no=- x 1 IN IP4 1.2.3.4\ns=-\n", 2, "session id");
        assertRefused("v=0\no=- 1 1 IN IP4\ns=-\n", 2, "6 fields");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\nt=0 0\n", 3, "s=");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4\n", 4, "c=");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nm=audio 70000 RTP/AVP 0\n", 4, "port");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nm=audio 4000 RTP/AVP\n", 4, "format");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU\n", 5, "rtpmap");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nm=audio 4000 RTP/AVP 0\na=ptime:abc\n", 5, "ptime");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nm=audio 4000 RTP/AVP 0\na=sendonly:x\n", 5, "no value");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\n\nt=0 0\n", 4, "<type>=<value>");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nX=1\n", 4, "lowercase");
        assertRefused("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nm=audio 4000 RTP/AVP 0\nt=0 0\n", 5, "t=");
    }

    @Test
    void trailingBlankLinesAndMixedLineEndsAreAccepted() throws Exception {
        SessionDescription sdp = SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\ns=-\r\nt=0 0\n\r\n\n");
        assertThat(sdp.format()).isEqualTo("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n");
    }

    @Provide
    Arbitrary<String> realWorld() {
        return Arbitraries.of(SIPP, BARESIP, LINPHONE, CARRIER);
    }

    @Property(tries = 500)
    void mutatedInputGivesDescriptionOrSdpParseExceptionOnly(@ForAll("realWorld") String base,
            @ForAll @IntRange(min = 0, max = 2000) int position, @ForAll("mutationChars") char c,
            @ForAll @IntRange(min = 0, max = 3) int kind) {
        StringBuilder sb = new StringBuilder(base);
        int at = position % (sb.length() + 1);
        switch (kind) {
            case 0 -> sb.insert(at, c);
            case 1 -> {
                if (at < sb.length()) {
                    sb.setCharAt(at, c);
                }
            }
            case 2 -> {
                if (at < sb.length()) {
                    sb.deleteCharAt(at);
                }
            }
            default -> sb.setLength(at);
        }
        try {
            SessionDescription sdp = SessionDescription.parse(sb.toString());
            // whatever parses must render and parse back to the same description
            assertThat(SessionDescription.parse(sdp.format())).isEqualTo(sdp);
            for (MediaDescription m : sdp.media()) {
                m.rtpmaps();
                m.ptime();
                m.rtcpPort();
                sdp.directionFor(m);
                sdp.connectionFor(m);
            }
        } catch (SdpParseException e) {
            assertThat(e.lineNumber()).isBetween(0, sb.toString().split("\n", -1).length);
        }
    }

    @Provide
    Arbitrary<Character> mutationChars() {
        return Arbitraries.oneOf(Arbitraries.of('\n', '\r', ' ', '=', ':', '/', '0', '9', 'a', 'm', 'X', '\0', '\t',
                '-'), Arbitraries.chars());
    }

    @Property(tries = 300)
    void arbitraryTextNeverThrowsAnythingElse(@ForAll String text) {
        try {
            SessionDescription.parse(text);
        } catch (SdpParseException e) {
            assertThat(e.reason()).isNotBlank();
        }
    }

    @Test
    void builtDescriptionsRejectMissingHeaderLines() {
        assertThatThrownBy(() -> new SessionDescription(List.of(new SdpLine('v', "0")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
