package org.atende.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every message of RFC 4475 against the outcome the README table of the corpus expects at a UAS. */
class Rfc4475ConformanceTest {

    private static final Set<String> ALLOWED = Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "INFO", "UPDATE");

    private sealed interface Expected permits Parse, Reject, Drop {
    }

    /** Parsed; {@code checkStatus} is what {@link UasRequestChecks} answers (0: goes on to processing). */
    private record Parse(int checkStatus) implements Expected {
    }

    /**
     * Malformed request answered with {@code status}; the reason names the problem. {@code echoesBadField}:
     * the request's broken or missing field is one the error response must copy, so the error response
     * is itself not a well-formed response.
     */
    private record Reject(int status, String reasonFragment, boolean echoesBadField) implements Expected {
    }

    /** Malformed response: dropped without an answer. */
    private record Drop(String reasonFragment) implements Expected {
    }

    private static final Map<String, Expected> TABLE = Map.ofEntries(
            Map.entry("wsinv.dat", new Parse(0)),
            Map.entry("intmeth.dat", new Parse(501)),
            Map.entry("esc01.dat", new Parse(0)),
            Map.entry("escnull.dat", new Parse(0)),
            Map.entry("esc02.dat", new Parse(501)),
            Map.entry("lwsdisp.dat", new Parse(0)),
            Map.entry("longreq.dat", new Parse(0)),
            Map.entry("dblreq.dat", new Parse(0)),
            Map.entry("semiuri.dat", new Parse(0)),
            Map.entry("transports.dat", new Parse(0)),
            Map.entry("mpart01.dat", new Parse(501)), // MESSAGE is not among the allowed methods
            Map.entry("unreason.dat", new Parse(0)),
            Map.entry("noreason.dat", new Parse(0)),
            Map.entry("badinv01.dat", new Reject(400, "empty parameter in Via", true)),
            Map.entry("clerr.dat", new Reject(400, "Content-Length larger than body", false)),
            Map.entry("ncl.dat", new Reject(400, "invalid Content-Length", false)),
            Map.entry("scalar02.dat", new Reject(400, "CSeq number out of range", true)),
            Map.entry("scalarlg.dat", new Drop("CSeq number out of range")),
            Map.entry("quotbal.dat", new Reject(400, "unterminated quoted string", true)),
            Map.entry("ltgtruri.dat", new Reject(400, "Request-URI enclosed in angle brackets", false)),
            Map.entry("lwsruri.dat", new Reject(400, "extra whitespace in request line", false)),
            Map.entry("lwsstart.dat", new Reject(400, "extra whitespace in request line", false)),
            Map.entry("trws.dat", new Reject(400, "extra whitespace in request line", false)),
            Map.entry("escruri.dat", new Reject(400, "headers in Request-URI", false)),
            Map.entry("baddate.dat", new Reject(400, "invalid Date", false)),
            Map.entry("regbadct.dat", new Reject(400, "not enclosed in angle brackets in Contact", false)),
            Map.entry("badaspec.dat", new Reject(400, "whitespace inside angle brackets in To", true)),
            Map.entry("baddn.dat", new Reject(400, "invalid display name in From", true)),
            Map.entry("badvers.dat", new Reject(505, "SIP version not supported", false)),
            Map.entry("mismatch01.dat", new Reject(400, "CSeq method does not match", false)),
            Map.entry("mismatch02.dat", new Reject(400, "CSeq method does not match", false)),
            Map.entry("bigcode.dat", new Drop("invalid status code")),
            Map.entry("badbranch.dat", new Parse(0)),
            Map.entry("insuf.dat", new Reject(400, "missing To, From, Call-ID", true)),
            Map.entry("unkscm.dat", new Parse(416)),
            Map.entry("novelsc.dat", new Parse(416)),
            Map.entry("unksm2.dat", new Parse(0)),
            Map.entry("bext01.dat", new Parse(420)),
            Map.entry("invut.dat", new Parse(415)),
            Map.entry("regaut01.dat", new Parse(0)), // the registrar challenges it; no pre-check refuses it
            Map.entry("multi01.dat", new Reject(400, "duplicate CSeq", false)),
            Map.entry("mcl01.dat", new Reject(400, "duplicate Content-Length", false)),
            Map.entry("bcast.dat", new Drop("more than one Via")),
            Map.entry("zeromf.dat", new Parse(0)),
            Map.entry("cparam01.dat", new Parse(0)),
            Map.entry("cparam02.dat", new Parse(0)),
            Map.entry("regescrt.dat", new Reject(400, "headers in REGISTER Contact URI", false)),
            Map.entry("sdp01.dat", new Parse(406)),
            Map.entry("inv2543.dat", new Parse(0)));

    private static Path folder;
    private final SipParser parser = new SipParser(65_535);
    private final UasRequestChecks checks = new UasRequestChecks(ALLOWED, Set.of("path", "outbound", "replaces"));

    @BeforeAll
    static void locateCorpus() {
        folder = Rfc4475Corpus.folder().orElse(null);
    }

    /** Without the corpus each test fails (CI) or is skipped, saying why: never a silent pass with no tests. */
    @BeforeEach
    void requireCorpus() {
        org.atende.testing.Prerequisite.require(folder != null, Rfc4475Corpus.missingMessage());
    }

    @Test
    void tableCoversExactlyTheFilesOfTheCorpus() {
        Set<String> files = Rfc4475Corpus.files(folder).stream()
                .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(files).hasSize(49).isEqualTo(new TreeSet<>(TABLE.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyTortureMessageHasItsExpectedOutcome() {
        return Rfc4475Corpus.files(folder).stream().map(file -> DynamicTest.dynamicTest(
                file.getFileName().toString(), () -> verify(file.getFileName().toString(), Rfc4475Corpus.read(file))));
    }

    private void verify(String name, byte[] data) {
        Expected expected = TABLE.get(name);
        assertThat(expected).as("%s has no row in the table", name).isNotNull();
        ParseOutcome outcome = parser.parse(data, 0, data.length);
        if (expected instanceof Parse parse) {
            verifyParsed(name, outcome, parse);
        } else if (expected instanceof Reject reject) {
            verifyRejected(name, outcome, reject);
        } else if (expected instanceof Drop drop) {
            assertThat(outcome).as("%s: a malformed response", name).isInstanceOf(MalformedSipMessage.class);
            MalformedSipMessage malformed = (MalformedSipMessage) outcome;
            assertThat(malformed.reason()).as("%s: reason", name).contains(drop.reasonFragment());
            assertThat(malformed.request()).as("%s: not a request", name).isFalse();
            assertThat(malformed.errorResponse("Atende")).as("%s: dropped, not answered", name).isEmpty();
        }
    }

    private void verifyParsed(String name, ParseOutcome outcome, Parse parse) {
        assertThat(outcome).as("%s: parses (%s)", name, outcome).isInstanceOf(ParseOutcome.Parsed.class);
        var message = ((ParseOutcome.Parsed) outcome).message();
        if (message instanceof SIPRequest request) {
            Optional<SIPResponse> answer = checks.check(request);
            assertThat(answer.map(SIPResponse::getStatusCode).orElse(0))
                    .as("%s: UAS check answer", name).isEqualTo(parse.checkStatus());
        } else {
            assertThat(parse.checkStatus()).as("%s: responses get no check", name).isZero();
        }
    }

    private void verifyRejected(String name, ParseOutcome outcome, Reject reject) {
        assertThat(outcome).as("%s: rejected", name).isInstanceOf(MalformedSipMessage.class);
        MalformedSipMessage malformed = (MalformedSipMessage) outcome;
        assertThat(malformed.reason()).as("%s: reason", name).contains(reject.reasonFragment());
        assertThat(malformed.request()).as("%s: a request", name).isTrue();
        assertThat(malformed.status()).as("%s: status", name).isEqualTo(reject.status());
        Optional<byte[]> response = malformed.errorResponse("Atende");
        assertThat(response).as("%s: error response", name).isPresent();
        String text = new String(response.get(), StandardCharsets.UTF_8);
        assertThat(text.lines().findFirst().orElseThrow()).as("%s: status line", name)
                .startsWith("SIP/2.0 " + reject.status() + " ")
                .contains(reject.reasonFragment());
        ParseOutcome reparsed = parser.parse(response.get());
        if (reject.echoesBadField()) {
            assertThat(reparsed).as("%s: error response echoes a broken field: %s", name, text)
                    .isInstanceOfSatisfying(MalformedSipMessage.class, m -> assertThat(m.request()).isFalse());
        } else {
            assertThat(reparsed).as("%s: error response parses: %s", name, text).isInstanceOf(ParseOutcome.Parsed.class);
            SIPResponse parsed = (SIPResponse) ((ParseOutcome.Parsed) reparsed).message();
            assertThat(parsed.getStatusCode()).isEqualTo(reject.status());
            assertThat(parsed.getToTag()).as("%s: To tag added", name).isNotBlank();
            assertThat(parsed.getContentLength().getContentLength()).isZero();
        }
    }

    /**
     * Every accepted torture message encodes to octets that parse back to the same encoding. intmeth is
     * left out: JAIN-SIP's CSeq encoder upper-cases the extension method, so its re-encoding no longer
     * matches the (case-sensitive) request-line method.
     */
    @TestFactory
    Stream<DynamicTest> acceptedTortureMessagesSurviveEncodeAndParse() {
        return Rfc4475Corpus.files(folder).stream()
                .filter(file -> TABLE.get(file.getFileName().toString()) instanceof Parse)
                .filter(file -> !file.getFileName().toString().equals("intmeth.dat"))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    var original = ((ParseOutcome.Parsed) parser.parse(Rfc4475Corpus.read(file))).message();
                    byte[] wire = SipMessages.encode(original);
                    ParseOutcome again = parser.parse(wire);
                    assertThat(again).as("%s re-encoded: %s", file.getFileName(), new String(wire, StandardCharsets.UTF_8))
                            .isInstanceOf(ParseOutcome.Parsed.class);
                    assertThat(SipMessages.encode(((ParseOutcome.Parsed) again).message())).isEqualTo(wire);
                }));
    }

    @Test
    void oneParserServesSeveralThreadsAtOnce() throws Exception {
        List<byte[]> corpus = Rfc4475Corpus.files(folder).stream().map(Rfc4475Corpus::read).toList();
        List<String> expected = corpus.stream().map(this::describe).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> seen = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        seen = corpus.stream().map(this::describe).toList();
                    }
                    return seen;
                }));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String describe(byte[] data) {
        ParseOutcome outcome = parser.parse(data);
        return outcome instanceof ParseOutcome.Parsed parsed
                ? new String(SipMessages.encode(parsed.message()), StandardCharsets.UTF_8)
                : outcome.toString();
    }

    @Test
    void errorResponsesCopyEveryViaInOrder() {
        byte[] data = Rfc4475Corpus.read(folder.resolve("mismatch01.dat"));
        MalformedSipMessage malformed = (MalformedSipMessage) parser.parse(data);
        String response = new String(malformed.errorResponse("Atende/1.0").orElseThrow(), StandardCharsets.US_ASCII);
        assertThat(response).isEqualTo("SIP/2.0 400 Bad Request (CSeq method does not match request method)\r\n"
                + "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw\r\n"
                + "From: sip:caller@example.net;tag=34525\r\n"
                + "To: sip:j.user@example.com;tag=" + toTag(response) + "\r\n"
                + "Call-ID: mismatch01.dj0234sxdfl3\r\n"
                + "CSeq: 8 INVITE\r\n"
                + "Server: Atende/1.0\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    private static String toTag(String response) {
        List<String> lines = response.lines().filter(l -> l.startsWith("To:")).toList();
        return lines.get(0).substring(lines.get(0).indexOf(";tag=") + 5);
    }
}
