package org.atende.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RawCallIdTest {

    private static final String START = "REGISTER sip:example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
            + "Call-Info: <http://example.com/a>\r\n";

    private static String find(String message) {
        byte[] bytes = ("xx" + message).getBytes(StandardCharsets.UTF_8);
        return RawCallId.find(bytes, 2, bytes.length - 2);
    }

    @Test
    void findsTheLongAndCompactFormsInAnyCaseAndTrimsTheValue() {
        assertThat(find(START + "Call-ID: abc@host\r\nCSeq: 1 REGISTER\r\n\r\n")).isEqualTo("abc@host");
        assertThat(find(START + "cALL-iD \t:  abc@host  \r\n\r\n")).isEqualTo("abc@host");
        assertThat(find(START + "i:abc\r\n\r\n")).isEqualTo("abc");
        assertThat(find(START + "I : abc\n\n")).as("bare LF line ends").isEqualTo("abc");
    }

    @Test
    void answersNullWhenUnsureAndLeavesItToTheParser() {
        assertThat(find(START + "CSeq: 1 REGISTER\r\n\r\nCall-ID: in-the-body\r\n")).as("after the empty line").isNull();
        assertThat(find(START + "Call-ID: abc\r\n def\r\n\r\n")).as("folded").isNull();
        assertThat(find(START + "If-Match: x\r\nCall-ID:\r\n\r\n")).as("empty value").isNull();
        assertThat(find("")).isNull();
        assertThat(find("garbage without line ends")).isNull();
    }

    @Property(tries = 200)
    void agreesWithTheParser(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String id,
                             @ForAll boolean compact, @ForAll boolean lowerCase) {
        String name = compact ? "i" : lowerCase ? "call-id" : "Call-ID";
        String message = "OPTIONS sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-2\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n"
                + name + ": " + id + "@host\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ParseOutcome parsed = new SipParser(65535).parse(bytes);

        assertThat(parsed).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(RawCallId.find(bytes, 0, bytes.length))
                .isEqualTo(((ParseOutcome.Parsed) parsed).message().getCallId().getCallId());
    }
}
