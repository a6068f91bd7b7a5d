package org.atende.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SipFrameDecoderTest {

    private static final String OPTIONS = "OPTIONS sip:agent@atende.example SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bK776asdhds\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:carrier@example.net>;tag=1928301774\r\n"
            + "To: <sip:agent@atende.example>\r\n"
            + "Call-ID: a84b4c76e66710@pc33.example.net\r\n"
            + "CSeq: 63104 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    private static final String MESSAGE_WITH_BODY = "INFO sip:agent@atende.example SIP/2.0\r\n"
            + "v: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bK776asdhdt\r\n"
            + "f: <sip:carrier@example.net>;tag=1928301774\r\n"
            + "t: <sip:agent@atende.example>;tag=77\r\n"
            + "i: a84b4c76e66710@pc33.example.net\r\n"
            + "CSeq: 63105 INFO\r\n"
            + "c: application/dtmf-relay\r\n"
            + "l: 24\r\n\r\n"
            + "Signal=5\r\nDuration=160\r\n";

    private final List<ByteBuf> written = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new SipFrameDecoder(1_024));

    @AfterEach
    void everyBufferIsReleased() {
        channel.finishAndReleaseAll();
        assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    @Test
    void framesAMessageFedOneByteAtATime() {
        byte[] bytes = ascii(MESSAGE_WITH_BODY);
        for (int i = 0; i < bytes.length; i++) {
            write(new byte[] {bytes[i]});
            if (i < bytes.length - 1) {
                Object early = channel.readInbound();
                assertThat(early).as("nothing before octet %d of %d", i + 1, bytes.length).isNull();
            }
        }
        assertThat(readFrames()).containsExactly(MESSAGE_WITH_BODY);
    }

    @Test
    void splitsTwoMessagesArrivingInOneRead() {
        write(ascii(OPTIONS + MESSAGE_WITH_BODY));
        assertThat(readFrames()).containsExactly(OPTIONS, MESSAGE_WITH_BODY);
    }

    @Test
    void keepsTheStartOfTheNextMessageUntilItCompletes() {
        write(ascii(OPTIONS + MESSAGE_WITH_BODY.substring(0, 100)));
        assertThat(readFrames()).containsExactly(OPTIONS);
        write(ascii(MESSAGE_WITH_BODY.substring(100)));
        assertThat(readFrames()).containsExactly(MESSAGE_WITH_BODY);
    }

    @Test
    void missingContentLengthMeansNoBody() {
        String noLength = OPTIONS.replace("Content-Length: 0\r\n", "");
        write(ascii(noLength + OPTIONS));
        assertThat(readFrames()).containsExactly(noLength, OPTIONS);
    }

    @Test
    void answersADoubleCrlfPingWithASingleCrlfPong() {
        write(ascii("\r\n\r\n"));
        assertThat(readOutbound()).containsExactly("\r\n");
        assertThat(readFrames()).isEmpty();
    }

    @Test
    void pingFedByteByByteIsAnsweredOnceComplete() {
        for (char c : "\r\n\r".toCharArray()) {
            write(new byte[] {(byte) c});
            assertThat(readOutbound()).isEmpty();
        }
        write(new byte[] {'\n'});
        assertThat(readOutbound()).containsExactly("\r\n");
    }

    @Test
    void skipsSingleCrlfKeepAlivesBetweenMessagesWithoutAnswering() {
        write(ascii("\r\n" + OPTIONS + "\r\n" + OPTIONS));
        assertThat(readFrames()).containsExactly(OPTIONS, OPTIONS);
        assertThat(readOutbound()).isEmpty();
    }

    @Test
    void pingsBetweenMessagesAreAnsweredAndMessagesStillFramed() {
        write(ascii(OPTIONS + "\r\n\r\n" + OPTIONS + "\r\n\r\n\r\n\r\n"));
        assertThat(readFrames()).containsExactly(OPTIONS, OPTIONS);
        assertThat(readOutbound()).containsExactly("\r\n", "\r\n", "\r\n");
    }

    @Test
    void garbageWithAnEmptyLineIsFramedForTheParserToRefuse() {
        write(ascii("hello there\r\n\r\n"));
        assertThat(readFrames()).containsExactly("hello there\r\n\r\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void endlessGarbageLosesFramingWithoutAnAnswer() {
        write(new byte[1_500]);
        MalformedSipMessage malformed = channel.readInbound();
        assertThat(malformed.reason()).isEqualTo("header section too large");
        assertThat(malformed.errorResponse("Atende")).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void oversizeHeaderSectionOfARequestIsAnsweredThenTheChannelClosed() {
        String huge = OPTIONS.replace("Content-Length: 0\r\n", "X-Filler: " + "x".repeat(1_100) + "\r\n");
        write(ascii(huge));
        MalformedSipMessage malformed = channel.readInbound();
        assertThat(malformed.status()).isEqualTo(513);
        assertThat(new String(malformed.errorResponse("Atende").orElseThrow(), StandardCharsets.US_ASCII))
                .startsWith("SIP/2.0 513 Message Too Large (header section too large)\r\n")
                .contains("Via: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bK776asdhds\r\n", "Call-ID: a84b4c76e66710@pc33.example.net\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void negativeContentLengthLosesFramingWithA400() {
        write(ascii(OPTIONS.replace("Content-Length: 0", "Content-Length: -5") + OPTIONS));
        MalformedSipMessage malformed = channel.readInbound();
        assertThat(malformed.reason()).isEqualTo("invalid Content-Length");
        assertThat(malformed.errorResponse("Atende")).isPresent();
        Object rest = channel.readInbound();
        assertThat(rest).as("the rest is discarded").isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void conflictingContentLengthsLoseFraming() {
        write(ascii(OPTIONS.replace("Content-Length: 0\r\n", "Content-Length: 13\r\nl: 5\r\n")));
        MalformedSipMessage malformed = channel.readInbound();
        assertThat(malformed.reason()).isEqualTo("conflicting Content-Length");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void bodyLargerThanTheLimitLosesFraming() {
        write(ascii(OPTIONS.replace("Content-Length: 0", "Content-Length: 5000")));
        MalformedSipMessage malformed = channel.readInbound();
        assertThat(malformed.reason()).isEqualTo("message too large");
        assertThat(malformed.status()).isEqualTo(513);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void framedMessagesParse() {
        write(ascii(OPTIONS + MESSAGE_WITH_BODY));
        SipParser parser = new SipParser(1_024);
        for (String frame : readFrames()) {
            assertThat(parser.parse(ascii(frame))).isInstanceOf(ParseOutcome.Parsed.class);
        }
    }

    private void write(byte[] bytes) {
        ByteBuf buf = Unpooled.copiedBuffer(bytes);
        written.add(buf);
        channel.writeInbound(buf);
    }

    private List<String> readFrames() {
        List<String> frames = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            ByteBuf frame = (ByteBuf) message;
            frames.add(frame.toString(StandardCharsets.UTF_8));
            assertThat(frame.release()).as("the frame is the receiver's only reference").isTrue();
        }
        return frames;
    }

    private List<String> readOutbound() {
        List<String> pongs = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf pong = (ByteBuf) message;
            pongs.add(pong.toString(StandardCharsets.US_ASCII));
            pong.release();
        }
        return pongs;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
