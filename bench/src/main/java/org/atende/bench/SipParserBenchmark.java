package org.atende.bench;

import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.atende.sip.message.ParseOutcome;
import org.atende.sip.message.SipParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of turning one datagram into a validated message: Atende's parser (strict pre-scan, JAIN-SIP parse,
 * post-parse checks) against JAIN-SIP's StringMsgParser alone, for a typical INVITE with SDP and a REGISTER
 * with digest credentials.
 *
 * <pre>java -jar bench/target/benchmarks.jar SipParserBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SipParserBenchmark {

    static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n";

    static final byte[] INVITE = ("INVITE sip:1003@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5091;branch=z9hG4bK-524287-1---b5b8f1c2d1a9;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "Contact: <sip:1002@127.0.0.1:5091;transport=UDP>\r\n"
            + "To: <sip:1003@127.0.0.1>\r\n"
            + "From: \"Demo 1002\" <sip:1002@127.0.0.1>;tag=9fxced76sl\r\n"
            + "Call-ID: 3848276298220188511@127.0.0.1\r\n"
            + "CSeq: 2 INVITE\r\n"
            + "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE\r\n"
            + "Supported: replaces, timer\r\n"
            + "User-Agent: baresip v1.0.0 (x86_64/linux)\r\n"
            + "Proxy-Authorization: Digest username=\"1002\",realm=\"127.0.0.1\",nonce=\"AAABjX2w3ZqSx1y9kLmNoPqRsTuVwXyZ\","
            + "uri=\"sip:1003@127.0.0.1\",response=\"6629fae49393a05397450978507c4ef1\",algorithm=MD5,"
            + "cnonce=\"0a4f113b\",qop=auth,nc=00000001\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n"
            + SDP).getBytes(StandardCharsets.UTF_8);

    static final byte[] REGISTER = ("REGISTER sip:127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK-1-2-3;rport\r\n"
            + "From: <sip:1002@127.0.0.1>;tag=8911SIPpTag001\r\n"
            + "To: <sip:1002@127.0.0.1>\r\n"
            + "Call-ID: 1-8911@127.0.0.1\r\n"
            + "CSeq: 2 REGISTER\r\n"
            + "Contact: <sip:1002@127.0.0.1:5090;transport=UDP>\r\n"
            + "Expires: 300\r\n"
            + "Max-Forwards: 70\r\n"
            + "User-Agent: sipp-register\r\n"
            + "Authorization: Digest username=\"1002\",realm=\"127.0.0.1\",cnonce=\"6b8b4567\",nc=00000001,qop=auth,"
            + "uri=\"sip:127.0.0.1:5060\",nonce=\"AAABjX2w3ZqSx1y9kLmNoPqRsTuVwXyZ\",response=\"0123456789abcdef0123456789abcdef\","
            + "algorithm=MD5\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);

    private final SipParser atende = new SipParser(65535);

    /** Both inputs must parse, or the figures measure the error path. */
    @org.openjdk.jmh.annotations.Setup
    public void checkInputsParse() {
        for (byte[] message : new byte[][] {INVITE, REGISTER}) {
            if (!(atende.parse(message, 0, message.length) instanceof ParseOutcome.Parsed)) {
                throw new IllegalStateException("benchmark input does not parse: " + atende.parse(message, 0, message.length));
            }
        }
    }

    @Benchmark
    public ParseOutcome atendeInvite() {
        return atende.parse(INVITE, 0, INVITE.length);
    }

    @Benchmark
    public Object jainSipInvite() throws Exception {
        return new StringMsgParser().parseSIPMessage(INVITE, true, false, null);
    }

    @Benchmark
    public ParseOutcome atendeRegister() {
        return atende.parse(REGISTER, 0, REGISTER.length);
    }

    @Benchmark
    public Object jainSipRegister() throws Exception {
        return new StringMsgParser().parseSIPMessage(REGISTER, true, false, null);
    }
}
